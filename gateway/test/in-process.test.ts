import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everythingYaml, startTestMesh, type TestMesh } from "./helpers.js";

describe("a mesh of vercel and server-everything, in process", () => {
  let t: TestMesh;
  beforeAll(async () => {
    t = await startTestMesh(`servers:\n${everythingYaml("everything")}`);
  });
  afterAll(() => t.close());

  it("lists first-party and third-party tools in one list", async () => {
    const { tools } = await t.client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toContain("vercel_deployment_create");
    expect(names).toContain("echo");
    expect(names).toContain("get-sum");
  });

  it("calls a third-party tool and returns its result unchanged", async () => {
    const result = await t.client.request(
      { method: "tools/call", params: { name: "get-sum", arguments: { a: 2, b: 3 } } },
      CallToolResultSchema,
    );
    expect(result.content[0]).toMatchObject({ type: "text", text: expect.stringContaining("5") });
  });
});
