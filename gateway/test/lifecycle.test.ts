import { readEnvelope } from "@agent-mesh/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  alive,
  callTool,
  eventually,
  fixtureYaml,
  startTestMesh,
  type TestMesh,
} from "./helpers.js";

const FAST_RESTART = "gateway:\n  restart_delay: 50ms\n  restart_max_delay: 200ms\n";

describe("downstream lifecycle", () => {
  let t: TestMesh | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("answers at once while a crashed server restarts, then works again, leaving no orphans", async () => {
    t = await startTestMesh(`${FAST_RESTART}servers:\n${fixtureYaml("crashy", ["--grandchild"])}`);
    const first = (await callTool(t.client, "pid")).structuredContent as {
      pid: number;
      grandchild: number;
    };
    expect(alive(first.pid) && alive(first.grandchild)).toBe(true);

    const crashed = await callTool(t.client, "crash");
    expect(crashed.isError).toBe(true);
    expect(readEnvelope(crashed)).toMatchObject({
      code: "upstream_unavailable",
      platform: "crashy",
    });

    const during = await callTool(t.client, "pid");
    if (during.isError) {
      expect(readEnvelope(during)).toMatchObject({ code: "upstream_unavailable" });
      expect(readEnvelope(during)?.message).toMatch(/restarting|starting/);
    }

    const second = await eventually(
      async () => {
        const result = await callTool(t!.client, "pid");
        return result.isError
          ? undefined
          : (result.structuredContent as { pid: number; grandchild: number });
      },
      45_000,
      "the restarted server to answer",
    );
    expect(second.pid).not.toBe(first.pid);
    await eventually(
      () => !alive(first.pid) && !alive(first.grandchild),
      45_000,
      "the old processes to be gone",
    );
    expect(t.mesh.get("crashy")?.restarts).toBeGreaterThanOrEqual(1);
    expect(t.mesh.health().downstreams.crashy).toMatchObject({ state: "ready" });
  });

  it("answers `timeout` when a tool exceeds its timeout, and cancels it downstream", async () => {
    t = await startTestMesh(
      `servers:\n${fixtureYaml("slow", [], "    tool_timeouts:\n      wait: 200ms\n")}`,
    );
    const result = await callTool(t.client, "wait", { ms: 5000 });
    expect(result.isError).toBe(true);
    expect(readEnvelope(result)).toMatchObject({
      code: "timeout",
      details: { timeout_ms: 200 },
    });
    expect(readEnvelope(result)?.message).toContain("tool_timeouts.wait");
    const stats = await eventually(
      async () => {
        const s = (await callTool(t!.client, "stats")).structuredContent as { cancelled: number };
        return s.cancelled > 0 ? s : undefined;
      },
      45_000,
      "the downstream to see the cancellation",
    );
    expect(stats.cancelled).toBe(1);
  });

  it("starts the others when one server hangs and another exits at once", async () => {
    t = await startTestMesh(
      `servers:\n${fixtureYaml("good")}${fixtureYaml("hangs", ["--hang"], "    startup_timeout: 1h\n")}${fixtureYaml("exits", ["--exit-on-start"])}`,
      { settle: false },
    );
    await eventually(() => t!.mesh.get("good")?.state === "ready", 45_000, "good to be ready");
    const { tools } = await t.client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("wait");
    expect(t.mesh.get("hangs")?.state).toBe("starting");
    await eventually(() => t!.mesh.get("exits")?.lastError, 45_000, "exits to fail");
    const health = t.mesh.health();
    expect(health.status).toBe("degraded");
    expect(health.downstreams.exits).toMatchObject({ state: "down" });
    expect(health.downstreams.exits?.last_error).toContain("exiting at once");
  });

  it("keeps a server's credentials out of health, even when the server prints them", async () => {
    const token = "tok-that-must-never-leak-0123";
    t = await startTestMesh(
      `servers:\n${fixtureYaml("leaky", ["--exit-on-start"], `    env:\n      FIXTURE_TOKEN: ${token}\n`)}`,
    );
    const health = JSON.stringify(t.mesh.health());
    expect(health).toContain("exiting at once, as asked with token [REDACTED]");
    expect(health).not.toContain(token);
  });

  it("reports a server that does not start in time", async () => {
    t = await startTestMesh(
      `servers:\n${fixtureYaml("hangs", ["--hang"], "    startup_timeout: 300ms\n")}`,
    );
    expect(t.mesh.get("hangs")?.lastError).toContain("did not start within 0.3s");
  });
});
