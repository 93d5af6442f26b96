import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { confirmed, useSupabase } from "./helpers.js";

const { sandbox, connect, db } = useSupabase();
const rest = (table: string) => sandbox.recorder.to("supabase", `/rest/v1/${table}`);

interface Rows {
  rows: { notice: string; data: Array<Record<string, unknown>> };
  count: number | null;
  next_cursor: string | null;
}

describe("supabase_table_list", () => {
  it("lists tables of the allowed schemas with columns and whether RLS is on", async () => {
    const session = await connect();
    const out = structured<{
      tables: Array<{
        schema: string;
        name: string;
        rls_enabled: boolean;
        columns: Array<{ name: string; type: string }>;
      }>;
    }>(await session.call("supabase_table_list", {}));
    expect(out.tables.map((t) => `${t.schema}.${t.name}`)).toEqual([
      "public.customers",
      "public.orders",
    ]);
    expect(out.tables[0]?.rls_enabled).toBe(true);
    expect(out.tables[1]?.rls_enabled).toBe(false);
    expect(out.tables[1]?.columns).toContainEqual(
      expect.objectContaining({ name: "total_cents", type: "integer" }),
    );
  });

  it("answers not_configured naming SUPABASE_DB_URL without a direct connection", async () => {
    const session = await connect({ SUPABASE_DB_URL: "" });
    const error = expectEnvelope(await session.call("supabase_table_list", {}), "not_configured");
    expect(error.details).toEqual({ variables: ["SUPABASE_DB_URL"] });
  });
});

describe("supabase_table_select", () => {
  it("filters, orders, embeds and pages with an exact count, marking rows untrusted", async () => {
    const session = await connect();
    const args = {
      table: "orders",
      columns: "id,total_cents,customers(name)",
      filters: [{ column: "status", operator: "in", value: ["paid", "pending"] }],
      order: [{ column: "total_cents", ascending: false }],
      limit: 2,
    };
    const page1 = structured<Rows>(await session.call("supabase_table_select", args));
    expect(page1.rows.notice).toMatch(/Untrusted/);
    expect(page1.rows.data).toEqual([
      { id: 3, total_cents: 5000, customers: { name: "Grace Hopper" } },
      { id: 1, total_cents: 1200, customers: { name: "Ada Lovelace" } },
    ]);
    expect(page1.count).toBe(3);
    expect(rest("orders").at(-1)?.query).toEqual({
      select: "id,total_cents,customers(name)",
      status: "in.(paid,pending)",
      order: "total_cents.desc",
      offset: "0",
      limit: "2",
    });
    expect(rest("orders").at(-1)?.headers.prefer).toBe("count=exact");
    const page2 = structured<Rows>(
      await session.call("supabase_table_select", { ...args, cursor: page1.next_cursor }),
    );
    expect(page2.rows.data.map((r) => r.id)).toEqual([2]);
    expect(page2.next_cursor).toBeNull();
  });

  it("maps PostgREST errors: a missing table is not_found, a bad column invalid_request", async () => {
    const session = await connect();
    const missing = expectEnvelope(
      await session.call("supabase_table_select", { table: "nope" }),
      "not_found",
    );
    expect(missing.details).toMatchObject({ platform_code: "PGRST205", status: 404 });
    const column = expectEnvelope(
      await session.call("supabase_table_select", { table: "orders", columns: "id,nope" }),
      "invalid_request",
    );
    expect(column.details).toMatchObject({ platform_code: "42703" });
  });

  it("refuses a table outside SUPABASE_TABLES before any request", async () => {
    const session = await connect({ SUPABASE_TABLES: "public.orders" });
    const before = sandbox.recorder.to("supabase").length;
    expectEnvelope(
      await session.call("supabase_table_select", { table: "customers" }),
      "policy_denied",
    );
    expectEnvelope(
      await session.call("supabase_table_select", { schema: "auth", table: "users" }),
      "policy_denied",
    );
    expect(sandbox.recorder.to("supabase")).toHaveLength(before);
  });
});

