import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type {
  Prompt,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { ToolRules } from "../config/schema.js";

/** platform: a first-party platform in-process; mesh: the gateway's own tools; else third-party. */
export type DownstreamKind = "platform" | "mesh" | "stdio" | "http";

/** Third-party servers (mesh.yaml's `servers:`): pinned, prefixed on collision, maybe untrusted. */
export function isThirdParty(kind: DownstreamKind): boolean {
  return kind === "stdio" || kind === "http";
}

/**
 * starting: first connection under way; ready: serving; restarting: lost and waiting to
 * reconnect; down: could not connect, retrying; stopped: removed or shut down.
 */
export type DownstreamState = "starting" | "ready" | "restarting" | "down" | "stopped";

/** Everything the gateway needs to run one downstream; built from mesh.yaml or the defaults. */
export interface DownstreamSpec {
  name: string;
  kind: DownstreamKind;
  /** Opens a fresh transport (spawns the process, links the in-process server, ...). */
  connect(onStderr: (line: string) => void): Promise<Transport>;
  /** Equal fingerprints mean a reload can keep the running downstream. */
  fingerprint: string;
  timeoutMs: number;
  toolTimeoutsMs: Record<string, number>;
  startupTimeoutMs: number;
  healthIntervalMs: number;
  restartDelayMs: number;
  restartMaxDelayMs: number;
  rules: ToolRules;
  /** First-party tools are never prefixed; third-party ones on collision, or always if set. */
  prefix: false | true | string;
  /** A third-party server's `untrusted:` setting, when mesh.yaml gives one. */
  untrusted?: boolean | undefined;
  /**
   * Set for first-party platforms: why the tool would refuse these arguments (its own checks),
   * or undefined. Undefined itself for third-party servers.
   */
  checkArguments?: (tool: string, args: Record<string, unknown>) => string | undefined;
  /** Set for first-party platforms: configuration problems, reported by health and doctor. */
  configProblems?: string[];
  /**
   * The in-process MCP Server behind the transport connect() returned last, if any. When its
   * tools/call handler was installed with core's `setToolCallHandler` (createServer does), tool
   * calls run that handler directly instead of crossing the in-memory link.
   */
  inProcessServer?: () => Server | undefined;
  /** Closes what connect() opened besides the transport (an in-process server). */
  dispose?: () => Promise<void>;
}

/** What a downstream offers, as last listed. */
export interface Listing {
  capabilities: ServerCapabilities;
  tools: Tool[];
  resources: Resource[];
  templates: ResourceTemplate[];
  prompts: Prompt[];
}

export const EMPTY_LISTING: Listing = {
  capabilities: {},
  tools: [],
  resources: [],
  templates: [],
  prompts: [],
};
