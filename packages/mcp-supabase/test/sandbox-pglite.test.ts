import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { createClient } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { useSupabase } from "./helpers.js";

// No server: what `agent-mesh start --sandbox` does on a machine without PostgreSQL. The stand-in
// then runs on embedded PGlite, with a wire-protocol socket for SUPABASE_DB_URL.
process.env.SUPABASE_SANDBOX_POSTGRES_URL = "";
const { sandbox, connect } = useSupabase();

describe("the stand-in on embedded PGlite", () => {
  it("serves PostgREST with RLS, GoTrue, and direct SQL and migrations", async () => {
    expect(sandbox.env.SUPABASE_DB_URL).toMatch(
      /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/,
    );
    const session = await connect();
    const orders = structured<{ count: number }>(
      await session.call("supabase_table_select", {
        table: "orders",
        filters: [{ column: "status", operator: "eq", value: "paid" }],
      }),
    );
    expect(orders.count).toBe(2);
    const user = structured<{ email: string }>(
      await session.call("supabase_auth_user_create", {
        email: "pglite@example.com",
        password: "pglite-pass",
      }),
    );
    expect(user.email).toBe("pglite@example.com");
    const migration = {
      name: "add_products_table",
      sql: "CREATE TABLE public.products (id int PRIMARY KEY, name text);",
    };
    expect(structured(await session.call("supabase_migration_apply", migration))).toMatchObject({
      status: "applied",
    });
    expect(structured(await session.call("supabase_migration_apply", migration))).toMatchObject({
      status: "already_applied",
    });
    expectEnvelope(
      await session.call("supabase_sql_query", { sql: "DELETE FROM orders" }),
      "permission_denied",
    );
    const count = structured<{ rows: { data: Array<{ n: number }> } }>(
      await session.call("supabase_sql_query", { sql: "SELECT count(*)::int AS n FROM orders" }),
    );
    expect(count.rows.data).toEqual([{ n: 4 }]);
    const anon = createClient(
      sandbox.env.SUPABASE_URL as string,
      sandbox.env.SUPABASE_ANON_KEY as string,
      {
        auth: { persistSession: false },
        realtime: { transport: WebSocket as never },
      },
    );
    const visible = await anon.from("customers").select("name");
    expect(visible.data).toEqual([{ name: "Ada Lovelace" }]);
  });
});
