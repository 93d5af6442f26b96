import { afterEach, describe, expect, it } from "vitest";
import {
  ConfirmationManager,
  createRuntime,
  MemoryIdempotencyStore,
  readEnvelope,
} from "../src/index.js";
import { type Connected, connectInMemory } from "../src/testing.js";
import { DemoClient, demoEnv, demoPlatform } from "./fixtures/demo-platform.js";

let session: Connected | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const envelope = (result: { isError?: boolean; content?: unknown }) =>
  readEnvelope(result) as {
    code: string;
    message: string;
    details?: { confirm_token?: string };
  };

describe("confirmation", () => {
  it("asks first, runs once with the token, and refuses the token a second time", async () => {
    session = await connectInMemory(demoPlatform, { env: demoEnv });
    const first = await session.call("demo_item_delete", { id: "x1" });
    expect(envelope(first).code).toBe("confirmation_required");
    expect(envelope(first).message).toContain("Delete item x1 permanently (0 deleted so far).");
    const token = envelope(first).details!.confirm_token!;
    const second = await session.call("demo_item_delete", { id: "x1", confirm_token: token });
    expect(second.isError).toBeFalsy();
    expect(second.structuredContent).toEqual({ id: "x1", deleted: true });
    const again = await session.call("demo_item_delete", { id: "x1", confirm_token: token });
    expect(envelope(again).message).toContain("already used");
  });

  it("answers a refusal from the confirmation message at once, without asking", async () => {
    const runtime = createRuntime(demoPlatform, { env: demoEnv });
    const result = await runtime.call("demo_item_delete", { id: "protected-1" });
    expect(envelope(result)).toMatchObject({
      code: "policy_denied",
      message: "Item protected-1 is protected.",
    });
    expect(envelope(result).details).toBeUndefined();
  });

  it("refuses a token issued for other arguments, and runs nothing", async () => {
    const runtime = createRuntime(demoPlatform, { env: demoEnv });
    const first = await runtime.call("demo_item_delete", { id: "x1" });
    const token = envelope(first).details!.confirm_token!;
    const swapped = await runtime.call("demo_item_delete", { id: "x2", confirm_token: token });
    expect(envelope(swapped)).toMatchObject({ code: "confirmation_required" });
    expect(envelope(swapped).message).toContain("for different arguments");
    const forged = await runtime.call("demo_item_delete", {
      id: "x2",
      confirm_token: `${token.slice(0, -2)}xx`,
    });
    expect(envelope(forged).message).toContain("not one this server issued");
    const ok = await runtime.call("demo_item_get", { id: "probe" });
    expect(ok.isError).toBeFalsy();
  });

  it("refuses an expired token", async () => {
    let now = 1_000_000;
    const manager = new ConfirmationManager({ ttlMs: 1000, now: () => now });
    const { token } = await manager.issue("demo_item_delete", { id: "a" });
    now += 1001;
    expect(await manager.redeem("demo_item_delete", { id: "a" }, token)).toBe("expired");
  });

  it("uses MCP elicitation when the client supports it", async () => {
    const asked: string[] = [];
    session = await connectInMemory(demoPlatform, {
      env: demoEnv,
      onElicit: (message) => {
        asked.push(message);
        return { action: "accept", content: { confirm: true } };
      },
    });
    const result = await session.call("demo_item_delete", { id: "e1" });
    expect(result.structuredContent).toEqual({ id: "e1", deleted: true });
    expect(asked).toEqual(["Delete item e1 permanently (0 deleted so far). Proceed?"]);
  });

  it("does nothing when the user declines through elicitation", async () => {
    session = await connectInMemory(demoPlatform, {
      env: demoEnv,
      onElicit: () => ({ action: "decline" }),
    });
    const result = await session.call("demo_item_delete", { id: "e2" });
    expect(envelope(result)).toMatchObject({ code: "confirmation_required" });
    expect(envelope(result).message).toContain("declined");
  });

  it("can be turned off by the operator", async () => {
    session = await connectInMemory(demoPlatform, { env: demoEnv, confirmations: false });
    const { tools } = await session.client.listTools();
    expect(
      Object.keys(tools.find((t) => t.name === "demo_item_delete")!.inputSchema.properties ?? {}),
    ).not.toContain("confirm_token");
    const result = await session.call("demo_item_delete", { id: "x" });
    expect(result.structuredContent).toEqual({ id: "x", deleted: true });
  });
});

