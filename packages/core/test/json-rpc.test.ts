import {
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { inspectMessage } from "../src/index.js";

// What the SDK drops without a word must be answered by us: inspectMessage accepts exactly what
// the SDK's guards accept, so nothing falls between the two.
const sdkAccepts = (value: unknown) =>
  isJSONRPCRequest(value) ||
  isJSONRPCNotification(value) ||
  isJSONRPCResultResponse(value) ||
  isJSONRPCErrorResponse(value);

const VALUES: unknown[] = [
  undefined,
  null,
  0,
  1.5,
  -1,
  2 ** 60,
  "",
  "x",
  true,
  [],
  [1],
  {},
  { a: 1 },
  { progressToken: 1 },
  { progressToken: "t" },
  { progressToken: 1.5 },
  { progressToken: {} },
  { "io.modelcontextprotocol/related-task": { taskId: "t" } },
  { "io.modelcontextprotocol/related-task": { taskId: 1 } },
  { code: 1, message: "m" },
  { code: 1.5, message: "m" },
  { code: 1 },
];

function corpus(): unknown[] {
  const messages: unknown[] = [];
  for (const id of [undefined, ...VALUES.slice(0, 9)]) {
    for (const params of VALUES) {
      messages.push({ jsonrpc: "2.0", id, method: "ping", params });
      messages.push({ jsonrpc: "2.0", id, method: "ping", params: { _meta: params } });
      messages.push({ jsonrpc: "2.0", id, result: params });
      messages.push({ jsonrpc: "2.0", id, result: { _meta: params } });
      messages.push({ jsonrpc: "2.0", id, error: params });
    }
    messages.push({ jsonrpc: "2.0", id, method: "ping", extra: 1 });
    messages.push({ jsonrpc: "1.0", id, method: "ping" });
    messages.push({ id, method: "ping" });
    messages.push({ jsonrpc: "2.0", id, method: 3 });
    messages.push({ jsonrpc: "2.0", id });
  }
  // As they arrive: parsed JSON, which never holds undefined.
  return [...messages, ...VALUES]
    .filter((message) => message !== undefined)
    .map((message) => JSON.parse(JSON.stringify(message)));
}

describe("inspectMessage", () => {
  it("accepts exactly what the SDK's guards accept, over a corpus of malformed messages", () => {
    const disagreements = corpus().filter(
      (message) => inspectMessage(message).ok !== sdkAccepts(message),
    );
    expect(disagreements).toEqual([]);
  });

  it("answers a refused request with its own id, and the rest with id null", () => {
    const refused = inspectMessage({ jsonrpc: "2.0", id: 7, method: "ping", params: "x" });
    expect(refused).toMatchObject({ ok: false, answer: { id: 7, error: { code: -32600 } } });
    const anonymous = inspectMessage({ jsonrpc: "2.0", id: 1.5, method: "ping" });
    expect(anonymous).toMatchObject({ ok: false, answer: { id: null, error: { code: -32600 } } });
  });

  it("checks params against the method when asked, as a server does", () => {
    const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: 5 } };
    expect(inspectMessage(call).ok).toBe(true);
    expect(inspectMessage(call, { params: true })).toMatchObject({
      ok: false,
      answer: {
        id: 1,
        error: {
          code: -32602,
          message: 'Invalid params for tools/call: "name" must be a string, not a number',
        },
      },
    });
  });
});
