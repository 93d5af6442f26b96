import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger, readEnvelope } from "@agent-mesh/core";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLogFor } from "../src/audit/open.js";
import type { CostReport } from "../src/costs/index.js";
import { Mesh } from "../src/mesh.js";
import { runCli } from "./cli-io.js";
import { config, TEST_CALLER } from "./helpers.js";
import { firstPartyPlatforms } from "./platforms.js";

interface Message {
  segments: number;
  price: string | null;
}

/**
 * A sandbox session through the SDK client (Bedrock, Twilio, Stripe, a read-only call), recorded
 * in the embedded audit log; then `agent-mesh costs` reports and prices it from that database.
 */
describe("agent-mesh costs after a sandbox session", () => {
  let home: string;
  let sandbox: RunningSandbox;
  let tokens: { input_tokens: number; output_tokens: number };
  let message: Message;
  const run = (args: string[]) => runCli(["costs", ...args], { env: { AGENT_MESH_HOME: home } });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "agent-mesh-costs-"));
    sandbox = await startSandbox({ stepMs: 20 });
    const env = { AGENT_MESH_HOME: home };
    const meshConfig = config("", env);
    const logger = createLogger({ name: "agent-mesh", level: "error" });
    const audit = auditLogFor(meshConfig, env, logger);
    const mesh = new Mesh({
      platforms: firstPartyPlatforms,
      env: { ...sandbox.env, AGENT_MESH_LOG_LEVEL: "error" },
      logger,
      ...(audit ? { audit } : {}),
    });
    await mesh.apply(meshConfig);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "costs-test", version: "1.0.0" });
    await mesh.connectSession(TEST_CALLER).connect(serverSide);
    await client.connect(clientSide);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining([
          "aws_model_converse",
          "twilio_message_send",
          "stripe_payment_create",
        ]),
      );
      const converse = await client.callTool({
        name: "aws_model_converse",
        arguments: { prompt: "Say hello", model_id: "amazon.nova-micro-v1:0" },
      });
      expect(converse.isError).toBeFalsy();
      tokens = (converse.structuredContent as { usage: typeof tokens }).usage;
      expect(tokens.input_tokens).toBeGreaterThan(0);

      const sms = await client.callTool({
        name: "twilio_message_send",
        arguments: { to: "+15005550006", body: "Your order has shipped" },
      });
      expect(sms.isError).toBeFalsy();
      message = sms.structuredContent as unknown as Message;
      expect(message.segments).toBe(1);

      const payment = {
        amount: 2000,
        currency: "usd",
        payment_method: "pm_card_visa",
        confirm: true,
        idempotency_key: "costs-order-1",
      };
      const asked = await client.callTool({ name: "stripe_payment_create", arguments: payment });
      const token = readEnvelope(asked as never)?.details?.confirm_token;
      expect(token).toEqual(expect.any(String));
      const paid = await client.callTool({
        name: "stripe_payment_create",
        arguments: { ...payment, confirm_token: token },
      });
      expect(paid.structuredContent).toMatchObject({ status: "succeeded", amount_received: 2000 });

      const list = await client.callTool({ name: "stripe_customer_list", arguments: {} });
      expect(list.isError).toBeFalsy();
    } finally {
      await client.close();
      await mesh.close();
      await audit?.close();
    }
  }, 600_000);

  afterAll(async () => {
    await sandbox?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  }, 60_000);

  it("reports calls, usage and list-price cost per platform (--json)", async () => {
    const { code, stdout, stderr } = await run(["--since", "1h", "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as CostReport;
    expect(report).toMatchObject({ by: "platform", currency: "USD", list_prices: true });
    expect(report.prices_as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const row = (key: string) => report.rows.find((r) => r.key === key);

    const bedrock = (tokens.input_tokens * 0.035 + tokens.output_tokens * 0.14) / 1_000_000;
    expect(row("aws")).toMatchObject({
      calls: 1,
      errors: 0,
      usage: {
        "bedrock.input_tokens": tokens.input_tokens,
        "bedrock.output_tokens": tokens.output_tokens,
      },
      unpriced: 0,
    });
    expect(row("aws")?.cost).toBeCloseTo(bedrock, 10);

    // Twilio's own reported price wins over the table when the message has one.
    const sms = message.price === null ? 0.0083 : Math.abs(Number(message.price));
    expect(row("twilio")).toMatchObject({ calls: 1, usage: { "twilio.sms_segments": 1 } });
    expect(row("twilio")?.cost).toBeCloseTo(sms, 10);

    // Stripe: the confirmation_required answer counts as a call with an error; one charge of
    // $20.00 at 2.9% + $0.30.
    expect(row("stripe")).toMatchObject({
      calls: 3,
      errors: 1,
      usage: { "stripe.card_charges": 1 },
    });
    expect(row("stripe")?.cost).toBeCloseTo(0.88, 10);

    expect(report.totals.calls).toBe(5);
    expect(report.totals.cost).toBeCloseTo(bedrock + sms + 0.88, 10);
    expect(report.days).toEqual([
      expect.objectContaining({ day: new Date().toISOString().slice(0, 10), calls: 5 }),
    ]);
  }, 60_000);

  it("prints a table per tool with totals, and says the prices are list prices", async () => {
    const { code, stdout } = await run(["--by", "tool"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/list prices as of \d{4}-\d{2}-\d{2}/);
    expect(stdout).toMatch(/^TOOL\s+CALLS\s+ERRORS\s+BEDROCK\.INPUT_TOKENS/m);
    expect(stdout).toMatch(/^stripe_payment_create\s+2\s+1\s/m);
    expect(stdout).toMatch(/^stripe_customer_list\s+1\s+0\s/m);
    expect(stdout).toMatch(/^TOTAL\s+5\s+1\s/m);
  }, 60_000);

  it("groups by client", async () => {
    const report = JSON.parse((await run(["--by", "client", "--json"])).stdout) as CostReport;
    expect(report.rows.map((r) => [r.key, r.calls])).toEqual([["test", 5]]);
  }, 60_000);

  it("prices with the table in mesh.yaml", async () => {
    const file = join(home, "mesh.yaml");
    writeFileSync(
      file,
      [
        "costs:",
        "  prices:",
        "    as_of: 2026-11-01",
        "    bedrock:",
        '      "amazon.nova-micro-v1:0": { input_per_million: 1000, output_per_million: 2000 }',
        "    stripe: { card_percent: 1.5, card_fixed: 0.25 }",
        "",
      ].join("\n"),
    );
    const { code, stdout } = await run(["--config", file, "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as CostReport;
    expect(report).toMatchObject({ list_prices: false, prices_as_of: "2026-11-01" });
    const aws = report.rows.find((r) => r.key === "aws");
    expect(aws?.cost).toBeCloseTo(
      (tokens.input_tokens * 1000 + tokens.output_tokens * 2000) / 1_000_000,
      10,
    );
    expect(report.rows.find((r) => r.key === "stripe")?.cost).toBeCloseTo(0.25 + 0.3, 10);
  }, 60_000);

  it("explains a bad --by or --since, and a bad price table, with exit code 2 or 1", async () => {
    const by = await run(["--by", "region"]);
    expect(by.code).toBe(2);
    expect(by.stderr).toContain("use --by platform, tool, client or tenant");
    const since = await run(["--since", "yesterday"]);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain("write it like 30m, 24h or 7d");
    const file = join(home, "bad.yaml");
    writeFileSync(file, "costs:\n  prices:\n    twilio: { sms_segment: -1 }\n");
    const bad = await run(["--config", file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("sms_segment");
  }, 60_000);

  it("runs every `agent-mesh costs` command docs/observability.md shows", async () => {
    const guide = join(
      dirname(fileURLToPath(import.meta.url)),
      "..",
      "..",
      "docs",
      "observability.md",
    );
    const commands = [...readFileSync(guide, "utf8").matchAll(/^agent-mesh costs(.*)$/gm)].map(
      (m) => (m[1] ?? "").trim().split(/\s+/).filter(Boolean),
    );
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const args of commands) {
      const { code, stdout } = await run(args);
      expect(code, args.join(" ")).toBe(0);
      if (args.includes("--json")) expect(JSON.parse(stdout).totals.calls).toBe(5);
      else expect(stdout).toMatch(/^TOTAL\s+5\s+1\s/m);
    }
  }, 120_000);
});
