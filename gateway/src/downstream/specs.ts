import {
  type AnyPlatform,
  createRuntime,
  createServer,
  hashOf,
  type PlatformRuntime,
  resolveConfig,
  type SharedState,
} from "@agent-mesh/core";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type {
  GatewayConfig,
  IntegrationConfig,
  MeshConfig,
  ServerConfig,
} from "../config/schema.js";
import { ProcessGroupStdioTransport } from "./stdio-transport.js";
import type { DownstreamSpec } from "./types.js";

export interface SpecContext {
  platforms: readonly AnyPlatform[];
  /** Environment the platforms read their settings from (the sandbox's, in sandbox mode). */
  env: Record<string, string | undefined>;
  /** Values that win over mesh.yaml, by platform and setting key (the sandbox's endpoints). */
  overrides?: Record<string, Record<string, string>>;
  /** Where idempotency records, in-flight claims and confirmations live (the mesh's state). */
  state?: SharedState;
  /** Signing key of confirmation tokens (state.confirm_secret). */
  confirmSecret?: string | undefined;
}

/** The downstreams a config describes: enabled first-party platforms, then third-party servers. */
export function downstreamSpecs(config: MeshConfig, context: SpecContext): DownstreamSpec[] {
  const specs: DownstreamSpec[] = [];
  for (const platform of context.platforms) {
    // Without an integrations section every platform is mounted; with one, those it lists.
    const integration: IntegrationConfig | undefined = config.integrations
      ? config.integrations[platform.name as keyof typeof config.integrations]
      : { enabled: true, values: {} };
    if (!integration?.enabled) continue;
    specs.push(platformSpec(platform, integration, config.gateway, context));
  }
  for (const [name, server] of Object.entries(config.servers)) {
    if (!server.enabled) continue;
    specs.push(serverSpec(name, server, config.gateway));
  }
  return specs;
}

function common(gateway: GatewayConfig, entry: IntegrationConfig | ServerConfig) {
  return {
    timeoutMs: entry.timeout ?? gateway.timeout,
    toolTimeoutsMs: entry.tool_timeouts ?? {},
    healthIntervalMs: gateway.health_interval,
    restartDelayMs: gateway.restart_delay,
    restartMaxDelayMs: gateway.restart_max_delay,
    rules: entry.tools ?? {},
  };
}

function platformSpec(
  platform: AnyPlatform,
  integration: IntegrationConfig,
  gateway: GatewayConfig,
  context: SpecContext,
): DownstreamSpec {
  const values = { ...integration.values, ...context.overrides?.[platform.name] };
  const resolved = resolveConfig(platform.config, { env: context.env, values });
  // Built on first connect: a reload that keeps this platform discards the spec unused.
  let runtime: PlatformRuntime | undefined;
  let server: Server | undefined;
  return {
    name: platform.name,
    kind: "platform",
    ...common(gateway, integration),
    startupTimeoutMs: gateway.startup_timeout,
    prefix: false,
    configProblems: resolved.ok ? [] : resolved.problems.map((problem) => problem.message),
    checkArguments: (tool, args) => runtime?.checkArguments(tool, args),
    fingerprint: hashOf({
      platform: platform.name,
      version: platform.version,
      values,
      env: Object.values(platform.config).map((setting) => context.env[setting.env] ?? null),
      confirmations: context.env.AGENT_MESH_CONFIRMATIONS ?? null,
      direct: context.env.AGENT_MESH_DIRECT_CALLS ?? null,
    }),
    async connect() {
      await server?.close();
      runtime ??= createRuntime(platform, {
        env: context.env,
        values,
        confirmations: context.env.AGENT_MESH_CONFIRMATIONS !== "off",
        state: context.state,
        confirmSecret: context.confirmSecret,
      });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      server = createServer(platform, { runtime });
      await server.connect(serverSide);
      return clientSide;
    },
    // Calls run the server's handler directly unless AGENT_MESH_DIRECT_CALLS=off, which sends
    // them over the in-memory link as before (to compare, or to rule the direct path out).
    ...(context.env.AGENT_MESH_DIRECT_CALLS === "off" ? {} : { inProcessServer: () => server }),
    async dispose() {
      await server?.close();
    },
  };
}

function serverSpec(name: string, server: ServerConfig, gateway: GatewayConfig): DownstreamSpec {
  const base = {
    name,
    ...common(gateway, server),
    startupTimeoutMs: server.startup_timeout ?? gateway.startup_timeout,
    prefix: server.prefix,
    untrusted: server.untrusted,
    fingerprint: hashOf({ name, server }),
  };
  if ("url" in server) {
    return {
      ...base,
      kind: "http",
      async connect() {
        return new StreamableHTTPClientTransport(new URL(server.url), {
          requestInit: { headers: server.headers },
        });
      },
    };
  }
  return {
    ...base,
    kind: "stdio",
    async connect(onStderr) {
      const transport = new ProcessGroupStdioTransport({
        command: server.command,
        args: server.args,
        env: server.env,
        cwd: server.cwd,
        onStderr,
      });
      return transport;
    },
  };
}
