import { rm } from "node:fs/promises";
import { readEnvelope, UNTRUSTED_NOTICE } from "@agent-mesh/core";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNTRUSTED_META } from "../src/pipeline/untrusted-result.js";
import { APP_TOKEN, type GuardedGateway, guardedYaml, startGuarded } from "./guarded.js";

/**
 * When the audit log cannot be written: side-effecting calls are refused before they run, read-
 * only ones go on (the defaults), and `audit.on_failure` changes either.
 */
describe("an audit log that cannot be written", () => {
  let closed: GuardedGateway;
  let open: GuardedGateway;

  beforeAll(async () => {
    // Port 1 on loopback: nothing listens, every connection is refused at once.
    const unreachable = "database: postgres://postgres@127.0.0.1:1/agent_mesh\n";
    [closed, open] = await Promise.all([
      startGuarded(guardedYaml(unreachable)),
      startGuarded(
        guardedYaml(
          `${unreachable}audit:\n  on_failure: { side_effects: open, read_only: closed }\n`,
        ),
      ),
    ]);
  });
  afterAll(async () => {
    for (const g of [closed, open]) {
      await g?.close();
      if (g) await rm(g.dir, { recursive: true, force: true });
    }
  });

  it("refuses a side-effecting call with upstream_unavailable and runs a read-only one", async () => {
    const app = await closed.connect(APP_TOKEN, { elicitation: {} });
    const refused = await app.callTool({ name: "delete_item", arguments: { id: "a1" } });
    const envelope = readEnvelope(refused as never);
    expect(envelope?.code).toBe("upstream_unavailable");
    expect(envelope?.message).toMatch(
      /audit log cannot be written.*audit\.on_failure\.side_effects/,
    );
    const list = await app.callTool({ name: "deleted", arguments: {} });
    expect(list.isError).toBeFalsy();
    expect(list.structuredContent).toEqual({ ids: [] });
  });

  it("follows audit.on_failure when it says otherwise", async () => {
    const app = await open.connect(APP_TOKEN, { elicitation: {} });
    app.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: {} }));
    const ran = await app.callTool({ name: "delete_item", arguments: { id: "a2" } });
    expect(ran.isError).toBeFalsy();
    const list = await app.callTool({ name: "deleted", arguments: {} });
    expect(readEnvelope(list as never)?.code).toBe("upstream_unavailable");
  });

  it("marks results of a server that is not pinned as untrusted, and of a pinned one not", async () => {
    // `guarded` was pinned on first sight: its results are left as they are.
    const pinned = await (await closed.connect(APP_TOKEN)).callTool({
      name: "login",
      arguments: { user: "u", password: "p" },
    });
    expect(JSON.stringify(pinned.content)).not.toContain(UNTRUSTED_NOTICE);
    expect(pinned._meta?.[UNTRUSTED_META]).toBeUndefined();

    const unpinned = await startGuarded(guardedYaml("pinning:\n  enabled: false\n"));
    try {
      const result = await (await unpinned.connect(APP_TOKEN)).callTool({
        name: "login",
        arguments: { user: "u", password: "p" },
      });
      expect(result.structuredContent).toEqual({ user: "u", ok: true });
      expect((result.content as unknown[]).at(-1)).toEqual({
        type: "text",
        text: `${UNTRUSTED_NOTICE} (from the third-party server guarded)`,
      });
      expect(result._meta?.[UNTRUSTED_META]).toBe(true);
    } finally {
      await unpinned.close();
      await rm(unpinned.dir, { recursive: true, force: true });
    }
  });
});
