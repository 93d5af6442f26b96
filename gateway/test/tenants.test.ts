import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createLogger, readEnvelope } from "@agent-mesh/core";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditRecord } from "../src/audit/record.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { runCli } from "./cli-io.js";
import { DashboardHttp } from "./dashboard-http.js";
import { eventually } from "./helpers.js";

const ENV_SERVER = join(dirname(new URL(import.meta.url).pathname), "fixtures", "env-server.mjs");

const TOKENS = {
  acme: "acme-ops-token-0123456789",
  globex: "globex-ops-token-0123456789",
  root: "root-ops-token-0123456789",
} as const;
type Who = keyof typeof TOKENS;

/** The sandbox's Vercel stand-in accepts this token; globex's own is refused there (403). */
const ACME_VERCEL = "sandbox-vercel-token";
const GLOBEX_VERCEL = "globex-vercel-token-abcdef";
const ACME_SECRET = "acme-server-secret-value";
/** In the gateway's own environment: no tenant's stdio server may see it. */
const GATEWAY_ONLY = "gateway-only-secret-value";

const YAML = `gateway:
  port: 0
  clients:
    acme-ops: { token: ${TOKENS.acme}, roles: [admin], tenant: acme }
    globex-ops: { token: ${TOKENS.globex}, roles: [admin], tenant: globex }
    root: { token: ${TOKENS.root}, roles: [admin] }
integrations:
  aws: {}
tenants:
  acme:
    integrations:
      vercel: { token: ${ACME_VERCEL} }
    servers:
      envy:
        command: ${JSON.stringify(process.execPath)}
        args: [${JSON.stringify(ENV_SERVER)}]
        env: { TENANT_NAME: acme, ACME_KEY: ${ACME_SECRET} }
  globex:
    integrations:
      vercel: { token: ${GLOBEX_VERCEL} }
workflows:
  hold:
    steps:
      - id: projects
        tool: vercel_project_list
      - id: wait
        approval: "Go on?"
`;

/**
 * Two tenants and the top level on one gateway over HTTP, each caller a named client with the
 * admin role: every surface answers each from its own tenant and never shows another's.
 */
