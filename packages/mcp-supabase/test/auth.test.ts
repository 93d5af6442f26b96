import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { confirmed, useSupabase } from "./helpers.js";

const { sandbox, connect, db } = useSupabase();
const admin = (path = "") => sandbox.recorder.to("supabase", `/auth/v1/admin/users${path}`);

interface User {
  id: string;
  email: string;
  email_confirmed_at: string | null;
  user_metadata: Record<string, unknown>;
}

describe("supabase_auth_user_*", () => {
  it("creates a user with a password that never comes back, and gets it", async () => {
    const session = await connect();
    const tools = (await session.client.listTools()).tools;
    const create = tools.find((t) => t.name === "supabase_auth_user_create");
    expect(
      (create?.inputSchema.properties as Record<string, { writeOnly?: boolean }> | undefined)
        ?.password?.writeOnly,
    ).toBe(true);
    const password = "s3cret-never-echoed";
    const result = await session.call("supabase_auth_user_create", {
      email: "Lin@Example.com",
      password,
      email_confirm: true,
      user_metadata: { plan: "pro" },
    });
    const user = structured<User>(result);
    expect(user).toMatchObject({ email: "lin@example.com", user_metadata: { plan: "pro" } });
    expect(user.email_confirmed_at).not.toBeNull();
    expect(JSON.stringify(result)).not.toContain(password);
    const sent = admin().at(-1);
    expect(sent?.method).toBe("POST");
    expect(sent?.body).toMatchObject({ email: "Lin@Example.com", password, email_confirm: true });
    expect(sent?.headers.authorization).toBe(`Bearer ${sandbox.env.SUPABASE_SERVICE_ROLE_KEY}`);
    const stored = await db<{ encrypted_password: string }>(
      "SELECT encrypted_password FROM auth.users WHERE id = $1",
      [user.id],
    );
    expect(stored[0]?.encrypted_password).not.toContain(password);
    expect(structured(await session.call("supabase_auth_user_get", { id: user.id }))).toMatchObject(
      { id: user.id },
    );
  });

  it("answers a second user with the same email with GoTrue's email_exists", async () => {
    const session = await connect();
    await session.call("supabase_auth_user_create", { email: "twice@example.com" });
    const error = expectEnvelope(
      await session.call("supabase_auth_user_create", {
        email: "twice@example.com",
        idempotency_key: "other",
      }),
      "invalid_request",
    );
    expect(error.details).toMatchObject({ platform_code: "email_exists", status: 422 });
  });

  it("answers not_found for an unknown id and invalid_request for a malformed one, sending nothing for the latter", async () => {
    const session = await connect();
    expectEnvelope(
      await session.call("supabase_auth_user_get", { id: "00000000-0000-4000-8000-000000000000" }),
      "not_found",
    );
    const before = sandbox.recorder.to("supabase").length;
    expectEnvelope(
      await session.call("supabase_auth_user_get", { id: "1' OR '1'='1" }),
      "invalid_request",
    );
    expect(sandbox.recorder.to("supabase")).toHaveLength(before);
  });

  it("lists users page by page", async () => {
    const session = await connect();
    for (const n of [1, 2, 3])
      await session.call("supabase_auth_user_create", { email: `page${n}@example.com` });
    const total = (await db<{ n: number }>("SELECT count(*)::int AS n FROM auth.users"))[0]?.n ?? 0;
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = structured<{ users: User[]; total: number; next_cursor: string | null }>(
        await session.call("supabase_auth_user_list", { limit: 2, ...(cursor ? { cursor } : {}) }),
      );
      expect(page.total).toBe(total);
      seen.push(...page.users.map((u) => u.email));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(admin().at(-1)?.query).toMatchObject({ per_page: "2" });
  });

  it("updates a user (metadata merged) and deletes one only after confirmation", async () => {
    const session = await connect();
    const user = structured<User>(
      await session.call("supabase_auth_user_create", {
        email: "gone@example.com",
        user_metadata: { a: 1 },
      }),
    );
    const updated = structured<User>(
      await session.call("supabase_auth_user_update", {
        id: user.id,
        user_metadata: { b: 2 },
        email_confirm: true,
      }),
    );
    expect(updated.user_metadata).toEqual({ a: 1, b: 2 });
    expect(admin(`/${user.id}`).at(-1)).toMatchObject({
      method: "PUT",
      body: { user_metadata: { b: 2 }, email_confirm: true },
    });
    const before = admin(`/${user.id}`).length;
    expectEnvelope(
      await session.call("supabase_auth_user_delete", { id: user.id }),
      "confirmation_required",
    );
    expect(admin(`/${user.id}`)).toHaveLength(before);
    expect(
      structured(await confirmed(session, "supabase_auth_user_delete", { id: user.id })),
    ).toEqual({
      id: user.id,
      deleted: true,
    });
    expect(await db("SELECT id FROM auth.users WHERE id = $1", [user.id])).toEqual([]);
  });
});
