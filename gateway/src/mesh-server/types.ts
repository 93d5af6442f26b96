import type { Caller } from "@agent-mesh/core";
import type {
  CallToolResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { MeshConfig } from "../config/schema.js";
import type { ClientRequests, Progress } from "../pipeline/context.js";

/** Who asks, as the pipeline (or the session) vouched for it, and how to stop. */
export interface MeshRequest {
  caller: Caller;
  signal: AbortSignal;
  /** Progress for the call, relayed to its client (present when the client asked for it). */
  onProgress?: (progress: Progress) => Promise<void>;
  /** Elicitation and sampling of the client whose call this is, when it can answer them. */
  clientRequests?: ClientRequests | undefined;
}

/** One of the mesh's own tools: its listing and its handler. */
export interface MeshTool {
  definition: Tool;
  /** How long the gateway lets a call run, when not the gateway's `timeout`. */
  timeoutMs?: number;
  call(args: Record<string, unknown>, request: MeshRequest): Promise<CallToolResult>;
}

export interface MeshPrompt {
  definition: Prompt;
  get(args: Record<string, string>, request: MeshRequest): Promise<GetPromptResult>;
}

export interface MeshResource {
  definition: Resource;
  read(request: MeshRequest): Promise<ReadResourceResult>;
}

export interface MeshResourceTemplate {
  definition: ResourceTemplate;
  /** The resource at `uri`, whose template variables are `variables`; undefined if none. */
  read(
    uri: string,
    variables: Record<string, string | string[]>,
    request: MeshRequest,
  ): Promise<ReadResourceResult | undefined>;
}

/** What one feature serves as part of the `mesh` downstream. */
export interface MeshPart {
  tools?: MeshTool[];
  prompts?: MeshPrompt[];
  resources?: MeshResource[];
  resourceTemplates?: MeshResourceTemplate[];
}

/**
 * A feature's contribution for a config: what it serves under it, or undefined for nothing.
 * `updated(uri)` tells subscribers of one of its resources that it changed.
 */
export type MeshPartSource = (config: MeshConfig) => MeshPart | undefined;
