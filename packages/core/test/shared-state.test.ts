import { describe, expect, it } from "vitest";
import {
  createRuntime,
  hashOf,
  MemoryState,
  readEnvelope,
  type SharedState,
} from "../src/index.js";
import { demoEnv, demoPlatform } from "./fixtures/demo-platform.js";
import { GatedClient, gatedPlatform } from "./fixtures/gated-platform.js";

// Two runtimes on one state stand for two gateway replicas on one Redis.

const envelope = (result: { isError?: boolean; content?: unknown }) =>
  readEnvelope(result) as { code: string; message: string; details?: Record<string, unknown> };

describe("in-flight claims across runtimes sharing state", () => {
  it("runs a keyed call once while it is under way elsewhere; the retry gets its result", async () => {
    const client = new GatedClient();
    const state = new MemoryState();
    const a = createRuntime(gatedPlatform(client), { state });
    const b = createRuntime(gatedPlatform(client), { state });
    const first = a.call("gated_order_create", { item: "tea", idempotency_key: "k1" });
    await client.runsStarted(1);
    const retry = b.call("gated_order_create", { item: "tea", idempotency_key: "k1" });
    client.open();
    const [one, two] = await Promise.all([first, retry]);
    expect(client.runs).toEqual(["tea"]);
    expect(one.structuredContent).toEqual({ id: "order_1", item: "tea" });
    expect(two.structuredContent).toEqual(one.structuredContent);
    expect(two._meta).toEqual({ "agent-mesh/idempotent-replay": true });
  });

  it("refuses the key for other arguments while the first call runs", async () => {
    const client = new GatedClient();
    const state = new MemoryState();
    const a = createRuntime(gatedPlatform(client), { state });
    const b = createRuntime(gatedPlatform(client), { state });
    const first = a.call("gated_order_create", { item: "tea", idempotency_key: "k" });
    await client.runsStarted(1);
    const other = await b.call("gated_order_create", { item: "cake", idempotency_key: "k" });
    expect(envelope(other).code).toBe("conflict");
    client.open();
    expect((await first).isError).toBeFalsy();
    expect(client.runs).toEqual(["tea"]);
  });

  it("runs the retry when the holder died and its claim expired", async () => {
    const client = new GatedClient();
    const state = new MemoryState();
    // A replica claimed the call, then died: nobody renews its short claim.
    const claimed = await state.claim(
      `inflight:gated:gated_order_create:key:k2`,
      hashOf({ item: "tea" }),
      50,
    );
    expect(claimed).toBe(true);
    const b = createRuntime(gatedPlatform(client), { state });
    const retry = b.call("gated_order_create", { item: "tea", idempotency_key: "k2" });
    await client.runsStarted(1);
    client.open();
    expect((await retry).structuredContent).toEqual({ id: "order_1", item: "tea" });
  });

  it("stops waiting when the waiting call is cancelled", async () => {
    const client = new GatedClient();
    const state = new MemoryState();
    const a = createRuntime(gatedPlatform(client), { state });
    const b = createRuntime(gatedPlatform(client), { state });
    const first = a.call("gated_order_create", { item: "tea", idempotency_key: "k3" });
    await client.runsStarted(1);
    const cancel = new AbortController();
    const retry = b.call(
      "gated_order_create",
      { item: "tea", idempotency_key: "k3" },
      { signal: cancel.signal },
    );
    cancel.abort();
    expect(envelope(await retry)).toMatchObject({ code: "timeout" });
    client.open();
    await first;
    expect(client.runs).toEqual(["tea"]);
  });

  it("keeps results in the state as JSON with a TTL", async () => {
    const client = new GatedClient();
    let now = 0;
    const state = new MemoryState({ now: () => now });
    const a = createRuntime(gatedPlatform(client), { state, idempotencyTtlMs: 1000 });
    const call = a.call("gated_order_create", { item: "tea", idempotency_key: "k4" });
    await client.runsStarted(1);
    client.open();
    await call;
    const stored = await state.get("idem:gated:gated_order_create:key:k4");
    expect(JSON.parse(stored!)).toMatchObject({
      fingerprint: hashOf({ item: "tea" }),
      result: { structuredContent: { id: "order_1", item: "tea" } },
    });
    now = 1001;
    expect(await state.get("idem:gated:gated_order_create:key:k4")).toBeUndefined();
  });
});

