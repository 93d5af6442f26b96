import {
  type SignedWebhook,
  sendWebhook,
  signedGithubDelivery,
  signedStripeEvent,
  signedTwilioCallback,
  signedVercelEvent,
} from "@agent-mesh/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HookGateway, startHookGateway, waitFor } from "./hooks-harness.js";

const STRIPE_SECRET = "whsec_hookstestsecret0123456789";
const GITHUB_SECRET = "github-hooks-test-secret-4242";
const TWILIO_TOKEN = "twilio-auth-token-hooks-test-0001";
const VERCEL_SECRET = "vercel-hooks-test-secret-9999";

const ENV = {
  STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
  GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
  TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
  VERCEL_WEBHOOK_SECRET: VERCEL_SECRET,
  AGENT_MESH_LOG_LEVEL: "error",
};

// The Twilio auth token comes from mesh.yaml's integrations (the other secrets from the env).
const YAML = `
workflows:
  fulfil_order:
    params: { payment_intent: {}, amount: { type: number }, note: { required: false } }
    steps: [{ id: get, tool: stripe_payment_get, args: { id: "\${{ params.payment_intent }}" } }]
  deploy_after_ci:
    params: { sha: {}, repo: {} }
    steps: [{ id: runs, tool: github_run_list, args: { repo: "\${{ params.repo }}" } }]
  answer_sms:
    params: { from: {}, body: {} }
    steps: [{ id: sms, tool: twilio_message_send, args: { to: "\${{ params.from }}", body: ok } }]
  smoke_test: [vercel_project_list]
integrations:
  stripe: {}
  github: {}
  vercel: {}
  twilio:
    auth_token: ${TWILIO_TOKEN}
triggers:
  - on: stripe.payment_intent.succeeded
    run: fulfil_order
    filter: "\${{ event.data.object.amount >= 1000 }}"
    params:
      payment_intent: "\${{ event.data.object.id }}"
      amount: "\${{ event.data.object.amount }}"
      note: "paid \${{ event.data.object.currency }}"
  - on: github.workflow_run.completed
    run: deploy_after_ci
    filter: "\${{ event.workflow_run.conclusion == 'success' }}"
    params: { sha: "\${{ event.workflow_run.head_sha }}", repo: "\${{ event.repository.full_name }}" }
  - on: twilio.message.received
    run: answer_sms
    params: { from: "\${{ event.From }}", body: "\${{ event.Body }}" }
  - on: vercel.deployment
    run: smoke_test
    params: { url: "\${{ event.payload.url }}", delivery: "\${{ delivery.id }}" }
`;

const paymentSucceeded = (id: string, amount = 4200) => ({
  id,
  type: "payment_intent.succeeded",
  data: { object: { id: `pi_${id}`, object: "payment_intent", amount, currency: "usd" } },
});

const workflowRun = (conclusion: string) => ({
  action: "completed",
  workflow_run: { id: 77, head_sha: "abc123", status: "completed", conclusion },
  repository: { full_name: "acme/shop" },
});

