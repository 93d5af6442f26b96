import { hashOf } from "@agent-mesh/core";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { MeshConfig } from "../config/schema.js";
import type { DownstreamSpec } from "../downstream/types.js";
import { createMeshServer, type MeshServerOptions } from "./server.js";
import type { MeshPart, MeshPartSource } from "./types.js";

/** The name of the gateway's own downstream; no server in mesh.yaml may take it. */
export const MESH_SERVER_NAME = "mesh";

/**
 * The gateway's own tools, prompts and resources, which features contribute (workflows, status),
 * served as one in-process downstream named `mesh`: in the catalog like any other, so each call
 * passes the pipeline (policy, approvals, audit, metrics, tracing).
 */
export class MeshServer {
  private readonly sources: MeshPartSource[] = [];
  /** URIs subscribed to through the gateway; the downstream is told only on the first. */
  private readonly subscriptions = new Set<string>();
  /** Every `mesh` downstream's live server: the top level's, and each started tenant's. */
  private readonly servers = new Set<Server>();
  private readonly subscribeHooks: Array<(uri: string) => Promise<void>> = [];

  /** Adds a feature's part; it counts from the next config applied. */
  register(source: MeshPartSource): void {
    this.sources.push(source);
  }

  /**
   * Every part the features serve under `config`, merged. Of two with one name (a workflow
   * called `status`), the one registered first wins: it is what mesh.yaml asked for.
   */
  part(config: MeshConfig): MeshPart {
    const parts = this.sources.flatMap((source) => source(config) ?? []);
    return {
      tools: firstOfEach(
        parts.flatMap((p) => p.tools ?? []),
        (t) => t.definition.name,
      ),
      prompts: firstOfEach(
        parts.flatMap((p) => p.prompts ?? []),
        (p) => p.definition.name,
      ),
      resources: firstOfEach(
        parts.flatMap((p) => p.resources ?? []),
        (r) => r.definition.uri,
      ),
      resourceTemplates: firstOfEach(
        parts.flatMap((p) => p.resourceTemplates ?? []),
        (t) => t.definition.uriTemplate,
      ),
    };
  }

  /** The URIs of the mesh's resources some session is subscribed to. */
  subscribed(): string[] {
    return [...this.subscriptions];
  }

  /** Runs `hook` when a resource is subscribed to, before the subscription is confirmed. */
  onSubscribe(hook: (uri: string) => Promise<void>): void {
    this.subscribeHooks.push(hook);
  }

  /** Tells subscribers that one of the mesh's resources changed (a no-op without any). */
  updated(uri: string): void {
    if (!this.subscriptions.has(uri)) return;
    for (const server of this.servers) server.sendResourceUpdated({ uri }).catch(() => {});
  }

  /**
   * The `mesh` downstream for `config`, or undefined when no feature has anything to serve.
   * `callOf` answers with the gateway call a request's `_meta` names (its caller and answers).
   */
  spec(config: MeshConfig, callOf: MeshServerOptions["callOf"]): DownstreamSpec | undefined {
    const part = this.part(config);
    const { tools = [], prompts = [], resources = [], resourceTemplates = [] } = part;
    if (tools.length + prompts.length + resources.length + resourceTemplates.length === 0) {
      return undefined;
    }
    const { gateway } = config;
    let server: Server | undefined;
    return {
      name: MESH_SERVER_NAME,
      kind: "mesh",
      timeoutMs: gateway.timeout,
      // A tool that follows long work (a run, with wait) says how long the gateway lets it.
      toolTimeoutsMs: Object.fromEntries(
        tools.flatMap((t) => (t.timeoutMs ? [[t.definition.name, t.timeoutMs]] : [])),
      ),
      healthIntervalMs: gateway.health_interval,
      restartDelayMs: gateway.restart_delay,
      restartMaxDelayMs: gateway.restart_max_delay,
      startupTimeoutMs: gateway.startup_timeout,
      rules: {},
      prefix: false,
      // What it lists decides whether a reload restarts it (a workflow added, say).
      fingerprint: hashOf({
        tools: tools.map((t) => t.definition),
        prompts: prompts.map((p) => p.definition),
        resources: resources.map((r) => r.definition),
        templates: resourceTemplates.map((t) => t.definition),
      }),
      connect: async () => {
        if (server) {
          this.servers.delete(server);
          await server.close();
        }
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        server = createMeshServer({
          part,
          callOf,
          subscriptions: this.subscriptions,
          onSubscribe: async (uri) => {
            for (const hook of this.subscribeHooks) await hook(uri);
          },
        });
        await server.connect(serverSide);
        this.servers.add(server);
        return clientSide;
      },
      // Its tools/call handler runs directly, as a first-party platform's does.
      inProcessServer: () => server,
      dispose: async () => {
        if (server) this.servers.delete(server);
        await server?.close();
      },
    };
  }
}

function firstOfEach<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
