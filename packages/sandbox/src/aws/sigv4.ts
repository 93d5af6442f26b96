import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { AwsError } from "./protocol.js";

export interface SignedRequest {
  method: string;
  /** The path as it arrived, still percent-encoded. */
  rawPath: string;
  /** The query string as it arrived, without `?`. */
  rawQuery: string;
  headers: Headers;
  body: Uint8Array;
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60_000;

/**
 * Checks a request's Signature Version 4 the way AWS does: the access key must be known, the
 * signature must match the secret, and the request must be recent. Throws AWS's own errors.
 */
export function verifySigV4(
  request: SignedRequest,
  secretFor: (accessKeyId: string) => string | undefined,
  now = Date.now(),
): void {
  const auth = request.headers.get("authorization");
  if (!auth) {
    throw new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
  }
  const match = AUTH.exec(auth);
  if (!match) {
    throw new AwsError("IncompleteSignatureException", "Authorization header is malformed.");
  }
  const [, keyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  const secret = secretFor(keyId as string);
  if (secret === undefined) {
    throw new AwsError(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  const amzDate = request.headers.get("x-amz-date") ?? "";
  const at = Date.parse(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"),
  );
  if (!Number.isFinite(at) || Math.abs(now - at) > MAX_SKEW_MS) {
    throw new AwsError(
      "InvalidSignatureException",
      `Signature expired: ${amzDate} is now earlier or later than allowed.`,
    );
  }
  const canonical = canonicalRequest(request, (signedHeaders as string).split(";"));
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonical)].join("\n");
  let key: Buffer = hmac(`AWS4${secret}`, date as string);
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part as string);
  const expected = createHmac("sha256", key).update(toSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature as string, "hex"))) {
    throw new AwsError(
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
      403,
    );
  }
}

function canonicalRequest(request: SignedRequest, signedHeaders: string[]): string {
  // Services other than S3 sign each path segment encoded once more than it travels.
  const path = request.rawPath.split("/").map(escapeUri).join("/") || "/";
  const query = request.rawQuery
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const [k = "", v = ""] = pair.split("=");
      return [escapeUri(decode(k)), escapeUri(decode(v))] as const;
    })
    .filter(([k]) => k !== "X-Amz-Signature")
    .sort(([a, x], [b, y]) => (a === b ? compare(x, y) : compare(a, b)))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const headers = signedHeaders
    .map((name) => `${name}:${(request.headers.get(name) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const payload = request.headers.get("x-amz-content-sha256") ?? sha256Hex(request.body);
  return [request.method, path, query, headers, signedHeaders.join(";"), payload].join("\n");
}

function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, "%20"));
  } catch {
    return value;
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sha256Hex = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) =>
  createHmac("sha256", key).update(data).digest();
