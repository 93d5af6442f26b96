import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alive, eventually } from "./helpers.js";

// Issue 10 over the gateway's stdio, as Claude Code runs `agent-mesh start --stdio --sandbox`:
// raw lines in, exactly one answer per request out.
const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");
let child: ChildProcess;
const answers: Array<Record<string, unknown>> = [];
const waiters: Array<() => void> = [];

function send(message: unknown): void {
  child.stdin!.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
}

async function answerTo(id: string | number | null): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const index = answers.findIndex((message) => (message.id ?? null) === id);
    if (index !== -1) return answers.splice(index, 1)[0]!;
    if (Date.now() > deadline) throw new Error(`no answer to ${JSON.stringify(id)}`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 1_000).unref();
    });
  }
}

beforeAll(async () => {
  child = spawn(process.execPath, [BIN, "start", "--stdio", "--sandbox"], {
    env: { ...process.env, AGENT_MESH_LOG_LEVEL: "error" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stderr?.resume();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    answers.push(JSON.parse(line) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  send({
    jsonrpc: "2.0",
    id: "init",
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "t", version: "1" },
    },
  });
  await answerTo("init");
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
}, 180_000);
afterAll(async () => {
  const pid = child?.pid;
  child?.stdin?.end();
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
