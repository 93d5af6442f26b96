import { fileURLToPath } from "node:url";
import { expectEnvelope, spawnStdio, structured } from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const sandbox = useSandbox("segment");
beforeAll(sandbox.start);
afterAll(sandbox.close);

describe("the built bin over stdio, as npx runs it", () => {
  it("lists its tools and answers not_configured without credentials", async () => {
    const server = await spawnStdio(bin);
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toContain("segment_event_track");
      expect(tools).toHaveLength(10);
      const envelope = expectEnvelope(
        await server.call("segment_event_track", { event: "X", user_id: "u" }),
        "not_configured",
      );
      expect(envelope.details).toMatchObject({ variables: ["SEGMENT_WRITE_KEY"] });
    } finally {
      await server.close();
    }
  }, 60_000);

  it("tracks an event and reads the workspace through the bundled SDKs", async () => {
    const server = await spawnStdio(bin, sandbox.env);
    try {
      const out = structured<{ delivered: boolean }>(
        await server.call("segment_event_track", { event: "Smoke", user_id: "smoke-user" }),
      );
      expect(out.delivered).toBe(true);
      expect(sandbox.recorder.to("segment", "/v1/batch")).toHaveLength(1);
      const sources = structured<{ sources: unknown[] }>(
        await server.call("segment_source_list", {}),
      );
      expect(sources.sources).toHaveLength(4);
    } finally {
      await server.close();
    }
  }, 60_000);
});
