import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { isMessage } from "./http/json-rpc.js";

/**
 * Splits a stdio byte stream into JSON-RPC messages, one per line. Like the SDK's ReadBuffer,
 * but with a structural check instead of a zod parse per message (the receiving server or client
 * validates each request and result anyway), and a line that is not JSON-RPC is reported and
 * skipped instead of ending the stream.
 */
export class JsonLines {
  private pending: Buffer | undefined;

  constructor(
    private readonly onMessage: (message: JSONRPCMessage) => void,
    private readonly onBadLine: (error: Error) => void,
    private readonly maxBytes = 10 * 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    let buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    let newline = buffer.indexOf(10);
    while (newline !== -1) {
      const line = buffer.toString("utf8", 0, newline).replace(/\r$/, "");
      buffer = buffer.subarray(newline + 1);
      if (line.trim()) this.parse(line);
      newline = buffer.indexOf(10);
    }
    if (buffer.length > this.maxBytes) {
      this.onBadLine(new Error(`a message is longer than ${this.maxBytes} bytes; dropped`));
      buffer = Buffer.alloc(0);
    }
    this.pending = buffer.length > 0 ? buffer : undefined;
  }

  private parse(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.onBadLine(new Error(`not JSON: ${line.slice(0, 200)}`));
      return;
    }
    if (isMessage(value)) this.onMessage(value);
    else this.onBadLine(new Error(`not a JSON-RPC 2.0 message: ${line.slice(0, 200)}`));
  }
}

export function serializeLine(message: JSONRPCMessage): string {
  return `${JSON.stringify(message)}\n`;
}
