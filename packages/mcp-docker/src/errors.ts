import { errorFromStatus, type PlatformError } from "@agent-mesh/core";
import { RegistryError } from "./registry.js";

/** An error dockerode raises for an Engine API status (docker-modem's shape). */
interface EngineError extends Error {
  statusCode: number;
  json?: { message?: string } | unknown;
  reason?: string;
}

function isEngineError(error: unknown): error is EngineError {
  return error instanceof Error && typeof (error as EngineError).statusCode === "number";
}

/**
 * Every failure of the Engine API and of registries, in one place, as the standard envelope.
 * Refused sockets, resets and aborts need nothing here: core maps them (upstream_unavailable,
 * timeout). Failures inside a build or push stream are mapped in stream.ts.
 */
export function mapError(error: unknown): PlatformError | undefined {
  if (error instanceof RegistryError) {
    return errorFromStatus({
      status: error.status,
      headers: error.headers,
      message: `Docker registry: ${error.message}${error.code ? ` (${error.code})` : ""}`,
      platformCode: error.code,
      details: { status: error.status },
      cause: error,
    });
  }
  if (isEngineError(error)) {
    const json = error.json as { message?: string } | undefined;
    const message = typeof json?.message === "string" ? json.message : error.message;
    return errorFromStatus({
      status: error.statusCode,
      message: `Docker engine: ${message.trim()}`,
      platformCode: error.reason,
      details: { status: error.statusCode },
      cause: error,
    });
  }
  return undefined;
}
