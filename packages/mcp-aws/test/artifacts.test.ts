import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { type Untrusted, useAwsSandbox } from "./setup.js";

const aws = useAwsSandbox();
type Got = {
  key: string;
  encoding: string;
  content: Untrusted<string>;
  size_bytes: number;
  content_type: string;
};
type Listed = {
  artifacts: Array<{ key: string; size_bytes: number }>;
  folders: string[];
  next_cursor: string | null;
};

describe("aws_artifact_put and aws_artifact_get", () => {
  it("stores text with its content type and reads it back as text", async () => {
    const session = await aws.connect();
    const put = structured(
      await session.call("aws_artifact_put", {
        key: "reports/summary.md",
        content: "# Summary\nAll green ✓",
        content_type: "text/markdown",
        metadata: { run: "42" },
      }),
    );
    expect(put).toMatchObject({
      bucket: "agent-mesh-sandbox-artifacts",
      key: "reports/summary.md",
      size_bytes: Buffer.byteLength("# Summary\nAll green ✓"),
      content_type: "text/markdown",
    });
    const [request] = aws.all().filter((r) => r.method === "PUT");
    expect(request?.path).toBe("/agent-mesh-sandbox-artifacts/reports/summary.md");
    expect(request?.headers["x-amz-meta-run"]).toBe("42");
    expect(request?.body).toBe("# Summary\nAll green ✓");

    const got = structured<Got>(
      await session.call("aws_artifact_get", { key: "reports/summary.md" }),
    );
    expect(
      aws
        .all()
        .filter((r) => r.method === "GET")
        .at(-1)?.path,
    ).toBe("/agent-mesh-sandbox-artifacts/reports/summary.md");
    expect(got).toMatchObject({ encoding: "text", content_type: "text/markdown" });
    expect(got.content.data).toBe("# Summary\nAll green ✓");
    expect(got.content.notice).toMatch(/untrusted/i);
  });

  it("round-trips binary content as base64", async () => {
    const session = await aws.connect();
    const bytes = Buffer.from([0, 255, 16, 32, 128, 7]);
    await session.call("aws_artifact_put", {
      key: "bin/blob",
      content: bytes.toString("base64"),
      encoding: "base64",
    });
    const got = structured<Got>(await session.call("aws_artifact_get", { key: "bin/blob" }));
    expect(got).toMatchObject({
      encoding: "base64",
      content_type: "application/octet-stream",
      size_bytes: 6,
    });
    expect(Buffer.from(got.content.data, "base64")).toEqual(bytes);
  });

  it("refuses content that is not base64 without writing anything", async () => {
    const session = await aws.connect();
    const puts = aws.all().filter((r) => r.method === "PUT").length;
    const error = expectEnvelope(
      await session.call("aws_artifact_put", {
        key: "bad",
        content: "not base64!",
        encoding: "base64",
      }),
    );
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain("not valid base64");
    expect(aws.all().filter((r) => r.method === "PUT")).toHaveLength(puts);
  });

  it("refuses an object over the size limit and points to a presigned URL", async () => {
    const session = await aws.connect({ AGENT_MESH_AWS_ARTIFACT_MAX_BYTES: "16" });
    await session.call("aws_artifact_put", { key: "big.txt", content: "x".repeat(64) });
    const error = expectEnvelope(await session.call("aws_artifact_get", { key: "big.txt" }));
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(/64 bytes, over the 16-byte limit.*aws_artifact_url/);
    expect(error.details).toEqual({ size_bytes: 64, max_bytes: 16 });
  });

  it("answers not_found for a missing key", async () => {
    const session = await aws.connect();
    const error = expectEnvelope(
      await session.call("aws_artifact_get", { key: "missing/file.txt" }),
    );
    expect(error.code).toBe("not_found");
    expect(error.message).toContain("NoSuchKey");
  });

  it("refuses a bucket outside AGENT_MESH_AWS_BUCKETS before any AWS call", async () => {
    const session = await aws.connect();
    const before = aws.all().length;
    const error = expectEnvelope(
      await session.call("aws_artifact_put", {
        key: "x",
        content: "y",
        bucket: "someone-elses-bucket",
      }),
    );
    expect(error.code).toBe("policy_denied");
    expect(aws.all()).toHaveLength(before);
  });
});

