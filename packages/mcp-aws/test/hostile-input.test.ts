import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useAwsSandbox } from "./setup.js";

const aws = useAwsSandbox();
type Listed = { artifacts: Array<{ key: string }> };

describe("artifact keys at S3's limit (issue 10, item 7)", () => {
  it("stores and lists a 1,024-character key, which S3 accepts, and keeps answering", async () => {
    const session = await aws.connect();
    const key = `long/${"k".repeat(1019)}`;
    expect(
      structured(await session.call("aws_artifact_put", { key, content: "long" })),
    ).toMatchObject({
      key,
    });
    const listed = structured<Listed>(await session.call("aws_artifact_list", { prefix: "long/" }));
    expect(listed.artifacts.map((a) => a.key)).toEqual([key]);
    const got = structured<{ content: { data: string } }>(
      await session.call("aws_artifact_get", { key }),
    );
    expect(got.content.data).toBe("long");
    expect(
      structured(await session.call("aws_artifact_put", { key: "after", content: "x" })),
    ).toMatchObject({ key: "after" });
  });

  it("answers a key over 1,024 bytes with S3's KeyTooLongError, as invalid_request", async () => {
    const session = await aws.connect();
    const failure = expectEnvelope(
      await session.call("aws_artifact_put", { key: "é".repeat(600), content: "x" }),
    );
    expect(failure.code).toBe("invalid_request");
    expect(failure.message).toMatch(/too long/i);
    expect(
      structured(await session.call("aws_artifact_put", { key: "ok", content: "x" })),
    ).toMatchObject({
      key: "ok",
    });
  });
});

describe("header-bound and echoed inputs (issue 10, items 4 and 5)", () => {
  it("refuses CR/LF or non-ASCII in content_type and metadata as invalid_request naming the field", async () => {
    const session = await aws.connect();
    const before = aws.all().length;
    for (const content_type of ["text/plain\r\nx-evil: 1", "text/plain; charset=ütf-8"]) {
      const failure = expectEnvelope(
        await session.call("aws_artifact_put", { key: "a", content: "x", content_type }),
      );
      expect(failure.code).toBe("invalid_request");
      expect(failure.message).toContain("content_type");
    }
    const failure = expectEnvelope(
      await session.call("aws_artifact_put", { key: "a", content: "x", metadata: { run: "a\nb" } }),
    );
    expect(failure).toMatchObject({ code: "invalid_request" });
    expect(failure.message).toContain("metadata.run");
    expect(aws.all().slice(before)).toEqual([]);
  });

  it("quotes at most a short prefix of a huge bucket name in policy_denied", async () => {
    const session = await aws.connect();
    const bucket = "b".repeat(4000);
    const failure = expectEnvelope(
      await session.call("aws_artifact_put", { key: "a", content: "x", bucket }),
    );
    expect(failure.code).toBe("policy_denied");
    expect(failure.message.length).toBeLessThan(400);
    expect(failure.message).toContain("(4000 characters)");
  });

  it("refuses deep and oversized free-form JSON before zod sees it, naming the field", async () => {
    const session = await aws.connect();
    let deep: unknown = 1;
    for (let i = 0; i < 3000; i++) deep = [deep];
    for (const [tool, args, field] of [
      ["aws_kv_set", { key: "k", value: deep }, "value"],
      ["aws_workflow_start", { input: { nested: deep } }, "input.nested"],
      ["aws_timeline_append", { message: "m", data: deep }, "data"],
    ] as const) {
      const failure = expectEnvelope(await session.call(tool, args));
      expect(failure.code, tool).toBe("invalid_request");
      expect(failure.message, tool).toContain(`"${field}`);
      expect(failure.message, tool).toMatch(/nested more than 64 levels/);
    }
    const big = expectEnvelope(
      await session.call("aws_kv_set", { key: "k", value: { blob: "x".repeat(1024 * 1024 + 10) } }),
    );
    expect(big.code).toBe("invalid_request");
    expect(big.message).toMatch(/value is \d+ bytes as JSON/);
  });

  it("refuses a lone surrogate in any string as invalid_request naming the field", async () => {
    const session = await aws.connect();
    const failure = expectEnvelope(await session.call("aws_kv_get", { key: "a\ud800b" }));
    expect(failure).toMatchObject({ code: "invalid_request" });
    expect(failure.message).toContain('"key" contains a lone UTF-16 surrogate');
  });
});
