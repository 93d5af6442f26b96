import { fileURLToPath } from "node:url";
import { type RawStdio, rawStdio } from "@agent-mesh/core/testing";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Issue 10 over stdio, against the built bin as npx runs it: raw lines in, one answer per
// request out, whatever the line holds.
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
let sandbox: RunningSandbox;
let raw: RawStdio;
const send = (message: unknown) => raw.send(message);
const answerTo = (id: string | number | null) => raw.answerTo(id);

beforeAll(async () => {
  sandbox = await startSandbox({ platforms: ["vercel"], stepMs: 25 });
  raw = await rawStdio(process.execPath, [bin], { PATH: process.env.PATH ?? "", ...sandbox.env });
}, 120_000);
afterAll(async () => {
  raw?.close();
  await sandbox?.close();
});

describe("the built bin over stdio answers every line (issue 10)", () => {
  it("answers an unparseable line with -32700 and keeps serving (item 2)", async () => {
    send("{not json");
    expect(await answerTo(null)).toMatchObject({ error: { code: -32700 } });
    send({ jsonrpc: "2.0", id: 1, method: "ping" });
    expect(await answerTo(1)).toMatchObject({ result: {} });
  });

  it("answers params that are not an object with -32600 and the request's id (item 1)", async () => {
    send({ jsonrpc: "2.0", id: 9, method: "ping", params: "x" });
    expect(await answerTo(9)).toMatchObject({ error: { code: -32600 } });
  });

  it("answers non-object arguments with -32602 in one sentence (item 3)", async () => {
    send({
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "vercel_deployment_get", arguments: [] },
    });
    expect(await answerTo(3)).toMatchObject({
      error: {
        code: -32602,
        message: 'Invalid params for tools/call: "arguments" must be an object, not an array',
      },
    });
  });

  it("refuses a lone surrogate and a 1 MB id as invalid_request before Vercel sees them (items 4, 5)", async () => {
    const before = sandbox.recorder.to("vercel").length;
    for (const [id, deployment_id] of [
      [4, "\ud800"],
      [5, "d".repeat(1024 * 1024)],
    ] as const) {
      send({
        jsonrpc: "2.0",
        id,
        method: "tools/call",
        params: { name: "vercel_deployment_get", arguments: { deployment_id } },
      });
      const answer = (await answerTo(id)) as {
        result: { isError: boolean; content: Array<{ text: string }> };
      };
      expect(answer.result.isError).toBe(true);
      expect(envelopeOf(answer.result).code).toBe("invalid_request");
      expect(envelopeOf(answer.result).message).toContain("deployment_id");
      expect(envelopeOf(answer.result).message.length).toBeLessThan(500);
    }
    expect(sandbox.recorder.to("vercel").length).toBe(before);
  });
});

/** The error envelope a result carries as its JSON text. */
function envelopeOf(result: { content: Array<{ text: string }> }): {
  code: string;
  message: string;
} {
  return JSON.parse(result.content[0]!.text);
}
