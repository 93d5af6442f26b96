/** AWS's JSON protocols (awsJson1_0, awsJson1_1, restJson1): the wire shapes the SDKs expect. */

/** An AWS service error, answered with the protocol's error body and `x-amzn-ErrorType`. */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    /** Extra members of the error shape (e.g. Logs' `queryCompileError`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const validation = (message: string) => new AwsError("ValidationException", message);

export function jsonResponse(body: unknown, contentType: string, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": contentType, "x-amzn-requestid": requestId() },
  });
}

/** RPC protocols put the type in `__type`; REST JSON only in the header. */
export function errorResponse(error: AwsError, contentType: string): Response {
  const rpc = contentType.startsWith("application/x-amz-json");
  const body = rpc
    ? { __type: error.type, message: error.message, ...error.extra }
    : { message: error.message, ...error.extra };
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: {
      "content-type": contentType,
      "x-amzn-errortype": error.type,
      "x-amzn-requestid": requestId(),
    },
  });
}

/** Parses a JSON request body, answering like AWS when it is not JSON. */
export function readJson(body: Uint8Array): Record<string, unknown> {
  const text = new TextDecoder().decode(body);
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw new AwsError(
    "SerializationException",
    "Start of structure or map found where not expected.",
  );
}

export function requireString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== "string" || value === "") {
    throw validation(
      `1 validation error detected: Value null at '${lowerFirst(key)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function optionalNumber(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new AwsError("SerializationException", `${key} must be a number`);
  }
  return value;
}

/** AWS timestamps in JSON protocols are epoch seconds, with fractions. */
export const epochSeconds = (ms: number) => ms / 1000;

/** Opaque pagination tokens, as AWS's are. */
export function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64");
}

export function decodeToken(token: unknown, type = "InvalidToken"): number {
  if (token === undefined || token === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), "base64").toString("utf8")) as {
      o?: unknown;
    };
    if (typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0) {
      return parsed.o;
    }
  } catch {
    // answered below
  }
  throw new AwsError(type, "Invalid pagination token");
}

function lowerFirst(value: string): string {
  return value.charAt(0).toLowerCase() + value.slice(1);
}

function requestId(): string {
  return crypto.randomUUID();
}
