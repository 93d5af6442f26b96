import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type S3Emulator, startS3 } from "../src/aws/s3.js";
import { type RunningSandbox, startSandbox } from "../src/index.js";

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("the S3 emulator's supervisor", () => {
  let s3: S3Emulator;
  const reports: string[] = [];
  beforeAll(async () => {
    s3 = await startS3(
      ["bucket"],
      { accessKeyId: "AKIATEST", secretAccessKey: "secret" },
      {
        report: (line) => void reports.push(line),
      },
    );
  });
  afterAll(() => s3?.close());

  it("restarts a child that dies, says so in one line, and answers again", async () => {
    const before = s3.url;
    process.kill(s3.pid!, "SIGKILL");
    await until(() => s3.url !== before, "the restarted emulator");
    expect(reports).toEqual([
      "agent-mesh sandbox: the S3 emulator (s3rver) was killed (SIGKILL); restarting it on the same data",
    ]);
    // s3rver answers in S3's XML: it is up again.
    const response = await fetch(`${s3.url}/bucket`);
    expect(await response.text()).toMatch(/^<\?xml/);
    expect(s3.down).toBeUndefined();
  });
});

describe("the AWS stand-in's S3 front", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ platforms: ["aws"] });
  });
  afterAll(() => sandbox?.close());

  it("refuses a key over 1,024 bytes with S3's KeyTooLongError before the emulator sees it", async () => {
    const key = "é".repeat(513); // 1,026 bytes in 513 characters
    const response = await fetch(
      `${sandbox.urls.aws}/agent-mesh-sandbox-artifacts/${encodeURIComponent(key)}`,
      { method: "PUT", body: "x" },
    );
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain("<Code>KeyTooLongError</Code>");
    expect(body).toContain("<MaxSizeAllowed>1024</MaxSizeAllowed>");
    expect(sandbox.recorder.to("aws").at(-1)?.path).toContain("agent-mesh-sandbox-artifacts");
  });
});
