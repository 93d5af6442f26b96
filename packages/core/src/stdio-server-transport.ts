import type { Readable, Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { RpcErrorResponse } from "./http/json-rpc.js";
import { plainErrorMessage } from "./protocol-error.js";
import { JsonLines, serializeLine } from "./stdio-lines.js";

/** The server side of MCP over stdio: messages are lines on stdin and stdout. */
export class StdioServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly lines = new JsonLines(
    (message) => this.onmessage?.(message),
    (error, answer) => {
      // A request the SDK could not take still gets its one answer (-32700, -32600, -32602).
      if (answer) void this.write(answer);
      this.onerror?.(error);
    },
    undefined,
    { params: true },
  );
  private readonly onData = (chunk: Buffer) => this.lines.push(chunk);
  private readonly onError = (error: Error) => this.onerror?.(error);

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
  ) {}

  async start(): Promise<void> {
    this.input.on("data", this.onData);
    this.input.on("error", this.onError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(plainErrorMessage(message));
  }

  private write(message: JSONRPCMessage | RpcErrorResponse): Promise<void> {
    return new Promise((resolve) => {
      // Respect backpressure: resolve once the line is flushed or buffered below the mark.
      if (this.output.write(serializeLine(message))) resolve();
      else this.output.once("drain", resolve);
    });
  }

  async close(): Promise<void> {
    this.input.off("data", this.onData);
    this.input.off("error", this.onError);
    if (this.input.listenerCount("data") === 0) this.input.pause();
    this.onclose?.();
  }
}
