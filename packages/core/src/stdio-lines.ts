import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import {
  answer,
  INVALID_REQUEST,
  inspectMessage,
  PARSE_ERROR,
  type RpcErrorResponse,
} from "./http/json-rpc.js";

export interface JsonLinesOptions {
  /** Check each request's params against its method, as a server does (default false). */
  params?: boolean;
}

/**
 * Splits a stdio byte stream into JSON-RPC messages, one per line. Like the SDK's ReadBuffer,
 * but with a structural check instead of a zod parse per message, and a line that is not
 * JSON-RPC is reported (with the error response its sender is owed: a server sends it) and
 * skipped instead of ending the stream.
 */
export class JsonLines {
  private pending: Buffer | undefined;
  /** The rest of a line already dropped as too long is skipped up to its newline. */
  private skipping = false;

  constructor(
    private readonly onMessage: (message: JSONRPCMessage) => void,
    private readonly onBadLine: (error: Error, answer?: RpcErrorResponse) => void,
    private readonly maxBytes = 10 * 1024 * 1024,
    private readonly options: JsonLinesOptions = {},
  ) {}

  push(chunk: Buffer): void {
    let buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    let newline = buffer.indexOf(10);
    while (newline !== -1) {
      if (this.skipping) {
        this.skipping = false;
      } else {
        const line = buffer.toString("utf8", 0, newline).replace(/\r$/, "");
        if (line.trim()) this.parse(line);
      }
      buffer = buffer.subarray(newline + 1);
      newline = buffer.indexOf(10);
    }
    if (this.skipping) {
      buffer = Buffer.alloc(0);
    } else if (buffer.length > this.maxBytes) {
      this.onBadLine(
        new Error(`a message is longer than ${this.maxBytes} bytes; dropped`),
        answer(
          null,
          INVALID_REQUEST,
          `Invalid Request: a message is longer than ${this.maxBytes} bytes`,
        ),
      );
      buffer = Buffer.alloc(0);
      this.skipping = true;
    }
    this.pending = buffer.length > 0 ? buffer : undefined;
  }

  private parse(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.onBadLine(
        new Error(`not JSON: ${line.slice(0, 200)}`),
        answer(null, PARSE_ERROR, "Parse error: the line is not valid JSON"),
      );
      return;
    }
    const inspected = inspectMessage(value, this.options);
    if (inspected.ok) this.onMessage(inspected.message);
    else
      this.onBadLine(
        new Error(`not a JSON-RPC 2.0 message (${inspected.reason}): ${line.slice(0, 200)}`),
        inspected.answer,
      );
  }
}

export function serializeLine(message: JSONRPCMessage | RpcErrorResponse): string {
  return `${JSON.stringify(message)}\n`;
}