describe("idempotency", () => {
  it("runs a call with the same key once and replays its result", async () => {
    const runtime = createRuntime(demoPlatform, { env: demoEnv });
    const a = await runtime.call("demo_item_create", { name: "n", idempotency_key: "k1" });
    const b = await runtime.call("demo_item_create", { name: "n", idempotency_key: "k1" });
    const c = await runtime.call("demo_item_create", { name: "n", idempotency_key: "k2" });
    expect(b.structuredContent).toEqual(a.structuredContent);
    expect(b._meta).toEqual({ "agent-mesh/idempotent-replay": true });
    expect(c.structuredContent).toEqual({ id: "item_2", name: "n" });
  });

  it("collapses concurrent identical calls without a key into one run", async () => {
    const runtime = createRuntime(demoPlatform, { env: demoEnv });
    const results = await Promise.all(
      [1, 2, 3].map(() => runtime.call("demo_item_create", { name: "same" })),
    );
    expect(new Set(results.map((r) => JSON.stringify(r.structuredContent))).size).toBe(1);
    const fresh = await runtime.call("demo_item_create", { name: "other" });
    expect(fresh.structuredContent).toEqual({ id: "item_2", name: "other" });
  });

  it("refuses a key reused with different arguments, running nothing", async () => {
    const runtime = createRuntime(demoPlatform, { env: demoEnv });
    const first = await runtime.call("demo_item_create", { name: "a", idempotency_key: "k" });
    expect(first.structuredContent).toEqual({ id: "item_1", name: "a" });
    const reused = await runtime.call("demo_item_create", { name: "b", idempotency_key: "k" });
    expect(envelope(reused).code).toBe("conflict");
    expect(envelope(reused).message).toContain('idempotency_key "k" was already used');
    const next = await runtime.call("demo_item_create", { name: "b", idempotency_key: "k2" });
    expect(next.structuredContent).toEqual({ id: "item_2", name: "b" });
  });

  it("does not remember failures, so a retry after an error runs again", async () => {
    const runtime = createRuntime(demoPlatform, { env: demoEnv });
    const first = await runtime.call("demo_item_create", { name: "fail", idempotency_key: "k" });
    expect(envelope(first).code).toBe("conflict");
    const second = await runtime.call("demo_item_create", { name: "fail", idempotency_key: "k" });
    expect(second._meta).toBeUndefined();
  });

  it("expires entries in the memory store", async () => {
    let now = 0;
    const store = new MemoryIdempotencyStore({ now: () => now, maxEntries: 2 });
    const result = { fingerprint: "f", result: { content: [] } };
    await store.set("a", result, 100);
    expect(await store.get("a")).toBe(result);
    now = 101;
    expect(await store.get("a")).toBeUndefined();
    await store.set("b", result, 100);
    await store.set("c", result, 100);
    await store.set("d", result, 100);
    expect(await store.get("b")).toBeUndefined();
    expect(await store.get("d")).toBe(result);
  });
});

describe("runtime bookkeeping", () => {
  it("tracks in-flight calls and reports idle when they finish", async () => {
    const runtime = createRuntime(demoPlatform, { env: demoEnv });
    const pending = runtime.call("demo_job_wait", { steps: 2 });
    expect(runtime.inFlight).toBe(1);
    await runtime.idle();
    expect(runtime.inFlight).toBe(0);
    expect((await pending).structuredContent).toEqual({ steps: 2 });
  });

  it("builds the SDK client once, on the first call", async () => {
    let built = 0;
    const counted = {
      ...demoPlatform,
      client: (config: { token: string }) => {
        built++;
        return new DemoClient(config.token);
      },
    };
    const runtime = createRuntime(counted, { env: demoEnv });
    expect(built).toBe(0);
    await runtime.call("demo_item_get", { id: "a" });
    await runtime.call("demo_item_get", { id: "b" });
    expect(built).toBe(1);
  });
});
