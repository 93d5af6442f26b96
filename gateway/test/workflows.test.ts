import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { eventually, TEST_CALLER } from "./helpers.js";

// The engine end to end in one process: mesh.yaml workflows, the default embedded database
// (PGlite served to DBOS on a loopback port), the sandbox's stand-ins, a real MCP client.

const YAML = `workflows:
  ship:
    description: Deploy a preview and text the team
    params:
      project: { type: string, default: web }
      notify: { type: string, required: false, description: E.164 number }
    steps:
      - id: projects
        tool: vercel_project_list
      - id: deploy
        tool: vercel_deployment_create
        args: { project: "\${{ params.project }}", ref: main, target: preview }
      - id: ready
        tool: vercel_deployment_get
        args: { deployment_id: "\${{ steps.deploy.output.id }}" }
        until: "\${{ output.state != 'BUILDING' && output.state != 'QUEUED' && output.state != 'INITIALIZING' }}"
        interval: 200ms
        timeout: 2m
      - id: approve
        approval: "Text \${{ params.notify }} about \${{ steps.ready.output.url }}?"
        when: "\${{ params.notify }}"
      - id: sms
        tool: twilio_message_send
        when: "\${{ params.notify }}"
        args: { to: "\${{ params.notify }}", body: "Deployed \${{ steps.ready.output.url }}" }
  broken:
    steps:
      - id: missing
        tool: vercel_deployment_get
        args: { deployment_id: dpl_does_not_exist }
`;

describe("workflows on the sandbox", () => {
  let running: RunningMesh;
  let client: Client;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "wf-e2e-"));
    const file = join(dir, "mesh.yaml");
    writeFileSync(file, YAML);
    running = await startMesh({
      configPath: file,
      sandbox: true,
      env: { ...process.env, AGENT_MESH_HOME: dir },
      logger: createLogger({ name: "agent-mesh", level: "error" }),
    });
    await running.mesh.settled(30_000);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: "test", version: "1.0.0" });
    await running.mesh.connectSession(TEST_CALLER).connect(serverSide);
    await client.connect(clientSide);
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    return result as {
      isError?: boolean;
      structuredContent?: Record<string, unknown>;
      content: Array<{ text?: string }>;
    };
  };
  const waitFor = (runId: string, status: string) =>
    eventually(async () => {
      const run = (await call("mesh_workflow_get", { run_id: runId })).structuredContent!;
      if (run.status !== status)
        throw new Error(`run is ${run.status}: ${JSON.stringify(run.steps)}`);
      return run;
    }, 90_000);

  it("lists the workflow tools and each workflow as a prompt", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    for (const tool of [
      "mesh_workflow_start",
      "mesh_workflow_get",
      "mesh_workflow_list",
      "mesh_workflow_cancel",
      "mesh_workflow_resume",
    ])
      expect(names).toContain(tool);
    const { prompts } = await client.listPrompts();
    const ship = prompts.find((p) => p.name === "ship")!;
    expect(ship.arguments).toEqual([
      { name: "project", required: false },
      { name: "notify", description: "E.164 number", required: false },
    ]);
    const prompt = await client.getPrompt({ name: "ship", arguments: { notify: "+15005550006" } });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toContain('{"workflow": "ship", "params": {"notify":"+15005550006"}}');
  });

  it("runs a workflow end to end: polls, waits for approval, calls each side effect once", async () => {
    const recorder = running.sandbox!.recorder;
    const before = recorder.requests.length;
    const started = await call("mesh_workflow_start", {
      workflow: "ship",
      params: { notify: "+15005550006" },
    });
    expect(started.isError).toBeFalsy();
    const runId = started.structuredContent!.run_id as string;
    expect(runId).toMatch(/^run_/);
    // The run pauses at the approval step until an operator decides.
    const approvalId = await eventually(async () => {
      const run = (await call("mesh_workflow_get", { run_id: runId })).structuredContent!;
      const pending = (await running.mesh.approvals.list()).find(
        (a) => a.args && (a.args as { run?: string }).run === runId,
      );
      if (!pending) throw new Error(`no approval yet: ${JSON.stringify(run.steps)}`);
      expect((run.steps as Record<string, { status: string }>).approve!.status).toBe("running");
      return pending.id;
    }, 90_000);
    const pending = await running.mesh.approvals.get(approvalId);
    expect(pending!.what).toMatch(/^Text \+15005550006 about https:\/\//);
    await running.mesh.approvals.decide(approvalId, "approved", "operator");
    const run = await waitFor(runId, "succeeded");
    const steps = run.steps as Record<string, { status: string; output?: Record<string, unknown> }>;
    expect(Object.fromEntries(Object.entries(steps).map(([id, s]) => [id, s.status]))).toEqual({
      projects: "succeeded",
      deploy: "succeeded",
      ready: "succeeded",
      approve: "succeeded",
      sms: "succeeded",
    });
    expect(steps.ready!.output!.state).toBe("READY");
    const sent = recorder.requests.slice(before);
    const deploys = sent.filter((r) => r.platform === "vercel" && r.method === "POST");
    expect(deploys).toHaveLength(1);
    const texts = sent.filter((r) => r.platform === "twilio" && r.method === "POST");
    expect(texts).toHaveLength(1);
    expect(JSON.stringify(texts[0]!.body)).toContain("Deployed https");
    // Starting again with one idempotency key is one run.
    const again1 = await call("mesh_workflow_start", { workflow: "ship", idempotency_key: "k1" });
    const again2 = await call("mesh_workflow_start", { workflow: "ship", idempotency_key: "k1" });
    expect(again2.structuredContent!.run_id).toBe(again1.structuredContent!.run_id);
    expect(again2.structuredContent!.existing).toBe(true);
    const list = (await call("mesh_workflow_list", {})).structuredContent!;
    expect((list.runs as Array<{ run_id: string }>).map((r) => r.run_id)).toContain(runId);
  }, 180_000);

  it("fails a run with the step's error, and refuses bad params and unknown runs", async () => {
    const started = await call("mesh_workflow_start", { workflow: "broken" });
    const run = await waitFor(started.structuredContent!.run_id as string, "failed");
    expect(run.error).toMatchObject({ step: "missing", code: "not_found" });
    const bad = await call("mesh_workflow_start", { workflow: "ship", params: { projekt: "x" } });
    expect(bad.isError).toBe(true);
    expect(bad.content[0]!.text).toMatch(/invalid_request.*unknown param \\"projekt\\"/);
    const none = await call("mesh_workflow_get", { run_id: "run_nope" });
    expect(none.isError).toBe(true);
    expect(none.content[0]!.text).toContain("no run run_nope");
  }, 120_000);
});
