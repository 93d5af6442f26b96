import { connectInMemory, expectEnvelope, structured } from "@agent-mesh/core/testing";
import { startSandbox } from "@agent-mesh/sandbox";
import { describe, expect, it, vi } from "vitest";
import { platform } from "../src/index.js";
import { MESSAGES, twilioSandbox } from "./setup.js";

const { sandbox, connect } = twilioSandbox();
const WRITE_TOOLS = [
  "twilio_message_send",
  "twilio_message_cancel",
  "twilio_call_create",
  "twilio_call_update",
  "twilio_verification_start",
  "twilio_verification_check",
];

describe("configuration", () => {
  it("starts without credentials, lists its tools and answers not_configured naming the variable", async () => {
    const session = await connectInMemory(platform, { env: {} });
    try {
      const { tools } = await session.client.listTools();
      expect(tools).toHaveLength(12);
      const missing = expectEnvelope(await session.call("twilio_call_list", {}), "not_configured");
      expect(missing.details?.variables).toEqual(["TWILIO_ACCOUNT_SID"]);
    } finally {
      await session.close();
    }
  });

  it("asks for the auth token (or an API key) when only the account SID is set", async () => {
    const session = await connect({ TWILIO_AUTH_TOKEN: "" });
    const missing = expectEnvelope(await session.call("twilio_call_list", {}), "not_configured");
    expect(missing.message).toContain("TWILIO_AUTH_TOKEN");
  });

  it("authenticates with an API key SID and secret", async () => {
    const session = await connect({
      TWILIO_AUTH_TOKEN: "",
      TWILIO_API_KEY: "SK0123456789abcdef0123456789abcdef",
      TWILIO_API_SECRET: "sandbox-twilio-api-secret",
    });
    expect(structured(await session.call("twilio_number_list", {}))).toMatchObject({
      next_cursor: null,
    });
    const auth = sandbox.recorder.requests.at(-1)?.headers.authorization ?? "";
    expect(Buffer.from(auth.replace("Basic ", ""), "base64").toString()).toMatch(/^SK0123/);
  });

  it("maps rejected credentials to authentication_error (20003) without echoing the token", async () => {
    const session = await connect({ TWILIO_AUTH_TOKEN: "wrong-token-value" });
    const result = await session.call("twilio_number_list", {});
    const rejected = expectEnvelope(result, "authentication_error");
    expect(rejected.details).toMatchObject({ platform_code: "20003", http_status: 401 });
    expect(rejected.message).toContain("TWILIO_AUTH_TOKEN");
    expect(JSON.stringify(result)).not.toContain("wrong-token-value");
  });

  it("TWILIO_READ_ONLY=true hides every tool that writes", async () => {
    const session = await connect({ TWILIO_READ_ONLY: "true" });
    const names = (await session.client.listTools()).tools.map((t) => t.name);
    expect(names).toHaveLength(12 - WRITE_TOOLS.length);
    for (const name of WRITE_TOOLS) expect(names).not.toContain(name);
    const before = sandbox.recorder.requests.length;
    const refused = expectEnvelope(
      await session.call("twilio_message_send", { to: "+14155550181", body: "x" }),
      "policy_denied",
    );
    expect(refused.message).toContain("TWILIO_READ_ONLY");
    expect(sandbox.recorder.requests.length).toBe(before);
  });

  it("refuses a recipient outside TWILIO_ALLOWED_RECIPIENTS before any request", async () => {
    const session = await connect({ TWILIO_ALLOWED_RECIPIENTS: "+1415555019*" });
    const before = sandbox.recorder.requests.length;
    const denied = expectEnvelope(
      await session.call("twilio_message_send", { to: "+14155550181", body: "x" }),
      "policy_denied",
    );
    expect(denied.details).toMatchObject({ variable: "TWILIO_ALLOWED_RECIPIENTS" });
    expect(sandbox.recorder.requests.length).toBe(before);
  });

  it("validates input: unknown fields and empty messages are refused, nothing sent", async () => {
    const session = await connect();
    const before = sandbox.recorder.requests.length;
    expectEnvelope(
      await session.call("twilio_message_send", { to: "+14155550182" }),
      "invalid_request",
    );
    const typo = expectEnvelope(
      await session.call("twilio_message_send", { To: "+14155550182", body: "x" }),
      "invalid_request",
    );
    expect(typo.message).toContain("to");
    expect(sandbox.recorder.requests.length).toBe(before);
  });
});

describe("rate limiting", () => {
  it("maps Twilio's 429 (20429) to rate_limited with Retry-After", async () => {
    const session = await connect();
    sandbox.faults.add({
      platform: "twilio",
      match: { path: MESSAGES },
      status: 429,
      headers: { "content-type": "application/json", "retry-after": "7" },
      body: {
        code: 20429,
        message: "Too Many Requests",
        more_info: "https://www.twilio.com/docs/errors/20429",
        status: 429,
      },
    });
    const limited = expectEnvelope(await session.call("twilio_message_list", {}), "rate_limited");
    expect(limited.details).toMatchObject({ platform_code: "20429", retry_after_seconds: 7 });
  });

  it("the stand-in itself throttles past its per-second limit: the SDK sees 20429 and Retry-After", async () => {
    // A stand-in of its own with a limit of 3 a second, so a burst of 12 exceeds it on any machine.
    const previous = process.env.TWILIO_SANDBOX_RATE_LIMIT;
    process.env.TWILIO_SANDBOX_RATE_LIMIT = "3";
    const limitedSandbox = await startSandbox({ platforms: ["twilio"] });
    if (previous === undefined) delete process.env.TWILIO_SANDBOX_RATE_LIMIT;
    else process.env.TWILIO_SANDBOX_RATE_LIMIT = previous;
    const session = await connectInMemory(platform, { env: limitedSandbox.env });
    try {
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          session.call("twilio_number_lookup", { phone_number: "+14155550100" }),
        ),
      );
      const limited = results.filter((r) => r.isError);
      expect(limited.length).toBeGreaterThan(0);
      expect(expectEnvelope(limited[0] ?? {}, "rate_limited").details).toMatchObject({
        platform_code: "20429",
        http_status: 429,
        retry_after_seconds: 1,
      });
      expect(limitedSandbox.recorder.to("twilio").filter((r) => r.status === 429).length).toBe(
        limited.length,
      );
    } finally {
      await session.close();
      await limitedSandbox.close();
    }
  });
});

describe("cancellation", () => {
  it("a cancelled call aborts its request to Twilio", async () => {
    let seen: AbortSignal | undefined;
    let reached = () => {};
    const arrived = new Promise<void>((resolve) => {
      reached = resolve;
    });
    // A fetch that never answers on its own, as a stalled connection would.
    const stalled: typeof fetch = (_url, init) => {
      seen = init?.signal ?? undefined;
      reached();
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    };
    const session = await connect({}, { fetch: stalled });
    const controller = new AbortController();
    const call = session.call("twilio_call_list", {}, { signal: controller.signal });
    await arrived;
    controller.abort();
    await expect(call).rejects.toThrow();
    await vi.waitFor(() => expect(seen?.aborted).toBe(true));
  });
});
