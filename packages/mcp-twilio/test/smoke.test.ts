import { fileURLToPath } from "node:url";
import { expectEnvelope, spawnStdio, structured } from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const sandbox = useSandbox("twilio");
beforeAll(sandbox.start);
afterAll(sandbox.close);

describe("the built bin over stdio, as npx runs it", () => {
  it("lists its tools and answers not_configured without credentials", async () => {
    const server = await spawnStdio(bin);
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toContain("twilio_message_send");
      const envelope = expectEnvelope(await server.call("twilio_call_list", {}), "not_configured");
      expect(envelope.message).toContain("TWILIO_ACCOUNT_SID");
    } finally {
      await server.close();
    }
  }, 60_000);

  it("sends a message through the SDK against the sandbox", async () => {
    const server = await spawnStdio(bin, sandbox.env);
    try {
      const sent = structured(
        await server.call("twilio_message_send", { to: "+14155550192", body: "from the bin" }),
      );
      expect(sent).toMatchObject({ status: "queued", to: "+14155550192" });
      expect(sandbox.recorder.to("twilio", /\/Messages\.json$/)).toHaveLength(1);
    } finally {
      await server.close();
    }
  }, 60_000);
});
