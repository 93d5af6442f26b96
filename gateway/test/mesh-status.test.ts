import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type ReadResourceResult,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { eventually } from "./helpers.js";

// Issue 23 for every client: mesh://status, mesh://runs/{run_id}, mesh://audit/recent, the
// mesh_status_get tool and the `status` prompt, through the gateway over Streamable HTTP and
// over stdio (the built bin), with the SDK's client.

const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");

const TOKENS = {
  ops: "ops-token-0123456789abcdef",
  ci: "ci-token-0123456789abcdef",
  qa: "qa-token-0123456789abcdef",
};

const YAML = `gateway:
  port: 0
  clients:
    ops: { token: ${TOKENS.ops}, roles: [operator] }
    ci: { token: ${TOKENS.ci} }
    qa: { token: ${TOKENS.qa} }
integrations:
  vercel: {}
  stripe: {}
policy:
  default: allow
  rules:
    - id: ci-no-stripe
      clients: [ci]
      tools: ["stripe_*"]
      effect: deny
    - id: ci-env-asks
      clients: [ci]
      tools: [vercel_env_list]
      effect: approval
workflows:
  projects:
    steps:
      - id: list
        tool: vercel_project_list
`;

interface Twin {
  markdown: string;
  json: Record<string, unknown>;
}

/** A resource's two contents: the Markdown, then its JSON twin. */
function twin(result: ReadResourceResult, uri: string): Twin {
  const [text, json] = result.contents as Array<{ uri: string; mimeType: string; text: string }>;
  expect(result.contents).toHaveLength(2);
  expect(text).toMatchObject({ uri, mimeType: "text/markdown" });
  expect(json).toMatchObject({ uri, mimeType: "application/json" });
  return { markdown: text!.text, json: JSON.parse(json!.text) as Record<string, unknown> };
}

const names = (status: Record<string, unknown>) =>
  (status.downstreams as Array<{ name: string }>).map((d) => d.name);

/** Resource-updated notifications a client receives, by URI. */
function updates(client: Client): string[] {
  const seen: string[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
    seen.push(n.params.uri);
  });
  return seen;
}

