import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";

/**
 * Structural checks on the hot path. The SDK's own guards run a zod parse per message; the
 * server validates each request's params against its schema anyway, so shape is enough here.
 */
export function isMessage(value: unknown): value is JSONRPCMessage {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== "2.0") return false;
  if (typeof message.method === "string") return message.id === undefined || isId(message.id);
  return isId(message.id) && ("result" in message || "error" in message);
}

export function isRequest(
  message: JSONRPCMessage,
): message is JSONRPCMessage & { id: RequestId; method: string } {
  return "method" in message && "id" in message && message.id !== undefined;
}

export function isResponse(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId } {
  return !("method" in message) && "id" in message;
}

function isId(id: unknown): id is RequestId {
  return typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
}

export function rpcError(code: number, message: string, id: RequestId | null = null): string {
  return JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id });
}
