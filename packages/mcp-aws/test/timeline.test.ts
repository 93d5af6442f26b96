import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { type Untrusted, useAwsSandbox } from "./setup.js";

const aws = useAwsSandbox();
type Entry = {
  id: string;
  stream: string;
  timestamp: string;
  kind: string | null;
  actor: string | null;
  message: string;
  data: unknown;
};
type Page = { entries: Untrusted<Entry[]>; next_cursor: string | null };

describe("aws_timeline_append and aws_timeline_list", () => {
  it("appends entries and reads them newest first, a page at a time", async () => {
    const session = await aws.connect();
    const appended: Entry[] = [];
    for (const [i, kind] of ["plan", "deploy", "note"].entries()) {
      appended.push(
        structured<Entry>(
          await session.call("aws_timeline_append", {
            stream: "release-7",
            message: `step ${i}`,
            kind,
            actor: "claude",
            data: { step: i },
          }),
        ),
      );
    }
    expect(appended[0]).toMatchObject({
      stream: "release-7",
      kind: "plan",
      actor: "claude",
      data: { step: 0 },
    });
    const put = aws.received("DynamoDB_20120810.PutItem").at(-1)?.body as Record<string, unknown>;
    expect(put).toMatchObject({
      TableName: "agent-mesh-sandbox",
      ConditionExpression: "attribute_not_exists(sk)",
      Item: { pk: { S: "timeline#release-7" }, message: { S: "step 2" } },
    });

    const first = structured<Page>(
      await session.call("aws_timeline_list", { stream: "release-7", limit: 2 }),
    );
    expect(first.entries.notice).toMatch(/untrusted/i);
    expect(first.entries.data.map((e) => e.message)).toEqual(["step 2", "step 1"]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = structured<Page>(
      await session.call("aws_timeline_list", {
        stream: "release-7",
        limit: 2,
        cursor: first.next_cursor,
      }),
    );
    expect(second.entries.data.map((e) => e.id)).toEqual([appended[0]?.id]);
    expect(aws.received("DynamoDB_20120810.Query").at(-1)?.body).toMatchObject({
      ScanIndexForward: false,
      Limit: 2,
    });
  });

  it("filters by time and kind, and keeps streams apart", async () => {
    const session = await aws.connect();
    await session.call("aws_timeline_append", { stream: "ops", message: "old", kind: "note" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await session.call("aws_timeline_append", { stream: "ops", message: "new note", kind: "note" });
    await session.call("aws_timeline_append", {
      stream: "ops",
      message: "new alert",
      kind: "alert",
    });
    await session.call("aws_timeline_append", {
      stream: "elsewhere",
      message: "other",
      kind: "note",
    });
    const recent = structured<Page>(
      await session.call("aws_timeline_list", { stream: "ops", since }),
    );
    expect(recent.entries.data.map((e) => e.message)).toEqual(["new alert", "new note"]);
    const notes = structured<Page>(
      await session.call("aws_timeline_list", { stream: "ops", kind: "note" }),
    );
    expect(notes.entries.data.map((e) => e.message)).toEqual(["new note", "old"]);
  });

  it("answers a retried append with the same idempotency key once", async () => {
    const session = await aws.connect();
    const args = { stream: "retry", message: "charged card", idempotency_key: "op-1" };
    const first = await session.call("aws_timeline_append", args);
    const again = await session.call("aws_timeline_append", args);
    expect(structured<Entry>(again).id).toBe(structured<Entry>(first).id);
    const listed = structured<Page>(await session.call("aws_timeline_list", { stream: "retry" }));
    expect(listed.entries.data).toHaveLength(1);
  });

  it("refuses a malformed stream name and a bad cursor with clear errors", async () => {
    const session = await aws.connect();
    const bad = expectEnvelope(
      await session.call("aws_timeline_append", { stream: "has space", message: "x" }),
    );
    expect(bad.code).toBe("invalid_request");
    expect(bad.message).toContain("stream");
    const cursor = expectEnvelope(await session.call("aws_timeline_list", { cursor: "garbage" }));
    expect(cursor.code).toBe("invalid_request");
    expect(cursor.message).toContain("cursor is not valid");
  });
});