describe("POST /hooks/<source>: signed webhooks start workflows", () => {
  let g: HookGateway;
  const send = (source: string, webhook: SignedWebhook) => sendWebhook(g.hookUrl(source), webhook);
  const outcomes = async () =>
    (await g.webhookRecords()).map(
      (r) => `${(r.detail as { source: string }).source}:${r.outcome}`,
    );

  beforeAll(async () => {
    g = await startHookGateway(YAML, ENV);
  }, 60_000);
  afterAll(async () => {
    await g?.close();
  });

  describe("Stripe (Stripe-Signature, timestamp tolerance)", () => {
    it("accepts a signed payment_intent.succeeded and starts the trigger's run with mapped params", async () => {
      const answer = await send(
        "stripe",
        signedStripeEvent(paymentSucceeded("evt_ok1"), STRIPE_SECRET),
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        received: true,
        source: "stripe",
        delivery: "evt_ok1",
        type: "payment_intent.succeeded",
        runs: [{ on: "stripe.payment_intent.succeeded", workflow: "fulfil_order", run: "run_1" }],
      });
      const started = g.starter.runs.get("hook:stripe:evt_ok1:fulfil_order");
      expect(started?.request).toMatchObject({
        workflow: "fulfil_order",
        params: { payment_intent: "pi_evt_ok1", amount: 4200, note: "paid usd" },
        caller: { id: "webhook:stripe", kind: "webhook", roles: [] },
        idempotencyKey: "hook:stripe:evt_ok1:fulfil_order",
      });
      expect(await g.count("stripe", "accepted")).toBe(1);
    });

    it("starts nothing when the filter is false, and says so", async () => {
      const before = g.starter.requests.length;
      const answer = await send(
        "stripe",
        signedStripeEvent(paymentSucceeded("evt_small", 500), STRIPE_SECRET),
      );
      expect(answer.status).toBe(200);
      expect(answer.body.runs).toEqual([]);
      expect(g.starter.requests.length).toBe(before);
      expect(await g.count("stripe", "ignored")).toBe(1);
    });

    it("refuses a forged signature (another secret) with 401, starting nothing", async () => {
      const before = g.starter.requests.length;
      const answer = await send(
        "stripe",
        signedStripeEvent(paymentSucceeded("evt_forged"), "whsec_not_the_right_one"),
      );
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ error: "bad_signature" });
      expect(String(answer.body.message)).toContain("STRIPE_WEBHOOK_SECRET");
      expect(JSON.stringify(answer.body)).not.toContain(STRIPE_SECRET);
      expect(g.starter.requests.length).toBe(before);
      expect(await g.count("stripe", "bad_signature")).toBe(1);
    });

    it("refuses a body changed after signing", async () => {
      const signed = signedStripeEvent(paymentSucceeded("evt_tampered"), STRIPE_SECRET);
      const answer = await send("stripe", { ...signed, body: signed.body.replace("4200", "1") });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe("bad_signature");
    });

    it("refuses a delivery with no signature with 400", async () => {
      const { headers, body } = signedStripeEvent(paymentSucceeded("evt_unsigned"), STRIPE_SECRET);
      const { "stripe-signature": _dropped, ...unsigned } = headers;
      const answer = await send("stripe", { headers: unsigned, body });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe("missing_signature");
      expect(await g.count("stripe", "missing_signature")).toBe(1);
    });

    it("refuses a stale timestamp (older than hooks.tolerance) with 401", async () => {
      const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
      const answer = await send(
        "stripe",
        signedStripeEvent(paymentSucceeded("evt_stale"), STRIPE_SECRET, tenMinutesAgo),
      );
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe("stale");
      expect(await g.count("stripe", "stale")).toBe(1);
    });

    it("refuses a replayed copy of a delivery (same id and timestamp) with 400", async () => {
      const signed = signedStripeEvent(paymentSucceeded("evt_replay"), STRIPE_SECRET);
      expect((await send("stripe", signed)).status).toBe(200);
      const runs = g.starter.runs.size;
      const again = await send("stripe", signed);
      expect(again.status).toBe(400);
      expect(again.body.error).toBe("replayed");
      expect(g.starter.runs.size).toBe(runs);
      expect(await g.count("stripe", "replayed")).toBe(1);
    });

    it("a delivery Stripe retries (same event, signed anew) starts one run", async () => {
      const now = Math.floor(Date.now() / 1000);
      const first = await send(
        "stripe",
        signedStripeEvent(paymentSucceeded("evt_retry"), STRIPE_SECRET, now - 30),
      );
      const retry = await send(
        "stripe",
        signedStripeEvent(paymentSucceeded("evt_retry"), STRIPE_SECRET, now),
      );
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      const runOf = (b: Record<string, unknown>) => (b.runs as Array<{ run: string }>)[0]!.run;
      expect(runOf(retry.body)).toBe(runOf(first.body));
      const asked = g.starter.requests.filter(
        (r) => r.idempotencyKey === "hook:stripe:evt_retry:fulfil_order",
      );
      expect(asked).toHaveLength(2);
      expect([...g.starter.runs.keys()].filter((k) => k.includes("evt_retry"))).toHaveLength(1);
    });

    it("when the engine cannot start the run, answers 503 and takes the platform's retry", async () => {
      g.starter.failNext = new Error("engine down");
      const signed = signedStripeEvent(paymentSucceeded("evt_down"), STRIPE_SECRET);
      const failed = await send("stripe", signed);
      expect(failed.status).toBe(503);
      expect(failed.body.error).toBe("start_failed");
      // The same request again is not refused as a replay: nothing was started for it.
      const retried = await send("stripe", signed);
      expect(retried.status).toBe(200);
      expect(g.starter.runs.has("hook:stripe:evt_down:fulfil_order")).toBe(true);
    });
  });

  describe("GitHub (X-Hub-Signature-256)", () => {
    it("accepts a signed workflow_run completed and maps its fields", async () => {
      const answer = await send(
        "github",
        signedGithubDelivery("workflow_run", workflowRun("success"), GITHUB_SECRET, "d-ok-1"),
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ type: "workflow_run.completed", delivery: "d-ok-1" });
      expect(g.starter.runs.get("hook:github:d-ok-1:deploy_after_ci")?.request).toMatchObject({
        workflow: "deploy_after_ci",
        params: { sha: "abc123", repo: "acme/shop" },
        caller: { id: "webhook:github", kind: "webhook" },
      });
    });

    it("starts nothing for a failed run (the filter)", async () => {
      const answer = await send(
        "github",
        signedGithubDelivery("workflow_run", workflowRun("failure"), GITHUB_SECRET),
      );
      expect(answer.status).toBe(200);
      expect(answer.body.runs).toEqual([]);
    });

    it("refuses forged, unsigned and replayed deliveries", async () => {
      const forged = await send(
        "github",
        signedGithubDelivery("workflow_run", workflowRun("success"), "wrong-secret"),
      );
      expect([forged.status, forged.body.error]).toEqual([401, "bad_signature"]);
      const signed = signedGithubDelivery("workflow_run", workflowRun("success"), GITHUB_SECRET);
      const { "x-hub-signature-256": _dropped, ...unsigned } = signed.headers;
      const missing = await send("github", { headers: unsigned, body: signed.body });
      expect([missing.status, missing.body.error]).toEqual([400, "missing_signature"]);
      const bad = await send("github", {
        headers: { ...signed.headers, "x-hub-signature-256": "sha256=zz" },
        body: signed.body,
      });
      expect([bad.status, bad.body.error]).toEqual([401, "bad_signature"]);
      expect((await send("github", signed)).status).toBe(200);
      const replayed = await send("github", signed);
      expect([replayed.status, replayed.body.error]).toEqual([400, "replayed"]);
      expect(await g.count("github", "bad_signature")).toBe(2);
      expect(await g.count("github", "missing_signature")).toBe(1);
      expect(await g.count("github", "replayed")).toBe(1);
    });
  });

  describe("Twilio (X-Twilio-Signature over the URL and form fields)", () => {
    const inbound = {
      MessageSid: `SM${"1".repeat(32)}`,
      SmsStatus: "received",
      From: "+14155550100",
      To: "+14155550111",
      Body: "hello",
    };

    it("accepts a signed inbound SMS and maps its fields", async () => {
      const answer = await send(
        "twilio",
        signedTwilioCallback(g.hookUrl("twilio"), inbound, TWILIO_TOKEN, "tw-ok-1"),
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ type: "message.received", delivery: "tw-ok-1" });
      expect(g.starter.runs.get("hook:twilio:tw-ok-1:answer_sms")?.request.params).toEqual({
        from: "+14155550100",
        body: "hello",
      });
    });

    it("refuses forged, unsigned, wrong-URL and replayed requests", async () => {
      const forged = await send(
        "twilio",
        signedTwilioCallback(g.hookUrl("twilio"), inbound, "not-the-token"),
      );
      expect([forged.status, forged.body.error]).toEqual([401, "bad_signature"]);
      const elsewhere = await send(
        "twilio",
        signedTwilioCallback("https://evil.example/hooks/twilio", inbound, TWILIO_TOKEN),
      );
      expect([elsewhere.status, elsewhere.body.error]).toEqual([401, "bad_signature"]);
      const signed = signedTwilioCallback(g.hookUrl("twilio"), inbound, TWILIO_TOKEN, "tw-replay");
      const { "x-twilio-signature": _dropped, ...unsigned } = signed.headers;
      const missing = await send("twilio", { headers: unsigned, body: signed.body });
      expect([missing.status, missing.body.error]).toEqual([400, "missing_signature"]);
      expect((await send("twilio", signed)).status).toBe(200);
      const replayed = await send("twilio", signed);
      expect([replayed.status, replayed.body.error]).toEqual([400, "replayed"]);
      expect(await g.count("twilio", "bad_signature")).toBe(2);
    });
  });

  describe("Vercel (x-vercel-signature, HMAC-SHA1)", () => {
    const deployment = (id: string) => ({
      id,
      type: "deployment.succeeded",
      payload: { url: "shop-abc.vercel.app" },
    });

    it("accepts a signed deployment.succeeded (matched by the on: prefix vercel.deployment)", async () => {
      const answer = await send("vercel", signedVercelEvent(deployment("vd_ok1"), VERCEL_SECRET));
      expect(answer.status).toBe(200);
      expect(g.starter.runs.get("hook:vercel:vd_ok1:smoke_test")?.request.params).toEqual({
        url: "shop-abc.vercel.app",
        delivery: "vd_ok1",
      });
    });

    it("refuses forged, unsigned and replayed deliveries", async () => {
      const forged = await send("vercel", signedVercelEvent(deployment("vd_forged"), "nope"));
      expect([forged.status, forged.body.error]).toEqual([401, "bad_signature"]);
      const signed = signedVercelEvent(deployment("vd_replay"), VERCEL_SECRET);
      const { "x-vercel-signature": _dropped, ...unsigned } = signed.headers;
      const missing = await send("vercel", { headers: unsigned, body: signed.body });
      expect([missing.status, missing.body.error]).toEqual([400, "missing_signature"]);
      expect((await send("vercel", signed)).status).toBe(200);
      const replayed = await send("vercel", signed);
      expect([replayed.status, replayed.body.error]).toEqual([400, "replayed"]);
    });
  });

  it("answers an unknown source 404 and a body over hooks.max_body 413", async () => {
    const unknown = await send(
      "paypal",
      signedStripeEvent(paymentSucceeded("evt_x"), STRIPE_SECRET),
    );
    expect([unknown.status, unknown.body.error]).toEqual([404, "unknown_source"]);
    const huge = signedStripeEvent(
      { ...paymentSucceeded("evt_huge"), pad: "x".repeat(1_100_000) },
      STRIPE_SECRET,
    );
    const tooLarge = await send("stripe", huge);
    expect([tooLarge.status, tooLarge.body.error]).toEqual([413, "too_large"]);
  });

  it("needs no bearer token on /hooks while /mcp still does", async () => {
    const mcp = await fetch(g.http.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(mcp.status).toBe(401);
    const hook = await send("github", signedGithubDelivery("ping", { zen: "hi" }, GITHUB_SECRET));
    expect(hook.status).toBe(200);
    expect(hook.body).toMatchObject({ type: "ping", runs: [] });
  });

  it("audits every delivery, accepted or refused, without a secret", async () => {
    // The embedded audit database opens on first use: slow on a busy machine.
    await waitFor(async () => (await outcomes()).includes("vercel:replayed"), 200_000);
    const seen = await outcomes();
    for (const expected of [
      "stripe:accepted",
      "stripe:ignored",
      "stripe:bad_signature",
      "stripe:missing_signature",
      "stripe:stale",
      "stripe:replayed",
      "stripe:error",
      "github:accepted",
      "github:bad_signature",
      "twilio:bad_signature",
      "vercel:replayed",
      "unknown:unknown_source",
      "stripe:too_large",
    ]) {
      expect(seen).toContain(expected);
    }
    const records = await g.webhookRecords();
    const accepted = records.find(
      (r) => r.outcome === "accepted" && (r.detail as { delivery?: string }).delivery === "evt_ok1",
    );
    expect(accepted).toMatchObject({
      caller: "webhook:stripe",
      detail: {
        source: "stripe",
        type: "payment_intent.succeeded",
        runs: [{ workflow: "fulfil_order", run: "run_1" }],
      },
    });
    expect(accepted?.address).toMatch(/127\.0\.0\.1/);
    const text = JSON.stringify(records);
    for (const secret of [STRIPE_SECRET, GITHUB_SECRET, TWILIO_TOKEN, VERCEL_SECRET])
      expect(text).not.toContain(secret);
  }, 240_000);
});

describe("POST /hooks/<source> without a signing secret", () => {
  it("refuses with 503 naming the setting, and starts nothing", async () => {
    const g = await startHookGateway(
      "audit: { enabled: false }\nworkflows: { x: [vercel_project_list] }\nintegrations: {}\ntriggers:\n  - { on: vercel.deployment.succeeded, run: x }\n",
      {
        AGENT_MESH_LOG_LEVEL: "error",
      },
    );
    try {
      const answer = await sendWebhook(
        g.hookUrl("vercel"),
        signedVercelEvent({ id: "vd_1", type: "deployment.succeeded" }, "whatever-secret"),
      );
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ error: "not_configured" });
      expect(String(answer.body.message)).toContain("VERCEL_WEBHOOK_SECRET");
      expect(g.starter.requests).toHaveLength(0);
      expect(await g.count("vercel", "not_configured")).toBe(1);
    } finally {
      await g.close();
    }
  }, 240_000);
});
