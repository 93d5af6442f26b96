import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { type Untrusted, useAwsSandbox } from "./setup.js";

const aws = useAwsSandbox();
type Got = {
  key: string;
  found: boolean;
  value: Untrusted<unknown> | null;
  expires_at: string | null;
};
type Meta = { key: string; expires_at: string | null; size_bytes: number; updated_at: string };

describe("aws_kv_set and aws_kv_get", () => {
  it("stores a JSON value in the agent table and reads it back as untrusted data", async () => {
    const session = await aws.connect();
    const value = { plan: ["build", "test"], attempts: 2, done: false, note: null };
    const set = structured<Meta>(await session.call("aws_kv_set", { key: "run/42/state", value }));
    expect(set).toMatchObject({ key: "run/42/state", expires_at: null });
    const [put] = aws.received("DynamoDB_20120810.PutItem");
    expect(put?.body).toMatchObject({
      TableName: "agent-mesh-sandbox",
      Item: { pk: { S: "kv" }, sk: { S: "run/42/state" }, value: { S: JSON.stringify(value) } },
    });

    const got = structured<Got>(await session.call("aws_kv_get", { key: "run/42/state" }));
    expect(got.found).toBe(true);
    expect(got.value?.data).toEqual(value);
    expect(got.value?.notice).toMatch(/untrusted/i);
    expect(aws.received("DynamoDB_20120810.GetItem").at(-1)?.body).toMatchObject({
      ConsistentRead: true,
    });
  });

  it("sets expires_at from ttl_hours, as DynamoDB's TTL attribute in epoch seconds", async () => {
    const session = await aws.connect();
    const before = Math.floor(Date.now() / 1000);
    const set = structured<Meta>(
      await session.call("aws_kv_set", { key: "cache/token", value: "abc", ttl_hours: 2 }),
    );
    const body = aws.received("DynamoDB_20120810.PutItem").at(-1)?.body as
      | { Item: { expires_at: { N: string } } }
      | undefined;
    const sent = Number(body?.Item.expires_at.N);
    expect(sent).toBeGreaterThanOrEqual(before + 7200);
    expect(sent).toBeLessThanOrEqual(before + 7202);
    expect(set.expires_at).toBe(new Date(sent * 1000).toISOString());
  });

  it("answers found: false for a missing key", async () => {
    const session = await aws.connect();
    const got = structured<Got>(await session.call("aws_kv_get", { key: "never/set" }));
    expect(got).toEqual({
      key: "never/set",
      found: false,
      value: null,
      updated_at: null,
      expires_at: null,
    });
  });

  it("never returns an expired item, even before DynamoDB's TTL sweeper deletes it", async () => {
    const session = await aws.connect();
    // An item whose TTL passed a minute ago and is still in the table, as happens for up to days.
    await rawDynamo(aws.env).send(
      new PutItemCommand({
        TableName: "agent-mesh-sandbox",
        Item: {
          pk: { S: "kv" },
          sk: { S: "expired/key" },
          value: { S: '"stale"' },
          expires_at: { N: String(Math.floor(Date.now() / 1000) - 60) },
        },
      }),
    );
    expect(structured<Got>(await session.call("aws_kv_get", { key: "expired/key" })).found).toBe(
      false,
    );
    const listed = structured<{ keys: Meta[] }>(
      await session.call("aws_kv_list", { prefix: "expired/" }),
    );
    expect(listed.keys).toEqual([]);
    const deleted = structured<{ deleted: boolean }>(
      await session.call("aws_kv_delete", { key: "expired/key" }),
    );
    expect(deleted.deleted).toBe(false);
  });

  it("refuses a value over DynamoDB's 400 KB item limit before calling AWS", async () => {
    const session = await aws.connect();
    const puts = aws.received("DynamoDB_20120810.PutItem").length;
    const error = expectEnvelope(
      await session.call("aws_kv_set", { key: "big", value: "x".repeat(410 * 1024) }),
    );
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(/at most 409,600 bytes.*aws_artifact_put/);
    expect(aws.received("DynamoDB_20120810.PutItem")).toHaveLength(puts);
  });
});

describe("aws_kv_list and aws_kv_delete", () => {
  it("lists keys by prefix in key order, a page at a time", async () => {
    const session = await aws.connect();
    const sizes = new Map<string, number>();
    for (const key of ["notes/c", "notes/a", "notes/b", "other/x"]) {
      const set = structured<Meta>(await session.call("aws_kv_set", { key, value: key }));
      sizes.set(key, set.size_bytes);
    }
    const first = structured<{ keys: Meta[]; next_cursor: string | null }>(
      await session.call("aws_kv_list", { prefix: "notes/", limit: 2 }),
    );
    expect(first.keys.map((k) => k.key)).toEqual(["notes/a", "notes/b"]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = structured<{ keys: Meta[]; next_cursor: string | null }>(
      await session.call("aws_kv_list", { prefix: "notes/", limit: 2, cursor: first.next_cursor }),
    );
    expect(second.keys.map((k) => k.key)).toEqual(["notes/c"]);
    expect(second.keys[0]?.size_bytes).toBe(sizes.get("notes/c"));
    // Keys and sizes only: listing never downloads the values.
    expect(aws.received("DynamoDB_20120810.Query").at(-1)?.body).toMatchObject({
      ProjectionExpression: "sk, updated_at, expires_at, size_bytes",
    });
  });

  it("deletes a key and reports whether there was one", async () => {
    const session = await aws.connect();
    await session.call("aws_kv_set", { key: "tmp/1", value: 1 });
    expect(structured(await session.call("aws_kv_delete", { key: "tmp/1" }))).toEqual({
      key: "tmp/1",
      deleted: true,
    });
    expect(aws.received("DynamoDB_20120810.DeleteItem").at(-1)?.body).toEqual({
      TableName: "agent-mesh-sandbox",
      Key: { pk: { S: "kv" }, sk: { S: "tmp/1" } },
      ReturnValues: "ALL_OLD",
    });
    expect(structured(await session.call("aws_kv_delete", { key: "tmp/1" }))).toEqual({
      key: "tmp/1",
      deleted: false,
    });
    expect(structured<Got>(await session.call("aws_kv_get", { key: "tmp/1" })).found).toBe(false);
  });

  it("refuses a table outside AGENT_MESH_AWS_TABLES with policy_denied, before any AWS call", async () => {
    const session = await aws.connect();
    const before = aws.all().length;
    const error = expectEnvelope(await session.call("aws_kv_get", { key: "k", table: "payroll" }));
    expect(error.code).toBe("policy_denied");
    expect(error.message).toContain('"payroll" is not in AGENT_MESH_AWS_TABLES');
    expect(aws.all()).toHaveLength(before);
  });

  it("says which variable to set when no table is allowed", async () => {
    const session = await aws.connect({ AGENT_MESH_AWS_TABLES: "" });
    const error = expectEnvelope(await session.call("aws_kv_list", {}));
    expect(error.code).toBe("not_configured");
    expect(error.message).toContain("set AGENT_MESH_AWS_TABLES");
  });
});

function rawDynamo(env: Record<string, string>) {
  return new DynamoDBClient({
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID as string,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
    },
  });
}
