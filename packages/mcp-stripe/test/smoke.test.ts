import { fileURLToPath } from "node:url";
import { expectEnvelope, spawnStdio, structured } from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const sandbox = useSandbox("stripe");
beforeAll(sandbox.start);
afterAll(sandbox.close);

describe("the built bin over stdio, as npx runs it", () => {
  it("lists its tools and answers not_configured without credentials", {
    timeout: 60_000,
  }, async () => {
    const server = await spawnStdio(bin);
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toContain("stripe_payment_create");
      const envelope = expectEnvelope(
        await server.call("stripe_balance_get", {}),
        "not_configured",
      );
      expect(envelope.message).toContain("STRIPE_SECRET_KEY");
    } finally {
      await server.close();
    }
  });

  it("talks to the stand-in through the SDK when configured", { timeout: 60_000 }, async () => {
    const server = await spawnStdio(bin, sandbox.env);
    try {
      const customer = structured<{ id: string }>(
        await server.call("stripe_customer_create", { name: "Smoke" }),
      );
      expect(customer.id).toMatch(/^cus_/);
      expect(sandbox.recorder.to("stripe", "/v1/customers")).toHaveLength(1);
      expect(server.stderr()).not.toContain(sandbox.env.STRIPE_SECRET_KEY);
    } finally {
      await server.close();
    }
  });
});
