import { fileURLToPath } from "node:url";
import { expectEnvelope, spawnStdio, structured } from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tools } from "../src/index.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const sandbox = useSandbox("aws");
beforeAll(sandbox.start);
afterAll(sandbox.close);

describe("the built bin over stdio, as npx runs it", () => {
  it("lists every tool and answers not_configured without settings", async () => {
    const server = await spawnStdio(bin);
    try {
      const listed = await server.client.listTools();
      expect(listed.tools.map((t) => t.name).sort()).toEqual(tools.map((t) => t.name).sort());
      expectEnvelope(await server.call("aws_kv_list", {}), "not_configured");
    } finally {
      await server.close();
    }
  });

  it("remembers and recalls a value through the sandbox", async () => {
    const server = await spawnStdio(bin, sandbox.env);
    try {
      structured(await server.call("aws_kv_set", { key: "smoke/hello", value: { ok: true } }));
      const got = structured(await server.call("aws_kv_get", { key: "smoke/hello" }));
      expect(got).toMatchObject({ found: true, value: { data: { ok: true } } });
    } finally {
      await server.close();
    }
  });
});
