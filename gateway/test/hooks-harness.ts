import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@agent-mesh/core";
import type { AuditLog } from "../src/audit/audit-log.js";
import { auditLogFor } from "../src/audit/open.js";
import type { AuditRecord } from "../src/audit/record.js";
import { hookRoutes, type StartRequest, type WorkflowStarter } from "../src/hooks/index.js";
import { Mesh } from "../src/mesh.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import type { MeshState } from "../src/state/index.js";
import { config } from "./helpers.js";
import { firstPartyPlatforms } from "./platforms.js";

/**
 * A real WorkflowStarter that records what it is asked and keeps the engine's promise: one run
 * per idempotency key, whatever the number of requests.
 */
export class RecordingStarter implements WorkflowStarter {
  readonly requests: StartRequest[] = [];
  readonly runs = new Map<string, { id: string; request: StartRequest }>();
  /** When set, the next start throws it (an engine that is down). */
  failNext: Error | undefined;

  async start(request: StartRequest): Promise<{ runId: string }> {
    this.requests.push(request);
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = undefined;
      throw err;
    }
    const known = this.runs.get(request.idempotencyKey);
    if (known) return { runId: known.id };
    const id = `run_${this.runs.size + 1}`;
    this.runs.set(request.idempotencyKey, { id, request });
    return { runId: id };
  }
}

export interface HookGateway {
  mesh: Mesh;
  http: HttpGateway;
  starter: RecordingStarter;
  audit: AuditLog | undefined;
  /** http://127.0.0.1:<port>/hooks/<source> */
  hookUrl(source: string): string;
  /** The webhook audit records so far, oldest first. */
  webhookRecords(): Promise<AuditRecord[]>;
  /** The value of agent_mesh_webhook_deliveries_total for a source and outcome. */
  count(source: string, outcome: string): Promise<number>;
  close(): Promise<void>;
}

/** A mesh over HTTP (with a bearer token on /mcp) whose /hooks route starts runs on a recorder. */
export async function startHookGateway(
  yaml: string,
  env: Record<string, string>,
  options: { state?: MeshState; token?: string } = {},
): Promise<HookGateway> {
  const home = await mkdtemp(join(tmpdir(), "agent-mesh-hooks-"));
  const logger = createLogger({ name: "agent-mesh", level: "error" });
  const parsed = config(yaml, env);
  const audit = auditLogFor(parsed, { AGENT_MESH_HOME: home }, logger);
  const mesh = new Mesh({
    platforms: firstPartyPlatforms,
    env,
    logger,
    ...(audit ? { audit } : {}),
    ...(options.state ? { state: options.state } : {}),
  });
  await mesh.apply(parsed);
  const starter = new RecordingStarter();
  const gateway = {
    ...parsed.gateway,
    port: 0,
    tokens: [options.token ?? "hooks-test-token-0123456789"],
  };
  const http = await serveHttp(mesh, gateway, hookRoutes(mesh, { starter }));
  return {
    mesh,
    http,
    starter,
    audit,
    hookUrl: (source) => `http://127.0.0.1:${http.port}/hooks/${source}`,
    async webhookRecords() {
      if (!audit) return [];
      const records = await (await audit.store()).query({ limit: 1000 });
      return records.filter((r) => r.kind === "webhook").sort((a, b) => a.seq - b.seq);
    },
    async count(source, outcome) {
      const text = await mesh.metrics.text();
      const line = text
        .split("\n")
        .find((l) =>
          l.startsWith(
            `agent_mesh_webhook_deliveries_total{source="${source}",outcome="${outcome}"}`,
          ),
        );
      return line ? Number(line.split(" ").pop()) : 0;
    },
    async close() {
      await http.close();
      await mesh.close();
      await audit?.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns true, or fails after `ms`. */
export async function waitFor(check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("the condition did not hold in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
