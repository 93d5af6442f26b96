import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { runCli } from "./cli-io.js";
import { TEST_CALLER } from "./helpers.js";

// The example workflows users copy (examples/workflows/mesh.yaml, that exact file) end to end:
// the sandbox's stand-ins, the default embedded database, a real MCP client starting runs with
// mesh_workflow_start, a person approving with `agent-mesh approvals approve`, and the CLI's
// `agent-mesh workflows ...` against the running gateway over HTTP.

const EXAMPLES = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "examples",
  "workflows",
  "mesh.yaml",
);

type Step = {
  status: string;
  output?: Record<string, unknown>;
  error?: { message: string };
  approval_id?: string;
};
type Run = { run_id: string; status: string; steps: Record<string, Step>; error?: unknown };

/** Polls until `check` gives a value; a quarter second between looks (each look is a call). */
async function until<T>(check: () => Promise<T | undefined>, what: string, ms = 120_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("the example workflows (examples/workflows/mesh.yaml) on the sandbox", () => {
  let running: RunningMesh;
  let http: HttpGateway;
  let client: Client;
  let dir: string;
  let url: string;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "wf-examples-"));
    running = await startMesh({
      configPath: EXAMPLES,
      sandbox: true,
      env: { ...process.env, AGENT_MESH_HOME: dir },
      logger: createLogger({ name: "agent-mesh", level: "error" }),
    });
    await running.mesh.settled(60_000);
    http = await serveHttp(running.mesh, { ...running.config.gateway, port: 0 });
    url = `http://127.0.0.1:${http.port}/mcp`;
    // The CLI finds no other gateway: it acts on this one through --url.
    env = { AGENT_MESH_HOME: dir, HOME: dir };
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: "examples-test", version: "1.0.0" });
    await running.mesh.connectSession(TEST_CALLER).connect(serverSide);
    await client.connect(clientSide);
  }, 300_000);

  afterAll(async () => {
    await client?.close();
    await http?.close();
    await running?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as {
      isError?: boolean;
      structuredContent?: Record<string, unknown>;
      content: Array<{ text?: string }>;
    };
    expect(result.isError, result.content[0]?.text).toBeFalsy();
    return result.structuredContent!;
  };
  const get = async (runId: string) =>
    (await call("mesh_workflow_get", { run_id: runId })) as unknown as Run;
  const finished = (runId: string) =>
    until(async () => {
      const run = await get(runId);
      return run.status === "running" ? undefined : run;
    }, `run ${runId} to end`);
  const statuses = (run: Run) =>
    Object.fromEntries(Object.entries(run.steps).map(([id, s]) => [id, s.status]));
  const recorded = () => running.sandbox!.recorder.requests;

  it("lists the workflow tools, and each example workflow as a prompt", async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "mesh_workflow_start",
        "mesh_workflow_get",
        "mesh_workflow_list",
        "mesh_workflow_cancel",
        "mesh_workflow_resume",
      ]),
    );
    const { prompts } = await client.listPrompts();
    const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining(["ecommerce_deploy", "compliance_check", "dr_drill"]),
    );
    expect(byName.ecommerce_deploy!.arguments).toEqual([
      { name: "environment", required: false },
      { name: "notify", description: "E.164 number to text when done", required: false },
      { name: "frontend", description: "The storefront's Vercel project", required: false },
      { name: "repository", description: "GitHub repository, owner/name", required: false },
      { name: "image", description: "ECR repository of the backend's image", required: false },
      { name: "image_tag", description: "Tag of the image in ECR", required: false },
      {
        name: "max_critical",
        description: "Critical findings allowed per scanner",
        required: false,
      },
      { name: "max_high", description: "High findings allowed per scanner", required: false },
      {
        name: "fail_on_secrets",
        description: "Fail on any open secret scanning alert",
        required: false,
      },
    ]);
    const prompt = await client.getPrompt({
      name: "dr_drill",
      arguments: {},
    });
    expect((prompt.messages[0]!.content as { text: string }).text).toContain(
      'Call the tool mesh_workflow_start with {"workflow": "dr_drill", "params": {}}',
    );
  });

  it("ecommerce_deploy: deploys, migrates, waits for an operator's approval, registers the webhook, texts", async () => {
    const before = recorded().length;
    const started = await call("mesh_workflow_start", {
      workflow: "ecommerce_deploy",
      params: { environment: "preview", notify: "+15005550006" },
    });
    const runId = started.run_id as string;
    // The run waits at the approval step; its approval id is on the step while it waits.
    const approvalId = await until(async () => {
      const run = await get(runId);
      expect(run.status, JSON.stringify(run.error)).toBe("running");
      return run.steps.approve!.approval_id;
    }, "the approval step to wait");
    const listed = await runCli(["approvals", "list", "--json", "--url", url], { env });
    expect(listed.code, listed.stderr).toBe(0);
    const pending = (JSON.parse(listed.stdout) as Array<{ id: string; what: string }>).find(
      (a) => a.id === approvalId,
    );
    expect(pending!.what).toMatch(/^Register the Stripe webhook for https:\/\//);
    // Nothing past the approval ran yet.
    expect(
      recorded()
        .slice(before)
        .filter((r) => r.platform === "stripe"),
    ).toHaveLength(0);
    const approved = await runCli(["approvals", "approve", approvalId, "--url", url], { env });
    expect(approved.code, approved.stderr).toBe(0);

    const run = await finished(runId);
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    expect(statuses(run)).toEqual({
      // security_gate's steps run first; the production steps wait for the gate.
      code_scanning: "succeeded",
      dependabot: "succeeded",
      secret_scanning: "succeeded",
      image_scan: "succeeded",
      gate: "succeeded",
      backend: "succeeded",
      backend_done: "succeeded",
      frontend: "succeeded",
      frontend_ready: "succeeded",
      migrate: "succeeded",
      approve: "succeeded",
      webhook: "succeeded",
      sms: "succeeded",
    });
    expect(run.steps.backend_done!.output!.status).toBe("SUCCEEDED");
    // The migration went to the sandbox's database (SQL, not HTTP): the history lists it.
    expect(run.steps.migrate!.output).toMatchObject({ name: "add_orders", status: "applied" });
    const history = await call("supabase_migration_list", {});
    expect(history.applied).toContainEqual(
      expect.objectContaining({ version: run.steps.migrate!.output!.version, name: "add_orders" }),
    );
    expect(run.steps.frontend_ready!.output!.state).toBe("READY");
    const deployUrl = run.steps.frontend_ready!.output!.url as string;

    const sent = recorded().slice(before);
    const posts = (platform: string) =>
      sent.filter((r) => r.platform === platform && r.method === "POST");
    const executions = sent.filter(
      (r) => r.platform === "aws" && String(r.headers["x-amz-target"]).endsWith(".StartExecution"),
    );
    expect(executions).toHaveLength(1);
    expect(JSON.parse((executions[0]!.body as { input: string }).input)).toEqual({
      environment: "preview",
    });
    expect(posts("vercel").filter((r) => /\/deployments$/.test(r.path))).toHaveLength(1);
    const hooks = posts("stripe").filter((r) => r.path === "/v1/webhook_endpoints");
    expect(hooks).toHaveLength(1);
    const form = new URLSearchParams(String(hooks[0]!.body));
    expect(form.get("url")).toBe(`${deployUrl}/webhooks/stripe`);
    expect(form.get("enabled_events[0]")).toBe("payment_intent.succeeded");
    const texts = posts("twilio");
    expect(texts).toHaveLength(1);
    const sms = new URLSearchParams(String(texts[0]!.body));
    expect(sms.get("To")).toBe("+15005550006");
    expect(sms.get("Body")).toBe(`Store deployed to preview: ${deployUrl}`);
  }, 240_000);

  it("compliance_check: reads GitHub, Stripe and Supabase, files the report in S3", async () => {
    const before = recorded().length;
    const runId = (await call("mesh_workflow_start", { workflow: "compliance_check" }))
      .run_id as string;
    const run = await finished(runId);
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    expect(statuses(run)).toEqual({
      repo: "succeeded",
      webhooks: "succeeded",
      users: "succeeded",
      report: "succeeded",
    });
    const sent = recorded().slice(before);
    expect(sent.some((r) => r.platform === "github" && r.path.endsWith("/repos/acme/web"))).toBe(
      true,
    );
    expect(sent.some((r) => r.platform === "stripe" && r.path === "/v1/webhook_endpoints")).toBe(
      true,
    );
    const puts = sent.filter(
      (r) => r.platform === "aws" && r.method === "PUT" && r.path.includes(`compliance/${runId}`),
    );
    expect(puts).toHaveLength(1);
    const body = puts[0]!.body;
    const report = (typeof body === "string" ? JSON.parse(body) : body) as Record<string, unknown>;
    expect(report.repo).toBe("acme/web");
    expect(Array.isArray(report.webhooks)).toBe(true);
    expect(Array.isArray(report.users)).toBe(true);
  }, 180_000);

  it("dr_drill with wait: true streams progress per step and answers with the final run", async () => {
    const before = recorded().length;
    const progress: Progress[] = [];
    const result = (await client.callTool(
      { name: "mesh_workflow_start", arguments: { workflow: "dr_drill", wait: true } },
      undefined,
      {
        onprogress: (p) => {
          progress.push(p);
        },
        resetTimeoutOnProgress: true,
        timeout: 120_000,
      },
    )) as { isError?: boolean; structuredContent?: Record<string, unknown> };
    expect(result.isError).toBeFalsy();
    const run = result.structuredContent as unknown as Run;
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    // The compensating step (alert) runs only on failure: it is not part of the flow.
    expect(statuses(run)).toEqual({
      mark: "succeeded",
      verify: "succeeded",
      record: "succeeded",
    });
    expect(progress.map((p) => [p.progress, p.total, p.message])).toEqual([
      [1, 3, "mark succeeded"],
      [2, 3, "verify succeeded"],
      [3, 3, "record succeeded"],
    ]);
    const sent = recorded().slice(before);
    const target = (r: (typeof sent)[number]) => String(r.headers["x-amz-target"] ?? "");
    const marker = `dr-drill/${run.run_id}`;
    const about = (r: (typeof sent)[number], op: string) =>
      target(r).endsWith(op) && JSON.stringify(r.body).includes(marker);
    // The marker is written once, read back, and the outcome is appended to the timeline.
    expect(sent.filter((r) => about(r, ".PutItem"))).toHaveLength(1);
    expect(sent.filter((r) => about(r, ".GetItem")).length).toBeGreaterThanOrEqual(1);
    const outcome = `DR drill ${run.run_id}: marker restored=true`;
    expect(sent.filter((r) => JSON.stringify(r.body).includes(outcome))).toHaveLength(1);
    // Without wait, the run id comes back at once (the run goes on).
    const quick = await call("mesh_workflow_start", { workflow: "dr_drill" });
    expect(quick).toMatchObject({ existing: false, status: "running" });
    expect((await finished(quick.run_id as string)).status).toBe("succeeded");
  }, 180_000);

  it("the CLI: workflows list, run key=value with progress lines, runs --json, show", async () => {
    const list = await runCli(["workflows", "list", "--url", url], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(
      "ecommerce_deploy (environment, notify, frontend, repository, image, image_tag, max_critical, max_high, fail_on_secrets)  Deploy the store",
    );
    expect(list.stdout).toContain("compliance_check (repo)");
    expect(list.stdout).toContain("dr_drill  Disaster-recovery drill");

    const run = await runCli(
      ["workflows", "run", "compliance_check", "repo=acme/web", "--url", url],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    const runId = /run (run_\S+) started/.exec(run.stderr)![1]!;
    // A line as each step starts and as it finishes, in that order.
    for (const step of ["repo", "webhooks", "users", "report"]) {
      const started = run.stderr.indexOf(`  ${step}: running\n`);
      expect(started, step).toBeGreaterThan(-1);
      expect(run.stderr.indexOf(`  ${step}: succeeded\n`), step).toBeGreaterThan(started);
    }
    expect(run.stderr).toContain(`run ${runId} succeeded`);
    expect(JSON.parse(run.stdout)).toMatchObject({ run_id: runId, status: "succeeded" });

    const runs = await runCli(["workflows", "runs", "--json", "--url", url], { env });
    expect(runs.code, runs.stderr).toBe(0);
    expect(JSON.parse(runs.stdout)).toContainEqual(
      expect.objectContaining({ run_id: runId, workflow: "compliance_check", status: "succeeded" }),
    );
    const show = await runCli(["workflows", "show", runId, "--url", url], { env });
    expect(show.code, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({
      run_id: runId,
      params: { repo: "acme/web" },
      steps: { report: { status: "succeeded" } },
    });

    // A run that fails exits 1, with the failing step's error on the progress line.
    const bad = await runCli(
      ["workflows", "run", "compliance_check", "repo=acme/nope", "--url", url],
      {
        env,
      },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/ {2}repo: failed: .+/);
    expect(bad.stderr).toMatch(/run run_\S+ failed/);
    const unknown = await runCli(["workflows", "run", "no_such", "--url", url], { env });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("no workflow no_such");
  }, 240_000);

  it("the CLI: `workflows run` shows the approval a step waits for; `approvals approve` releases it", async () => {
    let stderr = "";
    let stdout = "";
    const io: Io = {
      out: (text) => {
        stdout += text;
      },
      err: (text) => {
        stderr += text;
      },
      env: { ...env, AGENT_MESH_LOG_LEVEL: "error" },
      cwd: dir,
      interactive: false,
    };
    const done = main(
      ["workflows", "run", "ecommerce_deploy", "notify=+15005550006", "--url", url],
      io,
    );
    const approvalId = await until(
      async () =>
        /approve: running \(waiting for approval: agent-mesh approvals approve (apr_\S+)\)/.exec(
          stderr,
        )?.[1],
      "the CLI to show the approval",
    );
    expect(stderr).not.toContain("webhook: running");
    const approved = await runCli(["approvals", "approve", approvalId, "--url", url], { env });
    expect(approved.code, approved.stderr).toBe(0);
    expect(await done, stderr).toBe(0);
    expect(stderr).toContain("  approve: succeeded\n");
    expect(stderr).toContain("  sms: succeeded\n");
    expect(JSON.parse(stdout)).toMatchObject({
      workflow: "ecommerce_deploy",
      status: "succeeded",
      params: { notify: "+15005550006", environment: "preview", frontend: "web" },
    });
  }, 240_000);
});
