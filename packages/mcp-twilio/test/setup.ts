import { type Connected, type ConnectOptions, connectInMemory } from "@agent-mesh/core/testing";
import { type UsedSandbox, useSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll } from "vitest";
import { platform } from "../src/index.js";

export const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
export const FROM = "+15005550006";
export const SERVICE = "MG0123456789abcdef0123456789abcdef";
export const VERIFY = "VA0123456789abcdef0123456789abcdef";
export const MESSAGES = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;
export const CALLS = `/2010-04-01/Accounts/${ACCOUNT}/Calls.json`;

/** The Twilio stand-in for one test file, and sessions that are closed after each test. */
export function twilioSandbox(stepMs = 40): {
  sandbox: UsedSandbox;
  connect: (env?: Record<string, string>, options?: ConnectOptions) => Promise<Connected>;
} {
  const sandbox = useSandbox("twilio", { stepMs });
  beforeAll(sandbox.start);
  afterAll(sandbox.close);
  const sessions: Connected[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
    sandbox.faults.clear();
  });
  const connect = async (env: Record<string, string> = {}, options: ConnectOptions = {}) => {
    const session = await connectInMemory(platform, {
      ...options,
      env: { ...sandbox.env, ...env },
    });
    sessions.push(session);
    return session;
  };
  return { sandbox, connect };
}

/** A form body the stand-in recorded, as key -> values. */
export function form(body: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(String(body ?? ""))) {
    out[key] = [...(out[key] ?? []), value];
  }
  return out;
}
