import type { Caller } from "@agent-mesh/core";
import type { CallToolResult, LoggingLevel, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Catalog } from "../catalog/catalog.js";
import type { Downstream } from "../downstream/downstream.js";
import type { CallRequest, ClientRequests } from "../pipeline/context.js";
import type { Session } from "./session.js";

/** What a client session's handlers may ask of the mesh: no more, so they cannot reach around it. */
export interface MeshApi {
  readonly catalog: Catalog;
  readonly searchActive: boolean;
  /** The tools this caller sees: every tool it may use, or the search meta-tools. */
  visibleTools(caller: Caller): Tool[];
  /** Whether the policy may let this caller call the tool; search and describe show only those. */
  toolVisible(caller: Caller, name: string): boolean;
  /** Waits (at most `maxMs`) for downstreams still making their first connection. */
  settled(maxMs: number): Promise<void>;
  /** The one entry for every tool call. */
  callTool(request: CallRequest): Promise<CallToolResult>;
  /**
   * Runs a non-tool request (a prompt, a resource read) downstream as `caller`, so its
   * elicitation reaches this caller; `work` puts `meta` in the request's `_meta`.
   */
  during<T>(
    downstream: Downstream,
    caller: Caller,
    answers: ClientRequests,
    work: (meta: Record<string, string>) => Promise<T>,
  ): Promise<T>;
  subscribe(session: Session, uri: string, subscribe: boolean): Promise<void>;
  setLogLevel(session: Session, level: LoggingLevel): Promise<void>;
}
