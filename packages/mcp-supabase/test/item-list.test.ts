import {
  type Connected,
  connectInMemory,
  expectEnvelope,
  structured,
} from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { platform } from "../src/index.js";

const sandbox = useSandbox("supabase");
beforeAll(sandbox.start);
afterAll(sandbox.close);
let session: Connected | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe("supabase_item_list", () => {
  it("pages through every item, sending the API key", async () => {
    session = await connectInMemory(platform, { env: sandbox.env });
    const page1 = structured<{ items: Array<{ id: string }>; next_cursor: string | null }>(
      await session.call("supabase_item_list", { limit: 2 }),
    );
    expect(page1.items.map((i) => i.id)).toEqual(["item_3", "item_2"]);
    expect(page1.next_cursor).toBe("item_2");
    const page2 = structured(
      await session.call("supabase_item_list", { limit: 2, cursor: page1.next_cursor }),
    );
    expect(page2).toMatchObject({
      items: [{ id: "item_1", name: "First item" }],
      next_cursor: null,
    });
    const sent = sandbox.recorder.to("supabase", "/v1/items");
    expect(sent.at(-1)?.query).toEqual({ limit: "2", starting_after: "item_2" });
    expect(sent.at(-1)?.headers.authorization).toBe(`Bearer ${sandbox.env.SUPABASE_API_KEY}`);
  });

  it("maps a rejected key to authentication_error", async () => {
    session = await connectInMemory(platform, {
      env: { ...sandbox.env, SUPABASE_API_KEY: "wrong-key" },
    });
    const error = expectEnvelope(
      await session.call("supabase_item_list", {}),
      "authentication_error",
    );
    expect(error.platform).toBe("supabase");
  });

  it("answers not_configured naming the variable when the key is missing", async () => {
    session = await connectInMemory(platform, { env: {} });
    const error = expectEnvelope(await session.call("supabase_item_list", {}), "not_configured");
    expect(error.details).toEqual({ variables: ["SUPABASE_API_KEY"] });
  });

  it("rejects an out-of-range limit without calling the API", async () => {
    session = await connectInMemory(platform, { env: sandbox.env });
    const before = sandbox.recorder.to("supabase").length;
    expectEnvelope(await session.call("supabase_item_list", { limit: 1000 }), "invalid_request");
    expect(sandbox.recorder.to("supabase")).toHaveLength(before);
  });
});
