import { type Connected, connectInMemory, expectEnvelope } from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import pg from "pg";
import { afterAll, afterEach, beforeAll } from "vitest";
import { platform } from "../src/index.js";

/**
 * One Supabase stand-in per test file (its own database, dropped afterwards), sessions closed
 * after each test, and a direct connection for asserting on what the database holds.
 */
export function useSupabase() {
  const sandbox = useSandbox("supabase");
  const sessions: Connected[] = [];
  beforeAll(sandbox.start);
  afterAll(sandbox.close);
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
  });
  return {
    sandbox,
    async connect(env: Record<string, string> = {}, options: { confirmations?: boolean } = {}) {
      const session = await connectInMemory(platform, {
        env: { ...sandbox.env, ...env },
        ...options,
      });
      sessions.push(session);
      return session;
    },
    /** Runs SQL on the stand-in's database directly (as the superuser). */
    async db<T extends Record<string, unknown>>(
      text: string,
      params: unknown[] = [],
    ): Promise<T[]> {
      const client = new pg.Client({ connectionString: sandbox.env.SUPABASE_DB_URL });
      await client.connect();
      try {
        return (await client.query<T>(text, params)).rows;
      } finally {
        await client.end();
      }
    },
  };
}

/** Calls a tool that asks first: the first call must answer confirmation_required, then confirm. */
export async function confirmed(session: Connected, tool: string, args: Record<string, unknown>) {
  const first = expectEnvelope(await session.call(tool, args), "confirmation_required");
  const token = (first.details as { confirm_token: string }).confirm_token;
  return session.call(tool, { ...args, confirm_token: token });
}
