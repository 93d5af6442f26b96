import { type Connected, connectInMemory, structured } from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { platform } from "../src/index.js";

const sandbox = useSandbox("supabase");
beforeAll(sandbox.start);
afterAll(sandbox.close);
const sessions: Connected[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
});
const connect = async () => {
  const session = await connectInMemory(platform, { env: sandbox.env });
  sessions.push(session);
  return session;
};

describe("supabase_item_create", () => {
  it("forwards the idempotency key, so a retry from another server creates one item", async () => {
    // Two sessions are two runtimes with their own memory, as after a restart: both calls reach
    // the API, which answers the second from the key.
    const args = { name: "Launch", idempotency_key: "launch-1" };
    const first = structured<{ id: string }>(
      await (await connect()).call("supabase_item_create", args),
    );
    const second = structured<{ id: string }>(
      await (await connect()).call("supabase_item_create", args),
    );
    expect(second.id).toBe(first.id);
    const posts = sandbox.recorder.to("supabase", "/v1/items").filter((r) => r.method === "POST");
    expect(posts.map((r) => r.headers["idempotency-key"])).toEqual(["launch-1", "launch-1"]);
  });

  it("keeps a sensitive input out of what clients see, and still sends it to the API", async () => {
    const session = await connect();
    const { tools } = await session.client.listTools();
    const create = tools.find((tool) => tool.name === "supabase_item_create");
    const properties = create?.inputSchema.properties as Record<string, { writeOnly?: boolean }>;
    expect(properties.secret?.writeOnly).toBe(true);
    const secret = "s3cret-value-never-echoed";
    const result = await session.call("supabase_item_create", { name: "Vault", secret });
    expect(structured(result)).toMatchObject({ name: "Vault" });
    expect(JSON.stringify(result)).not.toContain(secret);
    const post = sandbox.recorder.to("supabase", "/v1/items").at(-1);
    expect(post?.body).toEqual({ name: "Vault", secret });
    expect(post?.headers["idempotency-key"]).toMatch(/^[\w-]{20,}$/);
  });
});