describe("aws_artifact_url", () => {
  it("returns a presigned URL that downloads the object", async () => {
    const session = await aws.connect();
    await session.call("aws_artifact_put", { key: "share/hello.txt", content: "hello" });
    const out = structured<{ url: string; expires_at: string; size_bytes: number }>(
      await session.call("aws_artifact_url", { key: "share/hello.txt", expires_in_seconds: 120 }),
    );
    expect(out.url).toContain("X-Amz-Signature=");
    expect(out.url).toContain("X-Amz-Expires=120");
    expect(out.size_bytes).toBe(5);
    expect(
      aws
        .all()
        .filter((r) => r.method === "HEAD")
        .at(-1)?.path,
    ).toBe("/agent-mesh-sandbox-artifacts/share/hello.txt");
    const response = await fetch(out.url);
    expect(await response.text()).toBe("hello");
    expect(Date.parse(out.expires_at) - Date.now()).toBeGreaterThan(100_000);
  });

  it("checks that the object exists first", async () => {
    const session = await aws.connect();
    const error = expectEnvelope(await session.call("aws_artifact_url", { key: "nope.txt" }));
    expect(error.code).toBe("not_found");
  });
});

describe("aws_artifact_list and aws_artifact_delete", () => {
  it("pages through a prefix with S3's continuation tokens, and lists folders", async () => {
    const session = await aws.connect();
    for (const key of ["logs/a.txt", "logs/b.txt", "logs/c.txt", "logs/deep/d.txt"]) {
      await session.call("aws_artifact_put", { key, content: key });
    }
    const first = structured<Listed>(
      await session.call("aws_artifact_list", { prefix: "logs/", limit: 2 }),
    );
    expect(first.artifacts.map((a) => a.key)).toEqual(["logs/a.txt", "logs/b.txt"]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = structured<Listed>(
      await session.call("aws_artifact_list", {
        prefix: "logs/",
        limit: 2,
        cursor: first.next_cursor,
      }),
    );
    expect(second.artifacts.map((a) => a.key)).toEqual(["logs/c.txt", "logs/deep/d.txt"]);
    expect(second.next_cursor).toBeNull();
    const listRequests = aws.all().filter((r) => r.query["list-type"] === "2");
    expect(listRequests.at(-1)?.query["continuation-token"]).toEqual(expect.any(String));

    const folders = structured<Listed>(
      await session.call("aws_artifact_list", { prefix: "logs/", delimiter: "/" }),
    );
    expect(folders.folders).toEqual(["logs/deep/"]);
    expect(folders.artifacts).toHaveLength(3);
  });

  it("asks for confirmation, then deletes", async () => {
    const session = await aws.connect();
    await session.call("aws_artifact_put", { key: "trash/old.txt", content: "old" });
    const ask = expectEnvelope(await session.call("aws_artifact_delete", { key: "trash/old.txt" }));
    expect(ask.code).toBe("confirmation_required");
    expect(ask.message).toContain("s3://agent-mesh-sandbox-artifacts/trash/old.txt");
    const denied = expectEnvelope(
      await session.call("aws_artifact_delete", { key: "x", bucket: "someone-elses-bucket" }),
    );
    expect(denied.code).toBe("policy_denied");
    expect(aws.all().filter((r) => r.method === "DELETE")).toHaveLength(0);
    const done = structured(
      await session.call("aws_artifact_delete", {
        key: "trash/old.txt",
        confirm_token: ask.details?.confirm_token,
      }),
    );
    expect(done).toMatchObject({ key: "trash/old.txt", deleted: true });
    expect(
      aws
        .all()
        .filter((r) => r.method === "DELETE")
        .map((r) => r.path),
    ).toEqual(["/agent-mesh-sandbox-artifacts/trash/old.txt"]);
    expect(
      expectEnvelope(await session.call("aws_artifact_get", { key: "trash/old.txt" })).code,
    ).toBe("not_found");
  });
});
