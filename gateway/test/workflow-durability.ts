import type { RunningSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";
import type { GatewayProcess } from "./gateway-process.js";
import { APP_TOKEN, OPS_TOKEN } from "./guarded.js";
import { eventually } from "./helpers.js";

// What the durability tests share: a workflow whose steps charge (Stripe), deploy (Vercel) and
// text (Twilio) on the sandbox's stand-ins, with an approval step between the deploy and the
// text, where a test kills the gateway deterministically: once the run waits there.

/** The platforms the workflow calls; the stand-ins run in the test process and outlive kills. */
export const PLATFORMS = ["stripe", "twilio", "vercel"];

/** The `workflows:` section: charge, deploy, wait for a person, text. */
export const FULFIL_WORKFLOW = `workflows:
  fulfil:
    description: Charge, deploy, wait for a person, then text the team
    params:
      notify: { type: string, default: "+15005550006" }
    steps:
      - id: charge
        tool: stripe_payment_create
        args: { amount: 1999, currency: usd, payment_method: pm_card_visa, confirm: true }
      - id: deploy
        tool: vercel_deployment_create
        args: { project: web, ref: main, target: preview }
        depends_on: [charge]
      - id: approve
        approval: "Text \${{ params.notify }} that \${{ steps.charge.output.id }} shipped?"
        depends_on: [deploy]
      - id: sms
        tool: twilio_message_send
        args: { to: "\${{ params.notify }}", body: "Shipped \${{ run.id }}" }
`;

/** mesh.yaml for a gateway process: two clients, the three platforms, the `fulfil` workflow. */
export function durableYaml(extra = ""): string {
  return `gateway:
  clients:
    app: { token: ${APP_TOKEN} }
    ops: { token: ${OPS_TOKEN}, roles: [operator] }
integrations:
  stripe: {}
  twilio: {}
  vercel: {}
${extra}
${FULFIL_WORKFLOW}`;
}

/** An SDK client of one gateway process, as the `app` client. */
export async function connectApp(gateway: GatewayProcess, token = APP_TOKEN): Promise<Client> {
  const client = new Client({ name: "durability", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(gateway.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

export interface RunInfo {
  run_id: string;
  status: string;
  steps: Record<string, { status: string; output?: Record<string, unknown> }>;
}

/** Starts `fulfil` through mesh_workflow_start (after listing the tools, as a client does). */
export async function startRun(client: Client): Promise<string> {
  const names = (await client.listTools()).tools.map((t) => t.name);
  expect(names).toContain("mesh_workflow_start");
  const started = (await client.callTool({
    name: "mesh_workflow_start",
    arguments: { workflow: "fulfil" },
  })) as CallToolResult;
  expect(started.isError).toBeFalsy();
  const runId = (started.structuredContent as { run_id: string }).run_id;
  expect(runId).toMatch(/^run_/);
  return runId;
}

export async function getRun(client: Client, runId: string): Promise<RunInfo> {
  const result = (await client.callTool({
    name: "mesh_workflow_get",
    arguments: { run_id: runId },
  })) as CallToolResult;
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as unknown as RunInfo;
}

export function waitForStatus(
  client: Client,
  runId: string,
  status: string,
  ms = 120_000,
): Promise<RunInfo> {
  return eventually(
    async () => {
      const run = await getRun(client, runId);
      return run.status === status ? run : undefined;
    },
    ms,
    `run ${runId} to be ${status}`,
  );
}

interface Approval {
  id: string;
  status: string;
  args?: { run?: string; step?: string };
}

/** The approval a run's `approve` step asks for, pending, as the operator's route lists it. */
export function pendingApproval(origin: string, runId: string, ms = 120_000): Promise<string> {
  return eventually(
    async () => {
      const response = await fetch(`${origin}/admin/approvals`, {
        headers: { authorization: `Bearer ${OPS_TOKEN}` },
      }).catch(() => undefined);
      if (!response?.ok) return undefined;
      const { approvals } = (await response.json()) as { approvals: Approval[] };
      return approvals.find((a) => a.args?.run === runId && a.status === "pending")?.id;
    },
    ms,
    `the approval request of ${runId}`,
  );
}

/** An operator approves (or denies) through one replica's admin route. */
export async function decide(origin: string, id: string, action: "approve" | "deny") {
  const response = await fetch(`${origin}/admin/approvals/${id}/${action}`, {
    method: "POST",
    headers: { authorization: `Bearer ${OPS_TOKEN}`, "content-type": "application/json" },
    body: "{}",
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** The side-effecting requests one run made, as the stand-ins recorded them since `since`. */
export function sideEffects(sandbox: RunningSandbox, runId: string, since: number) {
  const sent = sandbox.recorder.requests.slice(since);
  const charges = sent.filter(
    (r) =>
      r.platform === "stripe" &&
      r.method === "POST" &&
      r.path === "/v1/payment_intents" &&
      r.headers["idempotency-key"] === `${runId}/charge`,
  );
  const deploys = sent.filter(
    (r) => r.platform === "vercel" && r.method === "POST" && /\/deployments$/.test(r.path),
  );
  const texts = sent.filter(
    (r) =>
      r.platform === "twilio" &&
      r.method === "POST" &&
      new URLSearchParams(String(r.body)).get("Body") === `Shipped ${runId}`,
  );
  return { charges, deploys, texts };
}

/** The run finished every step, and each side effect reached its platform exactly once. */
export function expectFinishedOnce(run: RunInfo, effects: ReturnType<typeof sideEffects>) {
  expect(run.status).toBe("succeeded");
  expect(Object.fromEntries(Object.entries(run.steps).map(([id, s]) => [id, s.status]))).toEqual({
    charge: "succeeded",
    deploy: "succeeded",
    approve: "succeeded",
    sms: "succeeded",
  });
  expect(effects.charges).toHaveLength(1);
  expect(effects.deploys).toHaveLength(1);
  expect(effects.texts).toHaveLength(1);
}
