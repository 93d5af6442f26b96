import { type Connected, connectInMemory } from "@agent-mesh/core/testing";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { platform } from "../src/index.js";

let sandbox: RunningSandbox;
let session: Connected | undefined;
beforeAll(async () => {
  sandbox = await startSandbox({ platforms: ["__NAME__"] });
});
afterEach(async () => {
  await session?.close();
  session = undefined;
});
afterAll(() => sandbox.close());

describe("__NAME___item_list", () => {
  it("pages through every item, sending the API key", async () => {
    session = await connectInMemory(platform, { env: sandbox.env });
    const first = await session.call("__NAME___item_list", { limit: 2 });
    const page1 = first.structuredContent as {
      items: Array<{ id: string }>;
      next_cursor: string | null;
    };
    expect(page1.items.map((i) => i.id)).toEqual(["item_3", "item_2"]);
    expect(page1.next_cursor).toBe("item_2");
    const second = await session.call("__NAME___item_list", {
      limit: 2,
      cursor: page1.next_cursor,
    });
    expect(second.structuredContent).toMatchObject({
      items: [{ id: "item_1", name: "First item" }],
      next_cursor: null,
    });
    const sent = sandbox.recorder.to("__NAME__", "/v1/items");
    expect(sent.at(-1)?.query).toEqual({ limit: "2", starting_after: "item_2" });
    expect(sent.at(-1)?.headers.authorization).toBe(`Bearer ${sandbox.env.__ENV___API_KEY}`);
  });

  it("maps a rejected key to authentication_error", async () => {
    session = await connectInMemory(platform, {
      env: { ...sandbox.env, __ENV___API_KEY: "wrong-key" },
    });
    const result = await session.call("__NAME___item_list", {});
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({
      code: "authentication_error",
      platform: "__NAME__",
    });
  });

  it("answers not_configured naming the variable when the key is missing", async () => {
    session = await connectInMemory(platform, { env: {} });
    const result = await session.call("__NAME___item_list", {});
    expect(result.structuredContent).toMatchObject({
      code: "not_configured",
      details: { variables: ["__ENV___API_KEY"] },
    });
  });

  it("rejects an out-of-range limit without calling the API", async () => {
    session = await connectInMemory(platform, { env: sandbox.env });
    const before = sandbox.recorder.to("__NAME__").length;
    const result = await session.call("__NAME___item_list", { limit: 1000 });
    expect(result.structuredContent).toMatchObject({ code: "invalid_request" });
    expect(sandbox.recorder.to("__NAME__")).toHaveLength(before);
  });
});
