import type { Caller } from "@agent-mesh/core";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Routed } from "../catalog/catalog.js";
import type { Usage } from "../costs/meters.js";
import type { Downstream } from "../downstream/downstream.js";
import type { PolicyDecision } from "../policy/decision.js";

export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

/** A request a downstream sends back to the client during a call: elicitation or sampling. */
export interface ClientRequest {
  method: string;
  params?: Record<string, unknown>;
}

/** How a caller answers the requests its calls cause downstream. */
export interface ClientRequests {
  supports(method: string, params?: Record<string, unknown>): boolean;
  send(request: ClientRequest): Promise<Record<string, unknown>>;
}

/** One tool call, as any caller makes it: an MCP session, search mode, the CLI, a workflow. */
export interface CallRequest {
  caller: Caller;
  /** The tool's name as the mesh exposes it. */
  name: string;
  arguments?: Record<string, unknown>;
  /** The request's `_meta`, forwarded downstream; the gateway relays progress itself. */
  meta?: Record<string, unknown>;
  signal?: AbortSignal;
  /** The MCP session and JSON-RPC request it came in (traces name them). */
  sessionId?: string;
  requestId?: string | number;
  /** Progress reported downstream, in order, all of it before the result. */
  onProgress?: (progress: Progress) => void | Promise<void>;
  /** Answers elicitation and sampling the call causes; absent when the caller cannot. */
  clientRequests?: ClientRequests;
  /**
   * The person's yes to a destructive tool was given beforehand: a workflow step with
   * `confirm: auto` (mesh.yaml is the operator's consent). Policy's `approval: required` still
   * asks.
   */
  consented?: boolean;
}

/** What every stage of the pipeline sees and may refine. */
export interface CallContext {
  /** Unique per call; downstreams that echo it route their elicitation back to this call. */
  readonly id: string;
  readonly request: CallRequest;
  readonly caller: Caller;
  /** The exposed name. */
  readonly name: string;
  arguments: Record<string, unknown>;
  readonly entry: Routed<Tool>;
  readonly downstream: Downstream;
  /** Aborted when the caller cancels. */
  signal: AbortSignal;
  /** Longest the call may run; set by the timeout stage. */
  timeoutMs: number;
  readonly startedAt: number;
  /** What the policy stage decided (rule, approval, violations); absent without a policy. */
  policy?: PolicyDecision;
  /** The approval that let this call run (set by the approval stage). */
  approval?: AppliedApproval;
  /** What the gateway adds to the downstream request's `_meta` (the trace's `traceparent`). */
  downstreamMeta?: Record<string, string>;
  /** What the call used, as its platform reported it (set by the meter stage, audited). */
  usage?: Usage[];
}

/** How a call that needed a person's yes got it. */
export interface AppliedApproval {
  /** elicitation: the user accepted in the client; operator: `agent-mesh approvals approve`. */
  via: "elicitation" | "operator" | "waived";
  id?: string;
  /** Who approved (operator approvals). */
  by?: string;
}

export type Next = () => Promise<CallToolResult>;

/** One step around every call: acts before and after `next()`, or answers without calling it. */
export type Stage = (ctx: CallContext, next: Next) => Promise<CallToolResult>;
