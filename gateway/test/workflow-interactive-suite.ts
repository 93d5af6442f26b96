import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ElicitRequestSchema, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { eventually, TEST_CALLER } from "./helpers.js";

// A client that starts a run with wait: true and can ask its user (elicitation) is asked the
// run's approvals; one that cannot leaves them to an operator. A step with `confirm: ask` turns
// its tool's confirmation into such an approval.

const YAML = `workflows:
  gated:
    steps:
      - id: approve
        approval: "Write the marker for \${{ run.id }}?"
      - id: mark
        tool: aws_kv_set
        args: { key: "gated/\${{ run.id }}", value: { ok: true } }
  hook:
    params: { url: {} }
    steps:
      - id: register
        tool: stripe_webhook_endpoint_create
        confirm: ask
        args: { url: "\${{ params.url }}", enabled_events: [payment_intent.succeeded] }
  careful:
    steps:
      - id: mark
        tool: aws_kv_set
        confirm: ask
        args: { key: "gated/\${{ run.id }}", value: { careful: true } }
`;

type Step = {
  status: string;
  output?: Record<string, unknown>;
  error?: { code: string; message: string };
  approval_id?: string;
};
type Run = { run_id: string; status: string; steps: Record<string, Step> };

/** The suite, on the embedded database (no `database:`) or on PostgreSQL at `database`. */
export function interactiveSuite(title: string, database?: () => Promise<string | undefined>) {
  describe(title, () => {
    let running: RunningMesh;
    let asking: Client;
    let plain: Client;
    let dir: string;
    const asked: string[] = [];
    let answer: (message: string) => "accept" | "decline" = () => "accept";

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "wf-interactive-"));
      const file = join(dir, "mesh.yaml");
      const url = database ? await database() : undefined;
      writeFileSync(file, url ? `database: ${url}\n${YAML}` : YAML);
      running = await startMesh({
        configPath: file,
        sandbox: true,
        env: { ...process.env, AGENT_MESH_HOME: dir },
        logger: createLogger({ name: "agent-mesh", level: "error" }),
      });
      await running.mesh.settled(60_000);
      const connect = async (client: Client) => {
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        await running.mesh.connectSession(TEST_CALLER).connect(serverSide);
        await client.connect(clientSide);
      };
      asking = new Client(
        { name: "asking", version: "1.0.0" },
        { capabilities: { elicitation: { form: {} } } },
      );
      asking.setRequestHandler(ElicitRequestSchema, async (request) => {
        const message = request.params.message;
        asked.push(message);
        return { action: answer(message), content: {} };
      });
      await connect(asking);
      plain = new Client({ name: "plain", version: "1.0.0" });
      await connect(plain);
    }, 300_000);

    afterAll(async () => {
      await asking?.close();
      await plain?.close();
      await running?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const startAndWait = async (client: Client, args: Record<string, unknown>) => {
      const progress: Progress[] = [];
      const result = (await client.callTool(
        { name: "mesh_workflow_start", arguments: { ...args, wait: true } },
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
      return { run: result.structuredContent as unknown as Run, progress };
    };
    const recorded = () => running.sandbox!.recorder.requests;
    const markerWrites = (runId: string) =>
      recorded().filter(
        (r) =>
          String(r.headers["x-amz-target"]).endsWith(".PutItem") &&
          JSON.stringify(r.body).includes(`gated/${runId}`),
      );

    it("asks the approval step through elicitation; accept lets the run go on", async () => {
      asked.length = 0;
      answer = () => "accept";
      const { run, progress } = await startAndWait(asking, { workflow: "gated" });
      expect(run.status).toBe("succeeded");
      expect(asked).toHaveLength(1);
      expect(asked[0]).toBe(
        `Write the marker for ${run.run_id}? (workflow gated, run ${run.run_id}, step approve) Approve?`,
      );
      expect(run.steps.approve).toMatchObject({
        status: "succeeded",
        output: { approved: true, by: "test (elicitation)" },
      });
      expect(run.steps.mark!.status).toBe("succeeded");
      expect(markerWrites(run.run_id)).toHaveLength(1);
      expect(progress.map((p) => [p.progress, p.total, p.message])).toEqual([
        [1, 2, "approve succeeded"],
        [2, 2, "mark succeeded"],
      ]);
    }, 180_000);

    it("decline fails the approval step and nothing after it runs", async () => {
      asked.length = 0;
      answer = () => "decline";
      const { run } = await startAndWait(asking, { workflow: "gated" });
      expect(asked).toHaveLength(1);
      expect(run.status).toBe("failed");
      expect(run.steps.approve).toMatchObject({
        status: "failed",
        error: {
          code: "permission_denied",
          message: expect.stringContaining("declined in the client"),
        },
      });
      expect(run.steps.mark!.status).toBe("not_run");
      expect(markerWrites(run.run_id)).toHaveLength(0);
    }, 180_000);

    it("a client that cannot ask waits while an operator approves in the approvals store", async () => {
      asked.length = 0;
      const waiting = startAndWait(plain, { workflow: "gated" });
      const pending = await eventually(
        async () =>
          (await running.mesh.approvals.list()).find(
            (a) => a.status === "pending" && a.tool === "workflow gated",
          ),
        120_000,
        "the run's approval request",
      );
      const runId = (pending.args as { run: string }).run;
      expect(markerWrites(runId)).toHaveLength(0);
      const decided = await running.mesh.approvals.decide(pending.id, "approved", "operator");
      expect(decided.ok).toBe(true);
      const { run } = await waiting;
      expect(run.run_id).toBe(runId);
      expect(run.status).toBe("succeeded");
      expect(run.steps.approve!.output).toMatchObject({ approved: true, by: "operator" });
      expect(asked).toHaveLength(0);
      expect(markerWrites(runId)).toHaveLength(1);
    }, 180_000);

    it("confirm: ask turns the tool's confirmation into an approval, asked before anything is sent", async () => {
      asked.length = 0;
      const url = `https://example.com/hooks/${Date.now()}`;
      const registrations = () =>
        recorded().filter(
          (r) =>
            r.platform === "stripe" &&
            r.method === "POST" &&
            r.path === "/v1/webhook_endpoints" &&
            new URLSearchParams(String(r.body)).get("url") === url,
        );
      let sentWhenAsked = -1;
      answer = () => {
        sentWhenAsked = registrations().length;
        return "accept";
      };
      const { run } = await startAndWait(asking, { workflow: "hook", params: { url } });
      expect(run.status).toBe("succeeded");
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain(url);
      expect(asked[0]).toContain("(workflow hook, run");
      expect(asked[0]).not.toContain("confirm_token");
      expect(sentWhenAsked).toBe(0);
      expect(run.steps.register!.approval_id).toMatch(/^apr_/);
      expect(run.steps.register!.output!.url).toBe(url);
      expect(registrations()).toHaveLength(1);
    }, 180_000);

    it("confirm: ask on a destructive tool waits for the gateway's approval, then calls once with it", async () => {
      asked.length = 0;
      let writtenWhenAsked = -1;
      let runId = "";
      answer = (message) => {
        runId = /run (run_[\w-]+), step mark/.exec(message)?.[1] ?? "";
        writtenWhenAsked = markerWrites(runId).length;
        return "accept";
      };
      const { run } = await startAndWait(asking, { workflow: "careful" });
      expect(run.status).toBe("succeeded");
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain("test client wants to run aws_kv_set");
      expect(runId).toBe(run.run_id);
      expect(writtenWhenAsked).toBe(0);
      expect(run.steps.mark!.approval_id).toMatch(/^apr_/);
      expect(markerWrites(run.run_id)).toHaveLength(1);
    }, 180_000);
  });
}
