import { fileURLToPath } from "node:url";
import { expectEnvelope, spawnStdio } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

describe("the built bin over stdio, as npx runs it", () => {
  it("lists its tools and answers not_configured without credentials", async () => {
    const server = await spawnStdio(bin);
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toContain("supabase_table_select");
      expect(tools).toHaveLength(18);
      const error = expectEnvelope(
        await server.call("supabase_table_select", { table: "orders" }),
        "not_configured",
      );
      expect(error.details).toEqual({ variables: ["SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY"] });
    } finally {
      await server.close();
    }
  });
});
