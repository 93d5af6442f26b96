import { describe, expect, it } from "vitest";
import { z } from "zod";
import { definePlatform, defineTool, flagSetting, readEnvelope } from "../src/index.js";
import { connectInMemory, structured } from "../src/testing.js";

const sent: string[] = [];

const read = defineTool({
  name: "demo_note_list",
  title: "List notes",
  description: "Lists notes.",
  input: z.object({}),
  output: z.object({ notes: z.array(z.string()) }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  run: async () => ({ notes: [...sent] }),
});

const send = defineTool({
  name: "demo_note_send",
  title: "Send a note",
  description: "Sends a note; long ones ask first.",
  input: z.object({ text: z.string() }),
  output: z.object({ sent: z.string() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
  confirm: {
    when: ({ text }) => text.length > 10,
    message: ({ text }) => `Send a ${text.length}-character note.`,
  },
  run: async ({ text }) => {
    sent.push(text);
    return { sent: text };
  },
});

const platform = definePlatform({
  name: "demo",
  title: "Demo",
  version: "0.0.0",
  description: "Notes.",
  config: {
    readOnly: {
      env: "DEMO_READ_ONLY",
      schema: flagSetting().default(false),
      description: "hide writes",
    },
    token: { env: "DEMO_TOKEN", schema: z.string().min(1), description: "token", secret: true },
  },
  client: () => ({}),
  tools: [read, send],
  mapError: () => undefined,
});

describe("the read-only switch (a platform's readOnly setting)", () => {
  it("hides every tool that writes, even while credentials are missing", async () => {
    const session = await connectInMemory(platform, { env: { DEMO_READ_ONLY: "true" } });
    try {
      const names = (await session.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(["demo_note_list"]);
      const refused = readEnvelope(await session.call("demo_note_send", { text: "hi" }));
      expect(refused).toMatchObject({ code: "policy_denied" });
      expect(refused?.message).toContain("DEMO_READ_ONLY");
    } finally {
      await session.close();
    }
  });

  it("counts an invalid value as on, and lists every tool when off", async () => {
    const invalid = await connectInMemory(platform, {
      env: { DEMO_READ_ONLY: "maybe", DEMO_TOKEN: "t" },
    });
    const off = await connectInMemory(platform, { env: { DEMO_TOKEN: "t" } });
    try {
      expect((await invalid.client.listTools()).tools).toHaveLength(1);
      expect((await off.client.listTools()).tools).toHaveLength(2);
    } finally {
      await invalid.close();
      await off.close();
    }
  });
});

describe("conditional confirmation (confirm.when)", () => {
  it("runs at once when `when` says no, and asks first when it says yes", async () => {
    const session = await connectInMemory(platform, { env: { DEMO_TOKEN: "t" } });
    try {
      expect(structured(await session.call("demo_note_send", { text: "short" }))).toEqual({
        sent: "short",
      });
      const asked = readEnvelope(
        await session.call("demo_note_send", { text: "a much longer note" }),
      );
      expect(asked?.code).toBe("confirmation_required");
      expect(sent).not.toContain("a much longer note");
      const token = asked?.details?.confirm_token;
      expect(
        structured(
          await session.call("demo_note_send", {
            text: "a much longer note",
            confirm_token: token,
          }),
        ),
      ).toEqual({ sent: "a much longer note" });
    } finally {
      await session.close();
    }
  });
});
