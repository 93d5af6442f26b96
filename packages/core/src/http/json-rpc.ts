import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { describeParamsIssue, paramsSchemaFor } from "./request-params.js";

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;

/** An error response we owe the sender of a message the SDK would otherwise drop in silence. */
export interface RpcErrorResponse {
  jsonrpc: "2.0";
  id: RequestId | null;
  error: { code: number; message: string };
}

export type Inspection =
  | { ok: true; message: JSONRPCMessage }
  | { ok: false; reason: string; answer: RpcErrorResponse };

const REQUEST_KEYS = new Set(["jsonrpc", "id", "method", "params"]);
const RESULT_KEYS = new Set(["jsonrpc", "id", "result"]);
const ERROR_KEYS = new Set(["jsonrpc", "id", "error"]);
const RELATED_TASK = "io.modelcontextprotocol/related-task";

/**
 * Checks a parsed message as strictly as the SDK's own guards do (which drop what fails them
 * without a word), but without a zod parse on the hot path. A request the SDK would drop gets
 * its answer here: -32600 for a malformed message, -32602 for params its method cannot take
 * (when `params` is true: a server checking what clients send).
 */
export function inspectMessage(value: unknown, options: { params?: boolean } = {}): Inspection {
  if (!isPlainObject(value)) return invalid(null, "a message must be a JSON object");
  const id = value.id;
  const replyId = isId(id) ? id : null;
  if (value.jsonrpc !== "2.0") return invalid(replyId, 'the "jsonrpc" member must be "2.0"');
  if (id !== undefined && !isId(id)) return invalid(null, "the id must be a string or an integer");
  if ("method" in value) {
    if (typeof value.method !== "string") return invalid(replyId, "the method must be a string");
    const extra = unknownKey(value, REQUEST_KEYS);
    if (extra !== undefined) return invalid(replyId, `unknown member "${extra.slice(0, 40)}"`);
    const params = value.params;
    if (params !== undefined && !isPlainObject(params)) {
      return invalid(replyId, `"params" must be an object, not ${kindOf(params)}`);
    }
    const meta = metaProblem(params?._meta);
    if (meta) return invalid(replyId, meta);
    if (options.params && id !== undefined) {
      const schema = paramsSchemaFor(value.method);
      const checked = schema?.safeParse(value);
      if (checked && !checked.success) {
        return {
          ok: false,
          reason: "invalid params",
          answer: answer(
            replyId,
            INVALID_PARAMS,
            describeParamsIssue(value.method, checked.error, value),
          ),
        };
      }
    }
    return { ok: true, message: value as unknown as JSONRPCMessage };
  }
  if ("result" in value) {
    if (id === undefined) return invalid(null, "a result needs the id of its request");
    const extra = unknownKey(value, RESULT_KEYS);
    if (extra !== undefined) return invalid(replyId, `unknown member "${extra.slice(0, 40)}"`);
    if (!isPlainObject(value.result)) return invalid(replyId, '"result" must be an object');
    const meta = metaProblem(value.result._meta);
    if (meta) return invalid(replyId, meta);
    return { ok: true, message: value as unknown as JSONRPCMessage };
  }
  if ("error" in value) {
    const extra = unknownKey(value, ERROR_KEYS);
    if (extra !== undefined) return invalid(replyId, `unknown member "${extra.slice(0, 40)}"`);
    const error = value.error;
    if (
      !isPlainObject(error) ||
      !Number.isSafeInteger(error.code) ||
      typeof error.message !== "string"
    ) {
      return invalid(replyId, '"error" must be an object with an integer code and a message');
    }
    return { ok: true, message: value as unknown as JSONRPCMessage };
  }
  return invalid(replyId, "a message needs a method, a result or an error");
}

/** Structural check only: true when the SDK will accept the message. */
export function isMessage(value: unknown): value is JSONRPCMessage {
  return inspectMessage(value).ok;
}

export function isRequest(
  message: JSONRPCMessage,
): message is JSONRPCMessage & { id: RequestId; method: string } {
  return "method" in message && "id" in message && message.id !== undefined;
}

export function isResponse(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId } {
  return !("method" in message) && "id" in message;
}

export function answer(id: RequestId | null, code: number, message: string): RpcErrorResponse {
  return { jsonrpc: "2.0", id, error: { code, message } };
}

export function rpcError(code: number, message: string, id: RequestId | null = null): string {
  return JSON.stringify(answer(id, code, message));
}

function invalid(id: RequestId | null, reason: string): Inspection {
  return { ok: false, reason, answer: answer(id, INVALID_REQUEST, `Invalid Request: ${reason}`) };
}

function metaProblem(meta: unknown): string | undefined {
  if (meta === undefined) return undefined;
  if (!isPlainObject(meta)) return '"_meta" must be an object';
  const token = meta.progressToken;
  if (token !== undefined && typeof token !== "string" && !Number.isSafeInteger(token)) {
    return '"_meta.progressToken" must be a string or an integer';
  }
  const related = meta[RELATED_TASK];
  if (related !== undefined && !(isPlainObject(related) && typeof related.taskId === "string")) {
    return `"_meta.${RELATED_TASK}" must be an object with a string taskId`;
  }
  return undefined;
}

function unknownKey(value: Record<string, unknown>, allowed: Set<string>): string | undefined {
  for (const key in value) if (!allowed.has(key)) return key;
  return undefined;
}

function isId(id: unknown): id is RequestId {
  return typeof id === "string" || Number.isSafeInteger(id);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "an array", "null", "a string": how a sentence names what was sent. */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" || type === "undefined" ? type : `a ${type}`;
}
