import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RawStdio, rawStdio } from "@agent-mesh/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alive, eventually } from "./helpers.js";

// Issue 10 over the gateway's stdio, as Claude Code runs `agent-mesh start --stdio --sandbox`:
// raw lines in, exactly one answer per request out.
const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");
let raw: RawStdio;
const send = (message: unknown) => raw.send(message);
const answerTo = (id: string | number | null) => raw.answerTo(id);

beforeAll(async () => {
  raw = await rawStdio(process.execPath, [BIN, "start", "--stdio", "--sandbox"], {
    ...process.env,
    AGENT_MESH_LOG_LEVEL: "error",
  });
}, 180_000);
afterAll(async () => {
  const pid = raw?.pid;
  raw?.close();
  if (pid) await eventually(() => !alive(pid), 30_000, "the gateway to exit");
});

describe("the gateway over stdio answers every line (issue 10)", () => {
  it("answers an unparseable line with -32700 and a non-object params with -32600", async () => {
    send("not json at all");
    expect(await answerTo(null)).toMatchObject({ error: { code: -32700 } });
    send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: "x" });
    expect(await answerTo(2)).toMatchObject({ error: { code: -32600 } });
  });

  it("answers non-object arguments with -32602 in one sentence", async () => {
    send({
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "aws_kv_get", arguments: "x" },
    });
    expect(await answerTo(3)).toMatchObject({
      error: {
        code: -32602,
        message: 'Invalid params for tools/call: "arguments" must be an object, not a string',
      },
    });
  });

  it("refuses a CR/LF content_type as invalid_request, and says errors without an SDK prefix", async () => {
    send({
      jsonrpc: "2.0",
      id: 4,
      method: "tools/call",
      params: {
        name: "aws_artifact_put",
        arguments: { key: "a", content: "x", content_type: "text/plain\r\nx-evil: 1" },
      },
    });
    const refused = (await answerTo(4)) as {
      result: { isError: boolean; content: Array<{ text: string }> };
    };
    expect(envelopeOf(refused.result).code).toBe("invalid_request");
    expect(envelopeOf(refused.result).message).toContain("content_type");
    send({ jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "nope", arguments: {} } });
    const unknown = (await answerTo(5)) as { error: { code: number; message: string } };
    expect(unknown.error.code).toBe(-32602);
    expect(unknown.error.message).toMatch(/^Unknown tool: "nope"/);
  });
});

/** The error envelope a result carries as its JSON text. */
function envelopeOf(result: { content: Array<{ text: string }> }): {
  code: string;
  message: string;
} {
  return JSON.parse(result.content[0]!.text);
}
