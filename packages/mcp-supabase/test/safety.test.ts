import { connectInMemory, expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { platform } from "../src/index.js";
import { useSupabase } from "./helpers.js";

const { sandbox, connect, db } = useSupabase();

/** Everything in the database a tool could change, to prove an attack changed none of it. */
const fingerprint = () =>
  db(`SELECT
        (SELECT json_agg(c ORDER BY id) FROM customers c) AS customers,
        (SELECT json_agg(o ORDER BY id) FROM orders o) AS orders,
        (SELECT count(*) FROM auth.users) AS users,
        (SELECT json_agg(t.relname ORDER BY t.relname) FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname = 'public' AND t.relkind = 'r') AS tables`);

describe("credentials", () => {
  it("answers not_configured naming the variables when nothing is set", async () => {
    const session = await connectInMemory(platform, { env: {} });
    const error = expectEnvelope(
      await session.call("supabase_table_select", { table: "orders" }),
      "not_configured",
    );
    expect(error.details).toEqual({ variables: ["SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY"] });
    await session.close();
  });

  it("maps a rejected key to authentication_error and never shows it", async () => {
    const key = `${sandbox.env.SUPABASE_SERVICE_ROLE_KEY}x`;
    const session = await connect({ SUPABASE_SERVICE_ROLE_KEY: key });
    const result = await session.call("supabase_table_select", { table: "orders" });
    expectEnvelope(result, "authentication_error");
    expectEnvelope(await session.call("supabase_auth_user_list", {}), "authentication_error");
    expect(JSON.stringify(result)).not.toContain(key);
  });
});

describe("rate limiting", () => {
  it("maps 429 to rate_limited with Retry-After", async () => {
    sandbox.faults.add({
      platform: "supabase",
      match: { path: "/rest/v1/orders" },
      status: 429,
      headers: { "content-type": "application/json", "retry-after": "7" },
      body: {
        code: "over_request_rate_limit",
        details: null,
        hint: null,
        message: "Too many requests",
      },
    });
    const session = await connect();
    const error = expectEnvelope(
      await session.call("supabase_table_select", { table: "orders" }),
      "rate_limited",
    );
    expect(error.details).toMatchObject({
      retry_after_seconds: 7,
      status: 429,
      platform_code: "over_request_rate_limit",
    });
  });

  it("maps Auth's 429 the same way", async () => {
    sandbox.faults.add({
      platform: "supabase",
      match: { path: "/auth/v1/admin/users", method: "GET" },
      status: 429,
      headers: { "content-type": "application/json", "retry-after": "3" },
      body: { code: 429, error_code: "over_request_rate_limit", msg: "Request rate limit reached" },
    });
    const session = await connect();
    const error = expectEnvelope(await session.call("supabase_auth_user_list", {}), "rate_limited");
    expect(error.details).toMatchObject({
      retry_after_seconds: 3,
      platform_code: "over_request_rate_limit",
    });
  });
});

describe("read-only mode (SUPABASE_READ_ONLY)", () => {
  it("hides every tool that writes and keeps reads", async () => {
    const session = await connect({ SUPABASE_READ_ONLY: "true" });
    const names = (await session.client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual([
      "supabase_auth_user_get",
      "supabase_auth_user_list",
      "supabase_migration_list",
      "supabase_sql_query",
      "supabase_storage_bucket_list",
      "supabase_storage_object_list",
      "supabase_storage_signed_url_create",
      "supabase_table_list",
      "supabase_table_select",
    ]);
    const before = sandbox.recorder.to("supabase").length;
    const refused = expectEnvelope(
      await session.call("supabase_table_delete", {
        table: "orders",
        filters: [{ column: "id", operator: "eq", value: 1 }],
      }),
      "policy_denied",
    );
    expect(refused.message).toContain("SUPABASE_READ_ONLY");
    expect(sandbox.recorder.to("supabase")).toHaveLength(before);
  });
});

const INJECTIONS = [
  "'; DROP TABLE orders; --",
  '"; DROP TABLE orders; --',
  "1 OR 1=1",
  "1); DELETE FROM customers; --",
  "eq.1&id=gt.0",
  "*",
  "),id.gt.0,(",
  "$$; TRUNCATE orders; $$",
];

describe("injection strings change nothing", () => {
  it("through every tool that takes names or values", async () => {
    const session = await connect({ SUPABASE_SQL_WRITES: "false" });
    const before = await fingerprint();
    for (const evil of INJECTIONS) {
      const calls: Array<[string, Record<string, unknown>]> = [
        ["supabase_table_list", { schema: evil }],
        ["supabase_table_select", { table: evil }],
        [
          "supabase_table_select",
          { table: "orders", filters: [{ column: "status", operator: "eq", value: evil }] },
        ],
        [
          "supabase_table_select",
          { table: "orders", filters: [{ column: evil, operator: "eq", value: 1 }] },
        ],
        [
          "supabase_table_select",
          {
            table: "orders",
            filters: [{ column: "status", operator: "in", value: [evil, "paid"] }],
          },
        ],
        ["supabase_table_select", { table: "orders", order: [{ column: evil, ascending: true }] }],
        ["supabase_table_select", { table: "orders", columns: evil }],
        [
          "supabase_table_update",
          {
            table: "orders",
            values: { note: evil },
            filters: [{ column: "status", operator: "eq", value: evil }],
          },
        ],
        [
          "supabase_table_update",
          {
            table: evil,
            values: { note: "x" },
            filters: [{ column: "id", operator: "eq", value: evil }],
          },
        ],
        [
          "supabase_table_delete",
          { table: "orders", filters: [{ column: "note", operator: "like", value: evil }] },
        ],
        ["supabase_rpc_call", { function: evil, args: { customer: evil } }],
        ["supabase_rpc_call", { function: "customer_total", args: { customer: evil } }],
        ["supabase_auth_user_get", { id: evil }],
        ["supabase_auth_user_create", { email: evil }],
        ["supabase_sql_query", { sql: "SELECT * FROM orders WHERE note = $1", params: [evil] }],
        ["supabase_sql_execute", { sql: "SELECT 1", params: [evil] }],
        ["supabase_migration_apply", { name: evil, sql: "SELECT 1", dry_run: true }],
        ["supabase_migration_apply", { file: evil, dry_run: true }],
        ["supabase_storage_object_list", { bucket: evil, prefix: evil }],
        ["supabase_storage_signed_url_create", { bucket: "avatars", path: evil }],
      ];
      for (const [tool, args] of calls) {
        const result = await session.call(tool, args);
        // Either a clean refusal or a normal answer; a delete only reaches its confirmation.
        if (result.isError) {
          expect(
            JSON.parse((result.content as Array<{ text: string }>)[0]?.text ?? "{}").error,
          ).toBe("PlatformError");
        }
      }
    }
    expect(await fingerprint()).toEqual(before);
  });

  it("a value that looks like a filter stays one value", async () => {
    const session = await connect();
    const out = structured<{ rows: { data: unknown[] }; count: number }>(
      await session.call("supabase_table_select", {
        table: "orders",
        filters: [{ column: "status", operator: "eq", value: "paid&id=gt.0" }],
      }),
    );
    expect(out.count).toBe(0);
    const sent = sandbox.recorder.to("supabase", "/rest/v1/orders").at(-1);
    expect(sent?.query).toMatchObject({ status: "eq.paid&id=gt.0" });
    expect(sent?.query).not.toHaveProperty("id");
  });
});
