import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type CallToolRequest,
  CallToolRequestSchema,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";

/** What a tools/call handler receives besides the request (the SDK's own type). */
export type ToolCallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A server's tools/call handler, as written: the request in, the result out. */
export type ToolCallHandler = (
  request: CallToolRequest,
  extra: ToolCallExtra,
) => Promise<CallToolResult>;

const handlers = new WeakMap<Server, ToolCallHandler>();

/**
 * Installs `handler` as the server's tools/call handler and remembers it, so a host in the same
 * process (the gateway) can call it directly (`directToolCalls`) instead of sending JSON-RPC
 * over an in-memory transport. Both paths run the same handler.
 */
export function setToolCallHandler(server: Server, handler: ToolCallHandler): void {
  server.setRequestHandler(CallToolRequestSchema, handler);
  handlers.set(server, handler);
}

/**
 * The tools/call handler installed with `setToolCallHandler`, or undefined. Called directly it
 * skips the SDK's JSON-RPC dispatch and its schema checks of a request the caller built itself
 * and of the result (the SDK's Server checks both on every call); the caller supplies `extra`.
 */
export function directToolCalls(server: Server): ToolCallHandler | undefined {
  return handlers.get(server);
}