describe("tenants", () => {
  let dir: string;
  let sandbox: RunningSandbox;
  let running: RunningMesh;
  let http: HttpGateway;
  let closed = false;
  const clients = new Map<Who, Client>();

  const client = (who: Who) => clients.get(who)!;
  const call = async (who: Who, name: string, args: Record<string, unknown> = {}) =>
    (await client(who).callTool({ name, arguments: args })) as CallToolResult;
  const names = async (who: Who) => (await client(who).listTools()).tools.map((t) => t.name);
  const admin = async (who: Who, path: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(path, http.url), {
      ...init,
      headers: {
        authorization: `Bearer ${TOKENS[who]}`,
        "content-type": "application/json",
      },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const auditOf = async (who: Who, query = "") =>
    (await admin(who, `/admin/audit?limit=500${query}`)).body.records as AuditRecord[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-tenants-"));
    process.env.TENANTS_TEST_GATEWAY_ONLY = GATEWAY_ONLY;
    sandbox = await startSandbox({ stepMs: 20 });
    const file = join(dir, "mesh.yaml");
    await writeFile(file, YAML);
    running = await startMesh({
      configPath: file,
      env: { ...process.env, ...sandbox.env, AGENT_MESH_HOME: dir },
      logger: createLogger({ name: "agent-mesh", level: "error" }),
      watch: false,
    });
    await running.mesh.settled(30_000);
    http = await serveHttp(running.mesh, running.config.gateway);
    for (const who of Object.keys(TOKENS) as Who[]) {
      const c = new Client({ name: `tenants-test-${who}`, version: "1" });
      await c.connect(
        new StreamableHTTPClientTransport(new URL(http.url), {
          requestInit: { headers: { authorization: `Bearer ${TOKENS[who]}` } },
        }),
      );
      clients.set(who, c);
    }
  }, 300_000);

  afterAll(async () => {
    delete process.env.TENANTS_TEST_GATEWAY_ONLY;
    await Promise.allSettled([...clients.values()].map((c) => c.close()));
    if (!closed) {
      await http?.close();
      await running?.close();
    }
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("lists each tenant's own catalog, and the top level's to a caller without a tenant", async () => {
    // A tenant's downstreams start at its first request: its stdio server lists a moment later.
    const acme = await eventually(async () => {
      const list = await names("acme");
      return list.includes("env_report") ? list : undefined;
    }, 90_000);
    const globex = await names("globex");
    const root = await names("root");
    expect(acme).toEqual(expect.arrayContaining(["vercel_project_list", "env_report", "env_wipe"]));
    expect(acme.some((n) => n.startsWith("aws_"))).toBe(false);
    expect(globex).toContain("vercel_project_list");
    expect(globex).not.toContain("env_report");
    expect(globex.some((n) => n.startsWith("aws_"))).toBe(false);
    expect(root).toContain("aws_kv_get");
    expect(root.some((n) => n.startsWith("vercel_") || n.startsWith("env_"))).toBe(false);
    // The workflow tools are the mesh's, for everyone.
    for (const list of [acme, globex, root]) expect(list).toContain("mesh_workflow_start");
  });

  it("calls with each tenant's own credentials: the stand-in receives each tenant's token", async () => {
    sandbox.recorder.clear();
    const ok = await call("acme", "vercel_project_list");
    expect(ok.isError).toBeFalsy();
    expect((ok.structuredContent as { projects: unknown[] }).projects.length).toBeGreaterThan(0);

    const refused = await call("globex", "vercel_project_list");
    expect(refused.isError).toBe(true);
    expect(readEnvelope(refused)?.code).toMatch(/permission_denied|authentication_error/);

    const seen = sandbox.recorder.to("vercel").map((r) => r.headers.authorization);
    expect(seen).toContain(`Bearer ${ACME_VERCEL}`);
    expect(seen).toContain(`Bearer ${GLOBEX_VERCEL}`);
    // Never the gateway's own token (the sandbox's, in the gateway's environment) for a tenant.
    expect(
      seen.every((h) => h === `Bearer ${ACME_VERCEL}` || h === `Bearer ${GLOBEX_VERCEL}`),
    ).toBe(true);

    // A tool of another tenant is, to this caller, no tool at all.
    await expect(call("globex", "env_report", { names: [] })).rejects.toThrow(/Unknown tool/);
    await expect(call("root", "vercel_project_list")).rejects.toThrow(/Unknown tool/);
  });

  it("starts a tenant's stdio server with that tenant's env only", async () => {
    const result = await call("acme", "env_report", {
      names: ["TENANT_NAME", "ACME_KEY", "TENANTS_TEST_GATEWAY_ONLY", "VERCEL_TOKEN"],
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      values: {
        TENANT_NAME: "acme",
        ACME_KEY: ACME_SECRET,
        TENANTS_TEST_GATEWAY_ONLY: null,
        VERCEL_TOKEN: null,
      },
    });
  });

  it("serves resources from the caller's tenant only", async () => {
    const acme = (await client("acme").listResources()).resources.map((r) => r.uri);
    const globex = (await client("globex").listResources()).resources.map((r) => r.uri);
    expect(acme).toContain("env://tenant");
    expect(globex).not.toContain("env://tenant");
    const read = await client("acme").readResource({ uri: "env://tenant" });
    expect(read.contents[0]).toMatchObject({ uri: "env://tenant", text: "acme" });
    await expect(client("globex").readResource({ uri: "env://tenant" })).rejects.toThrow(
      /not found/i,
    );
  });

  it("keeps approvals per tenant: another tenant's operator neither sees nor decides them", async () => {
    const asked = await call("acme", "env_wipe", { what: "cache" });
    const envelope = readEnvelope(asked);
    expect(envelope?.code).toBe("confirmation_required");
    const id = envelope?.details?.approval_id as string;
    expect(id).toMatch(/^apr_/);

    const ids = async (who: Who) =>
      ((await admin(who, "/admin/approvals")).body.approvals as Array<{ id: string }>).map(
        (a) => a.id,
      );
    expect(await ids("acme")).toContain(id);
    expect(await ids("globex")).not.toContain(id);
    expect(await ids("root")).toContain(id);

    const stolen = await admin("globex", `/admin/approvals/${id}/approve`, {
      method: "POST",
      body: "{}",
    });
    expect(stolen.status).toBe(409);
    expect(stolen.body.error).toMatch(/unknown or expired/);
    const decided = await admin("acme", `/admin/approvals/${id}/approve`, {
      method: "POST",
      body: "{}",
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: "approved", tenant: "acme" });
    const done = await call("acme", "env_wipe", { what: "cache", approval_id: id });
    expect(done.isError).toBeFalsy();
    expect(done.structuredContent).toEqual({ wiped: "cache" });
  });

  it("keeps the audit log per tenant: each tenant's operator reads only its own records", async () => {
    const acme = await auditOf("acme");
    const globex = await auditOf("globex");
    expect(acme.length).toBeGreaterThan(0);
    expect(globex.length).toBeGreaterThan(0);
    expect(acme.every((r) => r.tenant === "acme")).toBe(true);
    expect(globex.every((r) => r.tenant === "globex")).toBe(true);
    expect(acme.map((r) => r.tool)).toContain("env_wipe");
    expect(globex.map((r) => r.tool)).not.toContain("env_wipe");
    // Asking for another tenant's records gets one's own.
    const asked = await auditOf("globex", "&tenant=acme");
    expect(asked.every((r) => r.tenant === "globex")).toBe(true);
    // The operator without a tenant reads every tenant's, or the one it names.
    const all = await auditOf("root");
    expect([...new Set(all.map((r) => r.tenant))]).toEqual(
      expect.arrayContaining(["acme", "globex"]),
    );
    const narrowed = await auditOf("root", "&tenant=acme");
    expect(narrowed.length).toBe(acme.length);
    expect(narrowed.every((r) => r.tenant === "acme")).toBe(true);
  });

  it("keeps workflow runs per tenant: another tenant cannot get or cancel them, even as admin", async () => {
    sandbox.recorder.clear();
    const started = await call("acme", "mesh_workflow_start", { workflow: "hold" });
    expect(started.isError).toBeFalsy();
    const runId = (started.structuredContent as { run_id: string }).run_id;
    // It waits at its approval step, whose request is acme's: acme's operators see it.
    const approvals = async (who: Who) =>
      (
        (await admin(who, "/admin/approvals")).body.approvals as Array<{
          args?: { run?: string };
          tenant?: string;
        }>
      ).filter((a) => a.args?.run === runId);
    const [request] = await eventually(async () => {
      const found = await approvals("acme");
      return found.length > 0 ? found : undefined;
    }, 90_000);
    expect(request?.tenant).toBe("acme");
    expect(await approvals("globex")).toEqual([]);
    const run = (await call("acme", "mesh_workflow_get", { run_id: runId })).structuredContent;
    expect(run).toMatchObject({ status: "running", tenant: "acme" });
    // Its tool step ran as acme: with acme's Vercel token.
    await eventually(() =>
      sandbox.recorder
        .to("vercel")
        .some((r) => r.headers.authorization === `Bearer ${ACME_VERCEL}` && r.status === 200),
    );

    const peek = await call("globex", "mesh_workflow_get", { run_id: runId });
    expect(peek.isError).toBe(true);
    expect(readEnvelope(peek)?.message).toMatch(/no run/);
    const cancel = await call("globex", "mesh_workflow_cancel", { run_id: runId });
    expect(cancel.isError).toBe(true);
    expect(readEnvelope(cancel)?.message).toMatch(/no run/);
    const listed = await call("globex", "mesh_workflow_list", {});
    expect(JSON.stringify(listed.structuredContent)).not.toContain(runId);

    const cancelled = await call("acme", "mesh_workflow_cancel", { run_id: runId });
    expect(cancelled.isError).toBeFalsy();
    expect(cancelled.structuredContent).toMatchObject({ run_id: runId, status: "cancelled" });
  }, 120_000);

  it("shows a tenant's dashboard only its tenant's audit records and approvals", async () => {
    const asked = await call("acme", "env_wipe", { what: "logs" });
    const id = readEnvelope(asked)?.details?.approval_id as string;
    expect(id).toMatch(/^apr_/);

    const globex = DashboardHttp.of(http.url);
    await globex.signIn(TOKENS.globex);
    const globexApprovals = await (await globex.get("/dashboard/approvals")).text();
    expect(globexApprovals).not.toContain(id);
    const globexAudit = await (await globex.get("/dashboard/audit")).text();
    expect(globexAudit).toContain("vercel_project_list");
    expect(globexAudit).not.toContain("env_wipe");
    expect(globexAudit).not.toContain("acme-ops");
    const globexCatalog = await (await globex.get("/dashboard/catalog")).text();
    expect(globexCatalog).not.toContain("env_report");
    expect(globexCatalog).not.toContain("aws_kv_get");

    const acme = DashboardHttp.of(http.url);
    const csrf = await acme.signIn(TOKENS.acme);
    expect(await (await acme.get("/dashboard/approvals")).text()).toContain(id);
    expect(await (await acme.get("/dashboard/audit")).text()).toContain("env_wipe");

    // Deciding another tenant's request from the dashboard is refused as unknown.
    const globexCsrf = DashboardHttp.csrf(globexApprovals);
    const stolen = await globex.post(`/dashboard/approvals/${id}`, {
      _csrf: globexCsrf,
      decision: "approve",
    });
    expect(await stolen.text()).toMatch(/unknown or expired/);
    const approved = await acme.post(`/dashboard/approvals/${id}`, {
      _csrf: csrf,
      decision: "approve",
    });
    expect(await approved.text()).toContain(`${id} approved`);
  });

  it("refuses a caller whose tenant the gateway does not serve, saying so", async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const stray = new Client({ name: "stray", version: "1" });
    await running.mesh
      .connectSession({ id: "stray", name: "stray", kind: "token", roles: [], tenant: "initech" })
      .connect(serverSide);
    await stray.connect(clientSide);
    await expect(stray.listTools()).rejects.toThrow(/tenant "initech".*does not serve/);
    await expect(stray.callTool({ name: "vercel_project_list", arguments: {} })).rejects.toThrow(
      /initech/,
    );
    await stray.close();
  });

  it("agent-mesh audit --tenant and costs --tenant show one tenant's records", async () => {
    const env = { AGENT_MESH_TOKEN: TOKENS.root };
    const audit = await runCli(["audit", "--url", http.url, "--tenant", "globex", "--json"], {
      env,
    });
    expect(audit.code).toBe(0);
    const records = audit.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as AuditRecord);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.tenant === "globex")).toBe(true);

    // A tenant's operator asking for another tenant still gets its own.
    const own = await runCli(["audit", "--url", http.url, "--tenant", "globex", "--json"], {
      env: { AGENT_MESH_TOKEN: TOKENS.acme },
    });
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('"tenant":"acme"');
    expect(own.stdout).not.toContain('"tenant":"globex"');

    // costs reads the embedded database directly: the gateway lets go of it first.
    await Promise.allSettled([...clients.values()].map((c) => c.close()));
    clients.clear();
    await http.close();
    await running.close();
    closed = true;
    const costs = await runCli(["costs", "--tenant", "globex", "--by", "tool", "--json"], {
      env: { AGENT_MESH_HOME: dir },
    });
    expect(costs.code, costs.stderr).toBe(0);
    const report = JSON.parse(costs.stdout) as { rows: Array<{ key: string; calls: number }> };
    expect(report.rows.map((r) => r.key)).toContain("vercel_project_list");
    expect(report.rows.map((r) => r.key)).not.toContain("env_wipe");
    const byTenant = await runCli(["costs", "--by", "tenant", "--json"], {
      env: { AGENT_MESH_HOME: dir },
    });
    const keys = (JSON.parse(byTenant.stdout) as { rows: Array<{ key: string }> }).rows.map(
      (r) => r.key,
    );
    expect(keys).toEqual(expect.arrayContaining(["acme", "globex"]));
  }, 120_000);
});
