import { type ErrorCode, PlatformError } from "@agent-mesh/core";

/** One message of the engine's JSON-lines progress stream (build, push). */
export interface StreamMessage {
  stream?: string;
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  aux?: { ID?: string; Tag?: string; Digest?: string; Size?: number };
  error?: string;
  errorDetail?: { message?: string; code?: number };
}

/**
 * Reads a progress stream to its end, calling `onMessage` for each message. An `errorDetail`
 * (the engine's way of failing after the 200 status) ends it with that message. Aborting the
 * signal destroys the connection, which makes the engine stop the build or push.
 */
export function readStream(
  stream: NodeJS.ReadableStream,
  onMessage: (message: StreamMessage) => void,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    let failed: string | undefined;
    const handle = (line: string) => {
      if (line.trim() === "") return;
      let message: StreamMessage;
      try {
        message = JSON.parse(line) as StreamMessage;
      } catch {
        return; // not JSON: the engine never sends that, a proxy might; skip it
      }
      if (message.errorDetail || message.error) {
        failed ??= (message.errorDetail?.message ?? message.error ?? "unknown error").trim();
        return;
      }
      onMessage(message);
    };
    const onAbort = () => {
      (stream as NodeJS.ReadableStream & { destroy?: (e?: Error) => void }).destroy?.();
      reject(signal.reason ?? new Error("aborted"));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) handle(line);
    });
    stream.on("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      reject(error);
    });
    stream.on("end", () => {
      signal.removeEventListener("abort", onAbort);
      handle(buffer);
      if (failed !== undefined) reject(new StreamFailure(failed));
      else resolve();
    });
  });
}

/** A failure the engine reported inside a progress stream. */
export class StreamFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StreamFailure";
  }
}

/** What a registry's refusal during a push means, from the engine's message. */
export function pushFailureCode(message: string): ErrorCode {
  const text = message.toLowerCase();
  if (/unauthorized|authentication required|no basic auth credentials/.test(text)) {
    return "authentication_error";
  }
  if (/denied|forbidden/.test(text)) return "permission_denied";
  if (/toomanyrequests|too many requests|rate limit/.test(text)) return "rate_limited";
  if (/does not exist|no such image|not found|unknown/.test(text)) return "not_found";
  if (/immutable|already exists/.test(text)) return "conflict";
  return "upstream_unavailable";
}

/** The envelope for a push the registry refused mid-stream. */
export function pushFailure(image: string, failure: StreamFailure): PlatformError {
  const code = pushFailureCode(failure.message);
  const hint =
    code === "authentication_error"
      ? " Log in (docker login writes the Docker config) or set DOCKER_REGISTRY_USERNAME and DOCKER_REGISTRY_PASSWORD."
      : "";
  return new PlatformError(code, `Docker: pushing ${image} failed: ${failure.message}.${hint}`, {
    details: { platform_code: "push_failed" },
  });
}