describe("mesh status over Streamable HTTP", () => {
  let dir: string;
  let running: RunningMesh;
  let http: HttpGateway;
  const clients: Client[] = [];
  const connect = async (who: keyof typeof TOKENS): Promise<Client> => {
    const client = new Client({ name: `status-${who}`, version: "1" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), {
        requestInit: { headers: { authorization: `Bearer ${TOKENS[who]}` } },
      }),
    );
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-status-"));
    const file = join(dir, "mesh.yaml");
    await writeFile(file, YAML);
    running = await startMesh({
      configPath: file,
      sandbox: true,
      env: { ...process.env, AGENT_MESH_HOME: dir },
      logger: createLogger({ name: "agent-mesh", level: "error" }),
    });
    await running.mesh.settled(60_000);
    http = await serveHttp(running.mesh, running.config.gateway);
  }, 300_000);
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await http?.close();
    await running?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("lists the status resources, the template, the tool and the prompt", async () => {
    const ops = await connect("ops");
    const { resources } = await ops.listResources();
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining(["mesh://status", "mesh://audit/recent"]),
    );
    const { resourceTemplates } = await ops.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain("mesh://runs/{run_id}");
    const { prompts } = await ops.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(["status", "projects"]));
    const { tools } = await ops.listTools();
    const tool = tools.find((t) => t.name === "mesh_status_get")!;
    expect(tool.annotations?.readOnlyHint).toBe(true);
    expect(tool.outputSchema?.required).toContain("downstreams");
  });

  it("reads mesh://status as Markdown and JSON, with calls counted in the last hour", async () => {
    const ops = await connect("ops");
    await ops.listTools();
    const called = await ops.callTool({ name: "vercel_project_list", arguments: {} });
    expect(called.isError).toBeFalsy();
    const { markdown, json } = twin(
      await ops.readResource({ uri: "mesh://status" }),
      "mesh://status",
    );
    expect(names(json)).toEqual(["vercel", "stripe", "mesh"]);
    const vercel = (json.downstreams as Array<Record<string, unknown>>)[0]!;
    expect(vercel).toMatchObject({ name: "vercel", state: "ready", kind: "platform" });
    expect(vercel.calls_last_hour).toBeGreaterThanOrEqual(1);
    expect(json.scope).toBe("operator");
    expect(markdown).toMatch(/^# agent-mesh: (ok|degraded)/);
    expect(markdown).toMatch(/\| vercel \| ready \|/);
    expect(markdown).toContain("## Pending approvals");
  });

  it("gets the status prompt and calls mesh_status_get after listing tools", async () => {
    const ops = await connect("ops");
    const prompt = await ops.getPrompt({ name: "status", arguments: {} });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toMatch(/agent-mesh is (ok|degraded): \d+ of 3 downstreams ready/);
    expect(text).toContain("| stripe |");
    await ops.listTools();
    const result = await ops.callTool({ name: "mesh_status_get", arguments: {} });
    expect(result.isError).toBeFalsy();
    const status = result.structuredContent as Record<string, unknown>;
    expect(names(status)).toEqual(["vercel", "stripe", "mesh"]);
    expect((status.summary as string[])[0]).toMatch(/^agent-mesh is (ok|degraded)/);
    // The status tool is a call like any other: the audit log has it.
    const store = await running.audit!.store();
    await eventually(
      async () => (await store.query({ tool: "mesh_status_get" })).length > 0,
      30_000,
      "mesh_status_get in the audit log",
    );
  });

  it("tells a subscriber that mesh://status changed after a call", async () => {
    const ops = await connect("ops");
    const seen = updates(ops);
    await ops.subscribeResource({ uri: "mesh://status" });
    await ops.listTools();
    await ops.callTool({ name: "vercel_project_list", arguments: {} });
    await eventually(() => seen.includes("mesh://status"), 30_000, "resources/updated");
    await ops.unsubscribeResource({ uri: "mesh://status" });
  });

  it("shows a restricted caller neither a denied server nor others' runs and records", async () => {
    const ci = await connect("ci");
    expect((await ci.listTools()).tools.map((t) => t.name)).not.toContain("stripe_customer_list");
    const { markdown, json } = twin(
      await ci.readResource({ uri: "mesh://status" }),
      "mesh://status",
    );
    expect(names(json)).toEqual(["vercel", "mesh"]);
    expect(json.scope).toBe("own");
    expect(markdown).not.toContain("stripe");
    const tool = await ci.callTool({ name: "mesh_status_get", arguments: {} });
    expect(JSON.stringify(tool.structuredContent)).not.toContain("stripe");
    const prompt = await ci.getPrompt({ name: "status", arguments: {} });
    expect(JSON.stringify(prompt)).not.toContain("stripe");

    // ops starts a run: ops (an operator) reads it, ci may not.
    const ops = await connect("ops");
    await ops.listTools();
    const started = await ops.callTool({
      name: "mesh_workflow_start",
      arguments: { workflow: "projects" },
    });
    const runId = (started.structuredContent as { run_id: string }).run_id;
    const uri = `mesh://runs/${runId}`;
    const run = await eventually(async () => {
      const read = twin(await ops.readResource({ uri }), uri);
      return read.json.status === "succeeded" ? read : undefined;
    }, 90_000);
    expect(run.markdown).toContain(`# Run ${runId}: projects succeeded`);
    expect(run.markdown).toMatch(/\| list \| succeeded \|/);
    await expect(ci.readResource({ uri })).rejects.toThrow(/Resource not found/);

    // mesh://audit/recent: ci sees its own calls only; the operator sees ops' too.
    const own = twin(await ci.readResource({ uri: "mesh://audit/recent" }), "mesh://audit/recent");
    const callers = (own.json.records as Array<{ caller: string }>).map((r) => r.caller);
    expect(callers.length).toBeGreaterThan(0);
    expect(new Set(callers)).toEqual(new Set(["ci"]));
    const all = await eventually(async () => {
      const read = twin(
        await ops.readResource({ uri: "mesh://audit/recent" }),
        "mesh://audit/recent",
      );
      const by = (read.json.records as Array<{ caller: string }>).map((r) => r.caller);
      return by.includes("ci") && by.includes("ops") ? read : undefined;
    }, 30_000);
    expect(all.json.scope).toBe("operator");
  });

  it("shows a pending approval to its caller and to operators, not to another client", async () => {
    const ci = await connect("ci");
    await ci.listTools();
    const asked = await ci.callTool({ name: "vercel_env_list", arguments: { project: "web" } });
    expect(asked.isError).toBe(true);
    const id = (
      JSON.parse((asked.content as Array<{ text: string }>)[0]!.text) as {
        details: { approval_id: string };
      }
    ).details.approval_id;
    expect(id).toMatch(/^apr_/);
    const pending = async (who: keyof typeof TOKENS) => {
      const client = await connect(who);
      const result = await client.callTool({ name: "mesh_status_get", arguments: {} });
      const status = result.structuredContent as {
        pending_approvals: Array<{ id: string }>;
        summary: string[];
      };
      return { ids: status.pending_approvals.map((a) => a.id), summary: status.summary };
    };
    const forCi = await pending("ci");
    expect(forCi.ids).toEqual([id]);
    expect(forCi.summary.join("\n")).toContain(`agent-mesh approvals approve ${id}`);
    expect((await pending("ops")).ids).toContain(id);
    expect((await pending("qa")).ids).toEqual([]);
  });
});

describe("mesh status over stdio (the built bin)", () => {
  let dir: string;
  let client: Client;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-status-stdio-"));
    await writeFile(join(dir, "mesh.yaml"), "integrations:\n  vercel: {}\n");
    client = new Client({ name: "status-stdio", version: "1" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, "start", "--stdio", "--sandbox", "--config", join(dir, "mesh.yaml")],
        env: {
          ...(process.env as Record<string, string>),
          AGENT_MESH_HOME: dir,
          AGENT_MESH_LOG_LEVEL: "error",
        },
        stderr: "ignore",
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reads mesh://status, gets the prompt, calls mesh_status_get and hears of changes", async () => {
    const { json } = twin(await client.readResource({ uri: "mesh://status" }), "mesh://status");
    expect(names(json)).toEqual(["vercel", "mesh"]);
    const prompt = await client.getPrompt({ name: "status", arguments: {} });
    expect((prompt.messages[0]!.content as { text: string }).text).toMatch(
      /agent-mesh is (ok|degraded): \d+ of 2 downstreams ready/,
    );
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("mesh_status_get");
    const result = await client.callTool({ name: "mesh_status_get", arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(names(result.structuredContent as Record<string, unknown>)).toEqual(["vercel", "mesh"]);

    const seen = updates(client);
    await client.subscribeResource({ uri: "mesh://status" });
    await client.callTool({ name: "vercel_project_list", arguments: {} });
    await eventually(() => seen.includes("mesh://status"), 30_000, "resources/updated");
  }, 120_000);
});
