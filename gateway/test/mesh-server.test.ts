import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Caller, createLogger, RELATED_CALL_META, readEnvelope } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/load.js";
import { loadPlatforms } from "../src/platforms.js";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { eventually } from "./helpers.js";

// The gateway's own tools are the `mesh` downstream: a call of mesh_workflow_start passes the
// pipeline like any tool (policy, audit, metrics), and its handler runs as the gateway's caller.

const YAML = `gateway:
  clients:
    ci: { token: ci-token-0123456789abcdef }
    dev: { token: dev-token-0123456789abcdef }
integrations:
  vercel: {}
policy:
  default: allow
  rules:
    - id: ci-no-workflows
      clients: [ci]
      tools: [mesh_workflow_start]
      effect: deny
workflows:
  projects:
    description: List the Vercel projects
    steps:
      - id: list
        tool: vercel_project_list
`;

const CI: Caller = { id: "ci", name: "ci", kind: "token", roles: [] };
const DEV: Caller = { id: "dev", name: "dev", kind: "token", roles: [] };

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    if (wanted.every((label) => line.includes(label))) return Number(line.split(" ").at(-1));
  }
  return undefined;
}

describe("the mesh's own tools as the `mesh` downstream", () => {
  let running: RunningMesh;
  let dir: string;
  const clients: Client[] = [];
  const connect = async (caller: Caller): Promise<Client> => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: `test-${caller.id}`, version: "1.0.0" });
    await running.mesh.connectSession(caller).connect(serverSide);
    await client.connect(clientSide);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mesh-server-"));
    const file = join(dir, "mesh.yaml");
    writeFileSync(file, YAML);
    running = await startMesh({
      configPath: file,
      sandbox: true,
      env: { ...process.env, AGENT_MESH_HOME: dir },
      logger: createLogger({ name: "agent-mesh", level: "error" }),
    });
    await running.mesh.settled(60_000);
  }, 300_000);
  afterAll(async () => {
    for (const client of clients) await client.close();
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is a downstream of the catalog, listed with its tools and prompts", async () => {
    const mesh = running.mesh.get("mesh")!;
    expect(mesh.spec.kind).toBe("mesh");
    expect(running.mesh.health().downstreams.mesh).toMatchObject({ kind: "mesh", state: "ready" });
    expect(running.mesh.catalog.tools.get("mesh_workflow_start")?.downstream).toBe(mesh);
    const client = await connect(DEV);
    const { tools } = await client.listTools();
    expect(tools.filter((t) => t.name.startsWith("mesh_workflow_")).map((t) => t.name)).toEqual([
      "mesh_workflow_start",
      "mesh_workflow_get",
      "mesh_workflow_list",
      "mesh_workflow_cancel",
      "mesh_workflow_resume",
    ]);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain("projects");
    const prompt = await client.getPrompt({ name: "projects", arguments: {} });
    expect((prompt.messages[0]!.content as { text: string }).text).toContain(
      '{"workflow": "projects", "params": {}}',
    );
  });

  it("refuses mesh_workflow_start where the policy denies it, and audits and counts it", async () => {
    const ci = await connect(CI);
    await ci.listTools();
    const refused = (await ci.callTool({
      name: "mesh_workflow_start",
      arguments: { workflow: "projects" },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(readEnvelope(refused)?.code).toBe("policy_denied");
    // Nothing started: ci's list shows no run (its own runs only) and the engine has none.
    expect(await running.mesh.workflows!.list({ caller: DEV, limit: 10 })).toEqual([]);

    const dev = await connect(DEV);
    await dev.listTools();
    const started = (await dev.callTool({
      name: "mesh_workflow_start",
      arguments: { workflow: "projects" },
    })) as CallToolResult;
    expect(started.isError).toBeFalsy();
    const runId = (started.structuredContent as { run_id: string }).run_id;
    // The handler ran as the session's caller: the run is dev's, invisible to ci.
    const run = await eventually(async () => {
      const view = await running.mesh.workflows!.get(runId, DEV);
      return view?.status === "succeeded" ? view : undefined;
    }, 90_000);
    expect(run.caller).toBe("dev");
    expect(await running.mesh.workflows!.get(runId, CI)).toBeUndefined();

    const store = await running.audit!.store();
    const records = await eventually(async () => {
      const found = await store.query({ tool: "mesh_workflow_start" });
      const calls = found.filter((r) => r.kind === "call");
      return calls.length >= 2 ? calls : undefined;
    }, 30_000);
    expect(records.map((r) => [r.caller, r.downstream, r.outcome])).toEqual([
      ["ci", "mesh", "policy_denied"],
      ["dev", "mesh", "ok"],
    ]);
    expect(records[0]!.rule).toContain("ci-no-workflows");

    const metrics = await running.mesh.metrics.text();
    expect(
      sample(metrics, "agent_mesh_tool_calls_total", {
        tool: "mesh_workflow_start",
        client: "ci",
        outcome: "policy_denied",
      }),
    ).toBe(1);
    expect(
      sample(metrics, "agent_mesh_tool_calls_total", {
        tool: "mesh_workflow_start",
        client: "dev",
        outcome: "ok",
      }),
    ).toBe(1);
  });

  it("ignores a caller id a client puts in _meta itself", async () => {
    const ci = await connect(CI);
    await ci.listTools();
    // ci names a call id in _meta that no call has: were it passed on, the mesh server would
    // find no caller and refuse. The gateway puts its own id there, so it answers, as ci: dev's
    // run (started above) is not in ci's list.
    const result = (await ci.callTool({
      name: "mesh_workflow_list",
      arguments: {},
      _meta: { [RELATED_CALL_META]: "call-999999" },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { runs: unknown[] }).runs).toEqual([]);
    const dev = await connect(DEV);
    const mine = (await dev.callTool({
      name: "mesh_workflow_list",
      arguments: {},
      _meta: { [RELATED_CALL_META]: "call-999999" },
    })) as CallToolResult;
    expect((mine.structuredContent as { runs: unknown[] }).runs).toHaveLength(1);
  });

  it("answers no request that did not come through the gateway", async () => {
    const mesh = running.mesh.get("mesh")!;
    await expect(
      mesh.request(
        { method: "tools/call", params: { name: "mesh_workflow_list", arguments: {} } },
        (await import("../src/proxy/any-result.js")).anyResult,
      ),
    ).rejects.toThrow(/only requests made through the gateway/);
  });

  it("refuses a user server named mesh with a clear config error", async () => {
    const platforms = await loadPlatforms(["vercel"]);
    const result = parseConfig(
      "servers:\n  mesh:\n    command: node\n    args: [server.js]\n",
      "mesh.yaml",
      platforms,
      {},
    );
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((i) => `${i.file}:${i.line}:${i.key} ${i.message}`).join("\n")).toMatch(
      /mesh\.yaml:3:servers\.mesh the name "mesh" belongs to the gateway's own tools/,
    );
  });
});
