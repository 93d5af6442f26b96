import { useSandbox } from "@agent-mesh/sandbox";
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

const sandbox = useSandbox("supabase");
beforeAll(sandbox.start);
afterAll(sandbox.close);

const client = (key: string) =>
  createClient(sandbox.env.SUPABASE_URL as string, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });

describe("the Supabase stand-in, through unmodified supabase-js", () => {
  it("enforces row-level security: anon sees public rows, the service role sees all", async () => {
    const anon = await client(sandbox.env.SUPABASE_ANON_KEY as string)
      .from("customers")
      .select("id,name", { count: "exact" })
      .order("id");
    expect(anon.error).toBeNull();
    expect(anon.data).toEqual([{ id: 1, name: "Ada Lovelace" }]);
    const service = await client(sandbox.env.SUPABASE_SERVICE_ROLE_KEY as string)
      .from("customers")
      .select("id,name,orders(total_cents)", { count: "exact" })
      .order("id")
      .range(0, 1);
    expect(service.error).toBeNull();
    expect(service.count).toBe(3);
    expect(service.data).toEqual([
      { id: 1, name: "Ada Lovelace", orders: [{ total_cents: 1200 }, { total_cents: 800 }] },
      { id: 2, name: "Grace Hopper", orders: [{ total_cents: 5000 }] },
    ]);
    const request = sandbox.recorder.to("supabase", "/rest/v1/customers").at(-1);
    expect(request?.query).toMatchObject({
      select: "id,name,orders(total_cents)",
      order: "id.asc",
      offset: "0",
      limit: "2",
    });
  });

  it("signs a user in and applies their claims to RLS", async () => {
    const admin = client(sandbox.env.SUPABASE_SERVICE_ROLE_KEY as string);
    const created = await admin.auth.admin.createUser({
      email: "owner@example.com",
      password: "correct horse",
      email_confirm: true,
    });
    expect(created.error).toBeNull();
    const id = created.data.user?.id as string;
    await admin
      .from("customers")
      .insert({ name: "Owner", email: "owner-row@example.com", owner_id: id });
    const user = client(sandbox.env.SUPABASE_ANON_KEY as string);
    const signIn = await user.auth.signInWithPassword({
      email: "owner@example.com",
      password: "correct horse",
    });
    expect(signIn.error).toBeNull();
    const mine = await user.from("customers").select("name");
    expect(mine.data).toEqual([{ name: "Owner" }]);
    const wrong = await client(sandbox.env.SUPABASE_ANON_KEY as string).auth.signInWithPassword({
      email: "owner@example.com",
      password: "nope-nope",
    });
    expect(wrong.error?.code).toBe("invalid_credentials");
  });

  it("answers PostgREST's errors: anon writes refused by Postgres, a failed singular response undone", async () => {
    const anon = await client(sandbox.env.SUPABASE_ANON_KEY as string)
      .from("orders")
      .insert({ customer_id: 1, total_cents: 1 });
    expect(anon.status).toBe(401);
    expect(anon.error?.code).toBe("42501");
    const service = client(sandbox.env.SUPABASE_SERVICE_ROLE_KEY as string);
    const two = await service
      .from("orders")
      .insert([
        { customer_id: 1, total_cents: 11, note: "single-a" },
        { customer_id: 1, total_cents: 12, note: "single-b" },
      ])
      .select()
      .single();
    expect(two.status).toBe(406);
    expect(two.error?.code).toBe("PGRST116");
    const left = await service.from("orders").select("id").like("note", "single-*");
    expect(left.data).toEqual([]);
  });
});
