import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { confirmed, useSupabase } from "./helpers.js";

const { connect, db } = useSupabase();
const orderCount = async () =>
  (await db<{ n: number }>("SELECT count(*)::int AS n FROM orders"))[0]?.n;

describe("supabase_sql_query (read-only, enforced by Postgres)", () => {
  it("runs a parameterised query and bounds the rows it returns", async () => {
    const session = await connect();
    const out = structured<{
      command: string;
      row_count: number;
      rows: { notice: string; data: unknown[] };
      truncated: boolean;
    }>(
      await session.call("supabase_sql_query", {
        sql: "SELECT id, status FROM orders WHERE total_cents > $1 ORDER BY id",
        params: [500],
        max_rows: 2,
      }),
    );
    expect(out.command).toBe("SELECT");
    expect(out.rows.notice).toMatch(/Untrusted/);
    expect(out.rows.data).toEqual([
      { id: "1", status: "paid" },
      { id: "2", status: "pending" },
    ]);
    expect(out).toMatchObject({ row_count: 3, truncated: true });
  });

  it.each([
    [
      "a writable CTE",
      "WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone",
      "permission_denied",
    ],
    ["a second statement", "SELECT 1; DELETE FROM orders", "invalid_request"],
    ["a commit then a write", "COMMIT; DELETE FROM orders", "invalid_request"],
    ["switching the transaction to read-write", "SET TRANSACTION READ WRITE", "invalid_request"],
    [
      "turning read-only off",
      "SELECT set_config('transaction_read_only', 'off', true)",
      "invalid_request",
    ],
    ["a plain delete", "DELETE FROM orders", "permission_denied"],
  ])("refuses %s in the database, changing nothing", async (_what, sql, code) => {
    const session = await connect();
    const result = await session.call("supabase_sql_query", { sql });
    expectEnvelope(result, code as "invalid_request");
    expect(await orderCount()).toBe(4);
  });

  it("a write smuggled past the role still fails in the read-only transaction", async () => {
    const session = await connect();
    const error = expectEnvelope(
      await session.call("supabase_sql_query", {
        sql: "WITH r AS (SELECT set_config('role', 'postgres', true)) INSERT INTO orders (customer_id, total_cents) SELECT 1, 1 FROM r",
      }),
      "permission_denied",
    );
    expect(error.details).toMatchObject({ platform_code: "25006" });
    expect(await orderCount()).toBe(4);
  });
});

describe("supabase_sql_execute", () => {
  it("is refused unless SUPABASE_SQL_WRITES is on, before asking or connecting", async () => {
    const session = await connect();
    const error = expectEnvelope(
      await session.call("supabase_sql_execute", {
        sql: "DELETE FROM orders WHERE id = $1",
        params: [1],
      }),
      "policy_denied",
    );
    expect(error.details).toEqual({ variable: "SUPABASE_SQL_WRITES" });
    expect(await orderCount()).toBe(4);
  });

  it("writes after confirmation when enabled, with values as parameters", async () => {
    const session = await connect({ SUPABASE_SQL_WRITES: "true" });
    const args = {
      sql: "UPDATE orders SET note = $1 WHERE id = $2",
      params: ["'); DROP TABLE orders; --", 4],
    };
    expectEnvelope(await session.call("supabase_sql_execute", args), "confirmation_required");
    expect(await db("SELECT note FROM orders WHERE id = 4")).toEqual([{ note: null }]);
    const out = structured(await confirmed(session, "supabase_sql_execute", args));
    expect(out).toMatchObject({ command: "UPDATE", row_count: 1 });
    expect(await db("SELECT note FROM orders WHERE id = 4")).toEqual([
      { note: "'); DROP TABLE orders; --" },
    ]);
    expect(await orderCount()).toBe(4);
  });
});
