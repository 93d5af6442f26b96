import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { closedPort } from "./redis.js";

async function doctor(config: string) {
  let stdout = "";
  const code = await main(["doctor", "--config", config], {
    out: (text) => {
      stdout += text;
    },
    err: () => {},
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AGENT_MESH_LOG_LEVEL: "error" },
    cwd: process.cwd(),
    interactive: false,
  });
  return { code, stdout };
}

describe("agent-mesh doctor and the shared state", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-doctor-state-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("says when the configured Redis is unreachable, without its password", async () => {
    const config = join(dir, "mesh.yaml");
    await writeFile(
      config,
      `integrations: {}\nstate:\n  redis: redis://:hunter2-redis-pw@127.0.0.1:${await closedPort()}\n`,
    );
    const result = await doctor(config);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ state: Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable/);
    expect(result.stdout).toContain("fix: check state.redis in mesh.yaml");
    expect(result.stdout).not.toContain("hunter2");
  });
});