describe("supabase_table_insert", () => {
  it("inserts many rows, returns them, and a retry inserts once", async () => {
    const session = await connect();
    const args = {
      table: "customers",
      rows: [
        { name: "Katherine Johnson", email: "kj@example.com" },
        { name: "Dorothy Vaughan", email: "dv@example.com" },
      ],
    };
    const before = rest("customers").length;
    const out = structured<{
      inserted: number;
      rows: { data: Array<{ id: number; name: string }> };
    }>(await session.call("supabase_table_insert", args));
    expect(out.inserted).toBe(2);
    expect(out.rows.data.map((r) => r.name)).toEqual(["Katherine Johnson", "Dorothy Vaughan"]);
    await session.call("supabase_table_insert", args);
    const posts = rest("customers")
      .slice(before)
      .filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual(args.rows);
    expect(posts[0]?.headers.prefer).toBe("return=representation");
    expect(
      await db(
        "SELECT count(*)::int AS n FROM customers WHERE email IN ('kj@example.com', 'dv@example.com')",
      ),
    ).toEqual([{ n: 2 }]);
  });

  it("upserts on on_conflict, and a duplicate without it is a conflict", async () => {
    const session = await connect();
    const duplicate = expectEnvelope(
      await session.call("supabase_table_insert", {
        table: "customers",
        rows: [{ name: "Again", email: "ada@example.com" }],
      }),
      "conflict",
    );
    expect(duplicate.details).toMatchObject({ platform_code: "23505", status: 409 });
    const out = structured<{ rows: { data: Array<{ id: number; name: string }> } }>(
      await session.call("supabase_table_insert", {
        table: "customers",
        rows: [{ name: "Ada King", email: "ada@example.com" }],
        on_conflict: ["email"],
      }),
    );
    expect(out.rows.data).toMatchObject([{ id: 1, name: "Ada King" }]);
    expect(rest("customers").at(-1)?.query).toMatchObject({ on_conflict: "email" });
  });
});

describe("supabase_table_update", () => {
  it("refuses a call without a filter and sends nothing", async () => {
    const session = await connect();
    const before = sandbox.recorder.to("supabase").length;
    const error = expectEnvelope(
      await session.call("supabase_table_update", {
        table: "orders",
        values: { status: "void" },
        filters: [],
      }),
      "invalid_request",
    );
    expect(error.message).toMatch(/filter/);
    expect(sandbox.recorder.to("supabase")).toHaveLength(before);
  });

  it("updates the matching rows and returns them", async () => {
    const session = await connect();
    const out = structured<{
      updated: number;
      rows: { data: Array<{ id: number; status: string }> };
    }>(
      await session.call("supabase_table_update", {
        table: "orders",
        values: { status: "shipped" },
        filters: [{ column: "id", operator: "eq", value: 2 }],
      }),
    );
    expect(out).toMatchObject({ updated: 1, rows: { data: [{ id: 2, status: "shipped" }] } });
    const sent = rest("orders").at(-1);
    expect(sent).toMatchObject({
      method: "PATCH",
      query: { id: "eq.2", select: "*" },
      body: { status: "shipped" },
    });
  });
});

describe("supabase_table_delete", () => {
  it("refuses an unfiltered delete, sending nothing", async () => {
    const session = await connect();
    const before = sandbox.recorder.to("supabase").length;
    expectEnvelope(
      await session.call("supabase_table_delete", { table: "orders", filters: [] }),
      "invalid_request",
    );
    expect(sandbox.recorder.to("supabase")).toHaveLength(before);
  });

  it("asks first naming the table and filter, sends nothing before, then reports the count", async () => {
    const session = await connect();
    const args = {
      table: "orders",
      filters: [{ column: "status", operator: "eq", value: "refunded" }],
    };
    const before = sandbox.recorder.to("supabase").length;
    const ask = expectEnvelope(
      await session.call("supabase_table_delete", args),
      "confirmation_required",
    );
    expect(ask.message).toContain('public.orders where status eq "refunded"');
    expect(sandbox.recorder.to("supabase")).toHaveLength(before);
    const token = (ask.details as { confirm_token: string }).confirm_token;
    const out = structured(
      await session.call("supabase_table_delete", { ...args, confirm_token: token }),
    );
    expect(out).toEqual({ deleted: 1, table: "public.orders" });
    expect(rest("orders").at(-1)).toMatchObject({
      method: "DELETE",
      query: { status: "eq.refunded" },
    });
    expect(await db("SELECT count(*)::int AS n FROM orders WHERE status = 'refunded'")).toEqual([
      { n: 0 },
    ]);
  });
});

describe("supabase_rpc_call", () => {
  it("calls a Postgres function with named arguments", async () => {
    const session = await connect();
    const out = structured<{ result: { data: unknown } }>(
      await session.call("supabase_rpc_call", {
        function: "customer_total",
        args: { customer: 1 },
      }),
    );
    expect(out.result.data).toBe(2000);
    expect(sandbox.recorder.to("supabase", "/rest/v1/rpc/customer_total").at(-1)?.body).toEqual({
      customer: 1,
    });
    expectEnvelope(await session.call("supabase_rpc_call", { function: "nope" }), "not_found");
  });

  it("refuses a function outside SUPABASE_FUNCTIONS", async () => {
    const session = await connect({ SUPABASE_FUNCTIONS: "public.other_*" });
    expectEnvelope(
      await session.call("supabase_rpc_call", {
        function: "customer_total",
        args: { customer: 1 },
      }),
      "policy_denied",
    );
  });
});

it("keeps confirmed deletes working through the helper", async () => {
  const session = await connect();
  const out = structured(
    await confirmed(session, "supabase_table_delete", {
      table: "orders",
      filters: [{ column: "id", operator: "eq", value: 999 }],
    }),
  );
  expect(out).toEqual({ deleted: 0, table: "public.orders" });
});
