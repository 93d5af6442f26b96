import { createLogger } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { describe, expect, it } from "vitest";
import { ProcessGroupStdioTransport } from "../src/downstream/stdio-transport.js";
import { Mesh } from "../src/mesh.js";
import { callTool, config, FIXTURE, fixtureYaml, TEST_CALLER } from "./helpers.js";

describe("writes to a stdio server's stdin, coalesced", () => {
  it("answers every one of many concurrent calls with its own result", async () => {
    const mesh = new Mesh({
      platforms: [],
      logger: createLogger({ name: "agent-mesh", level: "error" }),
    });
    const client = new Client({ name: "test", version: "1.0.0" });
    try {
      await mesh.apply(config(`integrations: {}\nservers:\n${fixtureYaml("fixture")}`));
      await mesh.settled(45_000);
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await mesh.connectSession(TEST_CALLER).connect(serverSide);
      await client.connect(clientSide);
      const messages = Array.from({ length: 100 }, (_, i) => `call ${i} ${"x".repeat(i % 50)}`);
      const results = await Promise.all(
        messages.map((message) => callTool(client, "echo", { message })),
      );
      expect(results.map((result) => result.isError ?? false)).toEqual(messages.map(() => false));
      expect(results.map((result) => (result.content[0] as { text: string }).text)).toEqual(
        messages.map((message) => expect.stringContaining(JSON.stringify(message))),
      );
    } finally {
      await client.close();
      await mesh.close();
    }
  }, 90_000);

  it("joins the lines sent in one tick into one write, each line intact", async () => {
    const transport = new ProcessGroupStdioTransport({
      command: process.execPath,
      args: [FIXTURE],
      env: {},
    });
    const answers = new Map<unknown, unknown>();
    transport.onmessage = (message) => {
      if ("id" in message) answers.set(message.id, message);
    };
    await transport.start();
    try {
      // The child's stdin, spied on: count the writes the transport makes.
      const stdin = (transport as unknown as { child: { stdin: NodeJS.WritableStream } }).child
        .stdin;
      const write = stdin.write.bind(stdin);
      const chunks: string[] = [];
      stdin.write = ((chunk: string, ...rest: never[]) => {
        chunks.push(String(chunk));
        return write(chunk, ...rest);
      }) as typeof stdin.write;

      await transport.send({
        jsonrpc: "2.0",
        id: 0,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "test", version: "1.0.0" },
        },
      });
      await transport.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      const before = chunks.length;
      const ids = Array.from({ length: 50 }, (_, i) => i + 1);
      await Promise.all(
        ids.map((id) =>
          transport.send({
            jsonrpc: "2.0",
            id,
            method: "tools/call",
            params: { name: "echo", arguments: { message: `m${id}` } },
          }),
        ),
      );
      expect(chunks.length - before).toBe(1);
      expect(chunks.at(-1)?.split("\n").filter(Boolean)).toHaveLength(50);

      const deadline = Date.now() + 30_000;
      while (ids.some((id) => !answers.has(id)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (const id of ids) {
        const answer = answers.get(id) as { result?: { content: Array<{ text: string }> } };
        expect(answer?.result?.content[0]?.text).toContain(`m${id}`);
      }
    } finally {
      await transport.close();
    }
  }, 60_000);

  it("refuses a send once the server process has stopped", async () => {
    const transport = new ProcessGroupStdioTransport({
      command: process.execPath,
      args: [FIXTURE],
      env: {},
    });
    await transport.start();
    await transport.close();
    await expect(transport.send({ jsonrpc: "2.0", id: 1, method: "ping" })).rejects.toThrow(
      "not running",
    );
  }, 60_000);
});
