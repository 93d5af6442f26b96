import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../src/index.js";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ platforms: ["segment"] });
});
afterAll(() => sandbox.close());

const auth = (key = "sandbox-segment-write-key") =>
  `Basic ${Buffer.from(`${key}:`).toString("base64")}`;

function post(path: string, body: string, key?: string) {
  return fetch(`${sandbox.urls.segment}${path}`, {
    method: "POST",
    headers: { authorization: auth(key), "content-type": "application/json" },
    body,
  });
}

describe("the Segment tracking stand-in", () => {
  it("accepts /v1/track with Basic auth and keeps the event; a repeated messageId is dropped", async () => {
    const event = JSON.stringify({ userId: "u1", event: "Wire Test", messageId: "wire-1" });
    expect(await (await post("/v1/track", event)).json()).toEqual({ success: true });
    expect((await post("/v1/track", event)).status).toBe(200);
    const arrived = (await (await fetch(`${sandbox.urls.segment}/_sandbox/events`)).json()) as {
      events: Array<{ message: { messageId: string; type: string } }>;
    };
    const kept = arrived.events.filter((e) => e.message.messageId === "wire-1");
    expect(kept).toHaveLength(1);
    expect(kept[0]?.message.type).toBe("track");
  });

  it("answers 401 for an unknown write key, 400 for malformed and oversized bodies", async () => {
    const bad = await post("/v1/batch", JSON.stringify({ batch: [] }), "wrong");
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ success: false, code: "invalid_write_key" });
    const malformed = await post("/v1/batch", "{not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ message: expect.stringContaining("JSON") });
    const big = { userId: "u", event: "Big", properties: { blob: "x".repeat(33 * 1024) } };
    const oversized = await post(
      "/v1/batch",
      JSON.stringify({ batch: [{ type: "track", ...big }] }),
    );
    expect(oversized.status).toBe(400);
    expect(((await oversized.json()) as { message: string }).message).toContain("32 KB");
    const noUser = await post(
      "/v1/batch",
      JSON.stringify({ batch: [{ type: "track", event: "X" }] }),
    );
    expect(noUser.status).toBe(400);
  });

  it("rate limits a source with 429 and Retry-After", async () => {
    const body = JSON.stringify({ batch: [{ type: "track", userId: "u", event: "Burst" }] });
    const limited = await post("/v1/batch", body, "sandbox-segment-throttled-write-key");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(await limited.json()).toMatchObject({ success: false, code: "rate_limited" });
  });
});

describe("the Segment Public API stand-in", () => {
  it("requires a bearer token and pagination.count, with Segment's error body", async () => {
    const noToken = await fetch(`${sandbox.urls.segment}/sources?pagination.count=2`);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({
      errors: [{ type: "unauthorized", message: expect.any(String) }],
    });
    const headers = { authorization: "Bearer sandbox-segment-public-api-token" };
    const noCount = await fetch(`${sandbox.urls.segment}/sources`, { headers });
    expect(noCount.status).toBe(400);
    const page = await fetch(`${sandbox.urls.segment}/sources?pagination.count=2`, { headers });
    const body = (await page.json()) as {
      data: { sources: unknown[]; pagination: { next: string | null; totalEntries: number } };
    };
    expect(body.data.sources).toHaveLength(2);
    expect(body.data.pagination).toMatchObject({ totalEntries: 4, next: expect.any(String) });
  });
});
