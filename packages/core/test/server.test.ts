import { afterEach, describe, expect, it } from "vitest";
import { createLogger, readEnvelope } from "../src/index.js";
import { type Connected, connectInMemory } from "../src/testing.js";
import { demoEnv, demoPlatform, SECRET } from "./fixtures/demo-platform.js";

let session: Connected | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe("createServer over a real MCP client", () => {
  it("lists every tool with JSON Schemas, title and all four annotations", async () => {
    session = await connectInMemory(demoPlatform, { env: demoEnv });
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      "demo_item_get",
      "demo_item_create",
      "demo_item_delete",
      "demo_job_wait",
    ]);
    const get = tools[0]!;
    expect(get.inputSchema).toMatchObject({
      type: "object",
      properties: { id: { type: "string", description: "Item id" } },
      required: ["id"],
      additionalProperties: false,
    });
    expect(get.outputSchema).toMatchObject({ type: "object", required: ["id", "name"] });
    expect(get.annotations).toEqual({
      title: "Get an item",
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    });
    expect(Object.keys(tools[1]!.inputSchema.properties ?? {})).toContain("idempotency_key");
    expect(Object.keys(tools[2]!.inputSchema.properties ?? {})).toContain("confirm_token");
  });

  it("returns structuredContent matching the output schema plus a summary line", async () => {
    session = await connectInMemory(demoPlatform, { env: demoEnv });
    const result = await session.client.callTool({
      name: "demo_item_get",
      arguments: { id: "a1" },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ id: "a1", name: "item a1" });
    const text = (result.content as Array<{ text: string }>)[0]!.text;
    expect(text.split("\n")[0]).toBe("Item a1");
    expect(JSON.parse(text.split("\n")[1]!)).toEqual({ id: "a1", name: "item a1" });
  });

  it("answers bad arguments with an invalid_request envelope naming the field", async () => {
    session = await connectInMemory(demoPlatform, { env: demoEnv });
    const result = await session.call("demo_item_get", { id: 42, extra: true });
    expect(result.isError).toBe(true);
    // The envelope is the error's text, and there is no structuredContent to contradict the
    // tool's output schema (see core's envelopeResult).
    expect(result.structuredContent).toBeUndefined();
    const envelope = JSON.parse((result.content[0] as { text: string }).text);
    expect(envelope).toMatchObject({
      error: "PlatformError",
      platform: "demo",
      operation: "demo_item_get",
      code: "invalid_request",
    });
    expect(envelope.message).toContain("id:");
    expect(envelope.message).toContain("extra");
  });

  it("starts and lists tools without credentials; calls answer not_configured naming the variable", async () => {
    session = await connectInMemory(demoPlatform, { env: {} });
    expect((await session.client.listTools()).tools).toHaveLength(4);
    const result = await session.call("demo_item_get", { id: "a1" });
    expect(readEnvelope(result)).toMatchObject({
      code: "not_configured",
      details: { variables: ["DEMO_TOKEN"] },
    });
    expect(readEnvelope(result)?.message).toContain("DEMO_TOKEN is not set");
  });

  it("reports a malformed secret as not_configured without echoing it", async () => {
    session = await connectInMemory(demoPlatform, { env: { DEMO_TOKEN: "short" } });
    const result = await session.call("demo_item_get", { id: "a1" });
    expect(readEnvelope(result)).toMatchObject({ code: "not_configured" });
    expect(JSON.stringify(result)).not.toContain("short");
  });

  it("maps SDK errors through mapError into the envelope", async () => {
    session = await connectInMemory(demoPlatform, { env: demoEnv });
    const result = await session.call("demo_item_get", { id: "missing" });
    expect(readEnvelope(result)).toMatchObject({
      code: "not_found",
      message: "no item missing",
    });
    expect(Date.parse(readEnvelope(result)?.timestamp ?? "")).not.toBeNaN();
  });

  it("never lets a configured secret reach results, errors or logs", async () => {
    const lines: string[] = [];
    // A caller-supplied logger that does no redaction of its own: the runtime must still scrub.
    session = await connectInMemory(demoPlatform, {
      env: demoEnv,
      logger: createLogger({ name: "t", write: (line) => lines.push(line) }),
    });
    const leaked = await session.call("demo_item_get", { id: "leak" });
    expect(readEnvelope(leaked)).toMatchObject({
      code: "authentication_error",
      message: "bad credentials: [REDACTED]",
    });
    expect(JSON.stringify(leaked)).not.toContain(SECRET);
    await expect(session.call("demo_item_get", { id: "crash" })).rejects.toThrow(
      /Internal error in demo_item_get/,
    );
    expect(lines.join("\n")).toContain("retrying with token [REDACTED]");
    expect(lines.join("\n")).toContain("cannot read properties");
    expect(lines.join("\n")).not.toContain(SECRET);
  });

  it("turns a bug into a protocol internal error without stack or secret, and logs it", async () => {
    const lines: string[] = [];
    session = await connectInMemory(demoPlatform, {
      env: demoEnv,
      logger: createLogger({ name: "t", write: (line) => lines.push(line) }),
    });
    const error = await session.call("demo_item_get", { id: "crash" }).catch((err: Error) => err);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("-32603");
    expect((error as Error).message).not.toMatch(/TypeError|at .*\.ts/);
    expect(lines.some((line) => line.includes("TypeError"))).toBe(true);
    const bad = await session.call("demo_item_get", { id: "badoutput" }).catch((err: Error) => err);
    expect((bad as Error).message).toContain("Internal error in demo_item_get");
    expect(lines.some((line) => line.includes("does not match its schema"))).toBe(true);
  });

  it("rejects an unknown tool as a protocol error", async () => {
    session = await connectInMemory(demoPlatform, { env: demoEnv });
    await expect(session.call("demo_item_nope", {})).rejects.toThrow(
      'Unknown tool "demo_item_nope"',
    );
  });

  it("forwards progress notifications when the client asks for them", async () => {
    session = await connectInMemory(demoPlatform, { env: demoEnv });
    const seen: number[] = [];
    const result = await session.call(
      "demo_job_wait",
      { steps: 3 },
      { onprogress: (p) => seen.push(p.progress) },
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(result.structuredContent).toEqual({ steps: 3 });
  });

  it("aborts the tool when the client cancels the call", async () => {
    session = await connectInMemory(demoPlatform, { env: demoEnv });
    const controller = new AbortController();
    const call = session.call("demo_job_wait", { steps: 50 }, { signal: controller.signal });
    setTimeout(() => controller.abort("user cancelled"), 20);
    await expect(call).rejects.toThrow(/cancelled|abort/i);
  });
});
