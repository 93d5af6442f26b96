import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  ErrorCode,
  McpError,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { WATCHED_URI } from "./resources.ts";

/** How often the watched resource changes while it has a subscriber. */
const CHANGE_EVERY_MS = 250;

/**
 * resources/subscribe and resources/unsubscribe: while the watched resource is subscribed it
 * changes every CHANGE_EVERY_MS and each change is sent as notifications/resources/updated;
 * unsubscribing stops the changes and the notifications.
 */
export class WatchedResource {
  private version = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly server: McpServer;

  constructor(server: McpServer) {
    this.server = server;
  }

  current(): number {
    return this.version;
  }

  register(): void {
    const low = this.server.server;
    low.setRequestHandler(SubscribeRequestSchema, (request) => {
      this.check(request.params.uri);
      this.timer ??= setInterval(() => this.change(), CHANGE_EVERY_MS).unref();
      return {};
    });
    low.setRequestHandler(UnsubscribeRequestSchema, (request) => {
      this.check(request.params.uri);
      this.stop();
      return {};
    });
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private change(): void {
    this.version += 1;
    this.server.server.sendResourceUpdated({ uri: WATCHED_URI }).catch(() => this.stop()); // the client is gone: nobody to tell
  }

  private check(uri: string): void {
    if (uri !== WATCHED_URI) {
      throw new McpError(ErrorCode.InvalidParams, `Only ${WATCHED_URI} can be subscribed to`);
    }
  }
}
