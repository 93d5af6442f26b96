import type { ToolCallExtra, ToolCallHandler } from "@agent-mesh/core";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type CallToolResult,
  ErrorCode,
  McpError,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";

/** The SDK's default request timeout, used the same way when a call sets none. */
const DEFAULT_TIMEOUT_MS = 60_000;

export interface ToolCallParams {
  name: string;
  arguments?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

/**
 * Calls tools of an in-process MCP Server (a first-party platform, the mesh's own tools) by
 * running its tools/call handler directly: no JSON-RPC message, no transport, no schema checks
 * of a request the gateway built or of a result built in this process. Everything a caller can
 * observe stays as over the in-memory link:
 * - progress the handler reports reaches `onprogress` synchronously, in order, before the result;
 * - the caller's signal and the timeout abort the handler's signal and reject at once, with the
 *   errors the SDK's client gives (the reason, or RequestTimeout carrying `{ timeout }`);
 * - a handler's error arrives as the McpError the client would build from its JSON-RPC error;
 * - its other notifications and its requests (elicitation, sampling) still cross the link, so
 *   they are routed to the caller exactly as before (by the call id echoed in `_meta`).
 */
export class DirectToolCalls {
  private nextId = 0;
  private readonly running = new Set<(reason: McpError) => void>();

  constructor(
    private readonly server: Server,
    private readonly handler: ToolCallHandler,
  ) {}

  call(params: ToolCallParams, options: RequestOptions = {}): Promise<CallToolResult> {
    const { signal, onprogress } = options;
    signal?.throwIfAborted();
    const id = `direct-${++this.nextId}`;
    const meta = onprogress ? { ...params._meta, progressToken: id } : params._meta;
    const controller = new AbortController();
    return new Promise<CallToolResult>((resolve, reject) => {
      let done = false;
      const finish = () => {
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.running.delete(cancel);
      };
      const cancel = (reason: unknown) => {
        if (done) return;
        finish();
        controller.abort(reason);
        reject(
          reason instanceof McpError
            ? reason
            : new McpError(ErrorCode.RequestTimeout, String(reason)),
        );
      };
      const onAbort = () => cancel(signal?.reason);
      const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
      const timer = setTimeout(
        () => cancel(new McpError(ErrorCode.RequestTimeout, "Request timed out", { timeout })),
        timeout,
      );
      signal?.addEventListener("abort", onAbort, { once: true });
      this.running.add(cancel);

      const extra: ToolCallExtra = {
        signal: controller.signal,
        requestId: id,
        _meta: meta,
        sendNotification: async (notification: ServerNotification) => {
          if (controller.signal.aborted) return;
          if (notification.method === "notifications/progress") {
            if (!onprogress || done) return;
            const { progressToken: _token, ...progress } = notification.params;
            onprogress(progress as Parameters<typeof onprogress>[0]);
            return;
          }
          await this.server.notification(notification);
        },
        sendRequest: async (request: ServerRequest, schema, requestOptions) => {
          if (controller.signal.aborted) {
            throw new McpError(ErrorCode.ConnectionClosed, "Request was cancelled");
          }
          return this.server.request(request, schema, requestOptions);
        },
      };
      const request = {
        method: "tools/call" as const,
        params: { ...params, ...(meta ? { _meta: meta } : {}) },
      };
      this.handler(request as Parameters<ToolCallHandler>[0], extra).then(
        (result) => {
          if (done) return;
          finish();
          resolve(result);
        },
        (err: unknown) => {
          if (done) return;
          finish();
          reject(asReceived(err));
        },
      );
    });
  }

  /** Ends every call under way as the SDK's client does when its connection closes. */
  closeAll(): void {
    for (const cancel of [...this.running]) {
      cancel(new McpError(ErrorCode.ConnectionClosed, "Connection closed"));
    }
  }
}

/** A handler's error as the client receives it: the JSON-RPC error the server would send. */
function asReceived(err: unknown): McpError {
  const error = (err ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  const code = Number.isSafeInteger(error.code) ? (error.code as number) : ErrorCode.InternalError;
  const message = typeof error.message === "string" ? error.message : "Internal error";
  return new McpError(code, message, error.data);
}
