import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@agent-mesh/core";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { waitFor } from "./hooks-harness.js";

// The whole offline loop: the Stripe stand-in sends a signed payment_intent.succeeded to the
// gateway's /hooks/stripe, which verifies it and starts a durable run whose step calls a Stripe
// tool through the mesh, and that call reaches the stand-in.

const YAML = `workflows:
  fulfil_order:
    params: { payment_intent: {} }
    steps:
      - id: payment
        tool: stripe_payment_get
        args: { payment_intent: "\${{ params.payment_intent }}" }
triggers:
  - on: stripe.payment_intent.succeeded
    run: fulfil_order
    params: { payment_intent: "\${{ event.data.object.id }}" }
`;

describe("a signed Stripe event from the sandbox starts a workflow run end to end", () => {
  let running: RunningMesh;
  let http: HttpGateway;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hooks-loop-"));
    const file = join(dir, "mesh.yaml");
    writeFileSync(file, YAML);
    running = await startMesh({
      configPath: file,
      sandbox: true,
      env: { ...process.env, AGENT_MESH_HOME: dir },
      logger: createLogger({ name: "agent-mesh", level: "error" }),
    });
    await running.mesh.settled(30_000);
    http = await serveHttp(running.mesh, { ...running.config.gateway, port: 0 });
  }, 180_000);
  afterAll(async () => {
    await http?.close();
    await running?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("event -> verified -> run -> tool call on the stand-in, once", async () => {
    const sandbox = running.sandbox!;
    const stripe = new Stripe(sandbox.env.STRIPE_SECRET_KEY!, {
      host: new URL(sandbox.urls.stripe!).hostname,
      port: Number(new URL(sandbox.urls.stripe!).port),
      protocol: "http",
    });
    await stripe.webhookEndpoints.create({
      url: `http://127.0.0.1:${http.port}/hooks/stripe`,
      enabled_events: ["payment_intent.succeeded"],
    });
    const intent = await stripe.paymentIntents.create({
      amount: 4200,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    expect(intent.status).toBe("succeeded");
    // The run's step reads the payment through the mesh: the stand-in sees that request.
    const stepCalls = () =>
      sandbox.recorder
        .to("stripe", `/v1/payment_intents/${intent.id}`)
        .filter((r) => r.method === "GET");
    await waitFor(() => stepCalls().length > 0, 120_000);
    const runs = await running.mesh.workflows!.list({ workflow: "fulfil_order" });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      caller: "webhook:stripe",
      params: { payment_intent: intent.id },
    });
    expect(stepCalls()).toHaveLength(1);
  }, 180_000);
});
