import { McpError } from "@modelcontextprotocol/sdk/types.js";

const PREFIX = /^MCP error -?\d+: /;

/**
 * The SDK's McpError puts "MCP error <code>: " in front of its message, sends that message on
 * the wire, and the receiving SDK adds the prefix again: each hop through a proxy added one
 * more. This takes every such prefix off, so a message is said exactly once.
 */
export function withoutMcpPrefix(message: string): string {
  let plain = message;
  while (PREFIX.test(plain)) plain = plain.replace(PREFIX, "");
  return plain;
}

/**
 * A JSON-RPC error to throw from a request handler: an McpError (code, data) whose message is
 * sent as given, without the SDK's prefix, so the client's own prefix is the only one.
 */
export class ProtocolError extends McpError {
  constructor(code: number, message: string, data?: unknown) {
    super(code, message, data);
    this.message = withoutMcpPrefix(message);
  }

  /** An McpError from a downstream, passed on with its code and data, its message said once. */
  static from(error: McpError): ProtocolError {
    return error instanceof ProtocolError
      ? error
      : new ProtocolError(error.code, error.message, error.data);
  }
}

/** An outgoing message with any error message freed of SDK prefixes (transports call it). */
export function plainErrorMessage<T>(message: T): T {
  const error = (message as { error?: { message?: unknown } }).error;
  if (typeof error?.message !== "string" || !PREFIX.test(error.message)) return message;
  return { ...message, error: { ...error, message: withoutMcpPrefix(error.message) } };
}
