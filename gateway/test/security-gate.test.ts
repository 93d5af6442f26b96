import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { eventually, TEST_CALLER } from "./helpers.js";

// The shipped security_gate and ecommerce_deploy (examples/workflows/mesh.yaml) against the
// sandbox's seeded findings: acme/web has 1 critical and 1 high in code scanning and in
// Dependabot and one open leaked secret; acme/api has the same alerts and no secret; ECR's
// web:v1.2.0 has 2 critical and 2 high findings, api:v2.0.0 none.

const EXAMPLES = join(import.meta.dirname, "../../examples/workflows/mesh.yaml");

type Run = {
  status: string;
  error?: { step: string; code: string; message: string };
  steps: Record<string, { status: string; output?: Record<string, unknown> }>;
};

describe("security_gate, shipped in examples/workflows/mesh.yaml", () => {
  let running: RunningMesh;
  let client: Client;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "wf-gate-"));
    running = await startMesh({
      configPath: EXAMPLES,
      sandbox: true,
      env: { ...process.env, AGENT_MESH_HOME: dir },
      logger: createLogger({ name: "agent-mesh", level: "error" }),
    });
    await running.mesh.settled(30_000);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: "test", version: "1.0.0" });
    await running.mesh.connectSession(TEST_CALLER).connect(serverSide);
    await client.connect(clientSide);
  }, 300_000);
  afterAll(async () => {
    await client?.close();
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (workflow: string, params: Record<string, unknown>) => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("mesh_workflow_start");
    const started = await client.callTool({
      name: "mesh_workflow_start",
      arguments: { workflow, params },
    });
    expect(started.isError).toBeFalsy();
    return (started.structuredContent as { run_id: string }).run_id;
  };
  const finished = (runId: string) =>
    eventually(async () => {
      const got = await client.callTool({
        name: "mesh_workflow_get",
        arguments: { run_id: runId },
      });
      const run = got.structuredContent as Run;
      return run.status === "running" ? undefined : run;
    }, 90_000);

  it("fails with every exceeded threshold in one summary (the default thresholds)", async () => {
    const run = await finished(await start("security_gate", {}));
    expect(run.status).toBe("failed");
    expect(run.error).toEqual({
      step: "gate",
      code: "check_failed",
      message:
        "security_gate failed for acme/web and web:v1.2.0: 1 critical (max 0) in code scanning; " +
        "1 high (max 0) in code scanning; 1 critical (max 0) in Dependabot; 1 high (max 0) in Dependabot; " +
        "1 open secret scanning alert(s); 2 critical (max 0) in the image scan; 2 high (max 0) in the image scan",
    });
    // The four scanners were read; their counts are what the check compared.
    for (const id of ["code_scanning", "dependabot", "secret_scanning", "image_scan"]) {
      expect(run.steps[id]!.status).toBe("succeeded");
    }
    expect(run.steps.code_scanning!.output!.counts).toMatchObject({
      critical: 1,
      high: 1,
      total: 3,
    });
    expect(run.steps.image_scan!.output!.severity_counts).toMatchObject({ CRITICAL: 2, HIGH: 2 });
  }, 180_000);

  it("passes within the thresholds, and fails only on what exceeds them", async () => {
    const lenient = {
      repository: "acme/web",
      image: "api",
      image_tag: "v2.0.0",
      max_critical: 1,
      max_high: 1,
    };
    const secrets = await finished(await start("security_gate", lenient));
    expect(secrets.status).toBe("failed");
    expect(secrets.error!.message).toBe(
      "security_gate failed for acme/web and api:v2.0.0: 1 open secret scanning alert(s)",
    );
    const passed = await finished(
      await start("security_gate", { ...lenient, fail_on_secrets: false }),
    );
    expect(passed.status).toBe("succeeded");
    expect(passed.steps.gate).toMatchObject({
      status: "succeeded",
      output: { passed: true, checked: 8 },
    });
  }, 180_000);

  it("stops ecommerce_deploy before any production step when the gate fails", async () => {
    const recorder = running.sandbox!.recorder;
    const before = recorder.requests.length;
    const run = await finished(
      await start("ecommerce_deploy", {
        environment: "production",
        repository: "acme/web",
        image: "web",
        image_tag: "v1.2.0",
        max_critical: 0,
        max_high: 0,
      }),
    );
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ step: "gate", code: "check_failed" });
    expect(run.error!.message).toMatch(
      /^security_gate failed for acme\/web and web:v1\.2\.0: 1 critical/,
    );
    for (const id of [
      "backend",
      "backend_done",
      "frontend",
      "frontend_ready",
      "migrate",
      "approve",
      "webhook",
      "sms",
    ]) {
      expect(run.steps[id]!.status, id).toBe("not_run");
    }
    // Only the scanners were asked: GitHub and ECR reads, no deploy, migration, webhook or text.
    const sent = recorder.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map((r) => r.platform))).toEqual(new Set(["github", "aws"]));
    expect(sent.filter((r) => r.platform === "github").every((r) => r.method === "GET")).toBe(true);
    expect(sent.filter((r) => r.platform === "aws").map((r) => r.headers["x-amz-target"])).toEqual([
      "AmazonEC2ContainerRegistry_V20150921.DescribeImageScanFindings",
    ]);
    expect(
      (await running.mesh.approvals.list()).filter((a) => a.tool === "workflow ecommerce_deploy"),
    ).toEqual([]);
  }, 180_000);
  it("lets ecommerce_deploy through to its production steps when the gate passes", async () => {
    // Its defaults gate acme/api and api:v2.0.0, accepting 1 critical and 1 high per scanner.
    const runId = await start("ecommerce_deploy", {});
    // The run deploys the backend and frontend, then waits at its approval step.
    const approvalId = await eventually(async () => {
      const got = await client.callTool({
        name: "mesh_workflow_get",
        arguments: { run_id: runId },
      });
      const now = got.structuredContent as Run;
      if (now.status !== "running") throw new Error(`the run ended: ${JSON.stringify(now)}`);
      const pending = (await running.mesh.approvals.list()).find(
        (a) => (a.args as { run?: string } | undefined)?.run === runId,
      );
      return pending?.id;
    }, 90_000);
    await running.mesh.approvals.decide(approvalId, "denied", "operator", "not today");
    const run = await finished(runId);
    expect(run.steps.gate!.status).toBe("succeeded");
    expect(run.steps.backend!.status).toBe("succeeded");
    expect(run.steps.frontend!.status).toBe("succeeded");
    expect(run.error).toMatchObject({ step: "approve", code: "permission_denied" });
    expect(run.steps.webhook!.status).toBe("not_run");
  }, 180_000);
});