describe("confirmation tokens across runtimes sharing state", () => {
  it("accepts a token issued by one runtime once, on any runtime", async () => {
    const state = new MemoryState();
    const a = createRuntime(demoPlatform, { env: demoEnv, state });
    const b = createRuntime(demoPlatform, { env: demoEnv, state });
    const asked = await a.call("demo_item_delete", { id: "x1" });
    const token = envelope(asked).details!.confirm_token as string;
    const onB = await b.call("demo_item_delete", { id: "x1", confirm_token: token });
    expect(onB.structuredContent).toEqual({ id: "x1", deleted: true });
    const againOnA = await a.call("demo_item_delete", { id: "x1", confirm_token: token });
    expect(envelope(againOnA).code).toBe("confirmation_required");
    expect(envelope(againOnA).message).toContain("already used");
  });

  it("signs with the configured secret when one is given", async () => {
    const a = createRuntime(demoPlatform, { env: demoEnv, confirmSecret: "s3cret-from-config" });
    const b = createRuntime(demoPlatform, { env: demoEnv, confirmSecret: "s3cret-from-config" });
    const c = createRuntime(demoPlatform, { env: demoEnv, confirmSecret: "another-secret-value" });
    const asked = await a.call("demo_item_delete", { id: "x2" });
    const token = envelope(asked).details!.confirm_token as string;
    const onC = await c.call("demo_item_delete", { id: "x2", confirm_token: token });
    expect(envelope(onC).message).toContain("not one this server issued");
    const onB = await b.call("demo_item_delete", { id: "x2", confirm_token: token });
    expect(onB.structuredContent).toEqual({ id: "x2", deleted: true });
  });
});

describe("a failing shared state", () => {
  const down: SharedState = {
    get: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:1")),
    set: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:1")),
    claim: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:1")),
    delete: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:1")),
  };

  it("answers upstream_unavailable naming the shared state for calls that need it", async () => {
    const runtime = createRuntime(demoPlatform, { env: demoEnv, state: down });
    const created = await runtime.call("demo_item_create", { name: "n", idempotency_key: "k" });
    expect(envelope(created).code).toBe("upstream_unavailable");
    expect(envelope(created).message).toContain("shared state");
    expect(envelope(created).message).toContain("ECONNREFUSED");
    const deleted = await runtime.call("demo_item_delete", { id: "x" });
    expect(envelope(deleted).code).toBe("upstream_unavailable");
  });

  it("still serves calls that need no shared state", async () => {
    const runtime = createRuntime(demoPlatform, { env: demoEnv, state: down });
    const read = await runtime.call("demo_item_get", { id: "a" });
    expect(read.structuredContent).toEqual({ id: "a", name: "item a" });
  });
});

describe("the shared confirmation key", () => {
  it("is created once and read by every runtime; an emptied store gets it back, not a new one", async () => {
    const state = new MemoryState();
    const a = createRuntime(demoPlatform, { env: demoEnv, state });
    const asked = await a.call("demo_item_delete", { id: "k1" });
    const key = await state.get("confirm:signing-key");
    expect(key).toBeDefined();
    await state.delete("confirm:signing-key");
    // A forged token makes the runtime look again: it restores its key rather than rotate it.
    const token = envelope(asked).details!.confirm_token as string;
    const forged = await a.call("demo_item_delete", { id: "k1", confirm_token: `${token}x` });
    expect(envelope(forged).message).toContain("not one this server issued");
    expect(await state.get("confirm:signing-key")).toBe(key);
    const b = createRuntime(demoPlatform, { env: demoEnv, state });
    const onB = await b.call("demo_item_delete", { id: "k1", confirm_token: token });
    expect(onB.structuredContent).toEqual({ id: "k1", deleted: true });
  });
});
