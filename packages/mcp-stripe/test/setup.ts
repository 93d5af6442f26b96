import { type Connected, type ConnectOptions, connectInMemory } from "@agent-mesh/core/testing";
import { type RecordedRequest, STRIPE_SANDBOX_KEYS, useSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll } from "vitest";
import { platform } from "../src/index.js";

export { STRIPE_SANDBOX_KEYS };

/** The user says yes to every confirmation (MCP elicitation). */
export const acceptAll: ConnectOptions["onElicit"] = () => ({
  action: "accept",
  content: { confirm: true },
});

/** A recorded form body as Stripe's flat bracket keys: `{ amount: "2000", "metadata[order]": "o1" }`. */
export function form(request: RecordedRequest | undefined): Record<string, string> {
  const body = request?.body;
  return Object.fromEntries(new URLSearchParams(typeof body === "string" ? body : ""));
}

/** The Stripe stand-in for this test file, and MCP sessions against it closed after each test. */
export function useStripeSandbox() {
  const sandbox = useSandbox("stripe");
  const sessions: Connected[] = [];
  beforeAll(sandbox.start);
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
    sandbox.faults.clear();
  });
  afterAll(sandbox.close);
  return {
    sandbox,
    /** A session that accepts every confirmation, unless options say otherwise. */
    async connect(
      env: Record<string, string> = {},
      options: ConnectOptions = { onElicit: acceptAll },
    ) {
      const session = await connectInMemory(platform, {
        ...options,
        env: { ...sandbox.env, ...env },
      });
      sessions.push(session);
      return session;
    },
    /** Requests to a path (exact or pattern) with one method. */
    sent(method: string, path: string | RegExp) {
      return sandbox.recorder.to("stripe", path).filter((r) => r.method === method);
    },
  };
}
