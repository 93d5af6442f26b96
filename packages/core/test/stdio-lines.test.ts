import { describe, expect, it } from "vitest";
import { JsonLines, serializeLine } from "../src/node.js";

function collect() {
  const messages: unknown[] = [];
  const problems: string[] = [];
  const lines = new JsonLines(
    (message) => void messages.push(message),
    (error) => void problems.push(error.message),
  );
  return { lines, messages, problems };
}

describe("JsonLines", () => {
  it("reads messages split across chunks and several in one chunk, with CRLF", () => {
    const { lines, messages, problems } = collect();
    const ping = serializeLine({ jsonrpc: "2.0", id: 1, method: "ping" });
    lines.push(Buffer.from(ping.slice(0, 10)));
    expect(messages).toEqual([]);
    lines.push(Buffer.from(`${ping.slice(10)}{"jsonrpc":"2.0","id":1,"result":{}}\r\n`));
    expect(messages).toEqual([
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: 1, result: {} },
    ]);
    expect(problems).toEqual([]);
  });

  it("reports and skips a line that is not JSON-RPC, then keeps reading", () => {
    const { lines, messages, problems } = collect();
    lines.push(
      Buffer.from(
        'debug output\n{"hello":1}\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n',
      ),
    );
    expect(problems).toEqual([
      "not JSON: debug output",
      'not a JSON-RPC 2.0 message (the "jsonrpc" member must be "2.0"): {"hello":1}',
    ]);
    expect(messages).toEqual([{ jsonrpc: "2.0", method: "notifications/initialized" }]);
  });

  it("drops a line that grows past the limit instead of buffering without end", () => {
    const problems: string[] = [];
    const lines = new JsonLines(
      () => {},
      (error) => void problems.push(error.message),
      16,
    );
    lines.push(Buffer.from("x".repeat(40)));
    expect(problems[0]).toContain("longer than 16 bytes");
  });
});
