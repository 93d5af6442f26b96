import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "@agent-mesh/sandbox";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfigFile } from "../src/config/load.js";
import { settingKey } from "../src/config/schema.js";
import { runCli } from "./cli-io.js";
import { firstPartyPlatforms } from "./platforms.js";

describe("agent-mesh init", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-init-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("enables the platforms whose credentials the environment has, as ${VAR}, and the file loads", async () => {
    const env = {
      VERCEL_TOKEN: "vercel-secret-value-1234",
      AWS_ACCESS_KEY_ID: "AKIAEXAMPLEKEY",
      AWS_SECRET_ACCESS_KEY: "aws-secret-value-5678",
      AWS_REGION: "eu-west-1",
    };
    const result = await runCli(["init"], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("vercel, aws from the environment");
    const yaml = await readFile(join(dir, "mesh.yaml"), "utf8");
    expect(yaml).toMatch(/^ {4}token: \$\{VERCEL_TOKEN\}/m);
    expect(yaml).toMatch(/^ {4}secret_access_key: \$\{AWS_SECRET_ACCESS_KEY\}/m);
    expect(yaml).toMatch(/^ {4}# team_id: \$\{VERCEL_TEAM_ID\}/m);
    for (const value of Object.values(env)) expect(yaml).not.toContain(value);

    const loaded = await loadConfigFile(join(dir, "mesh.yaml"), firstPartyPlatforms, env);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(Object.keys(loaded.config.integrations ?? {})).toEqual(["vercel", "aws"]);
  });

  it("covers every first-party platform's settings, and comments out what it did not find", async () => {
    const env = { AWS_PROFILE: "dev" };
    await runCli(["init"], { cwd: dir, env });
    const yaml = await readFile(join(dir, "mesh.yaml"), "utf8");
    for (const platform of firstPartyPlatforms) {
      for (const [key, setting] of Object.entries(platform.config)) {
        expect(yaml).toContain(`${settingKey(key)}: \${${setting.env}}`);
      }
    }
    expect(yaml).toMatch(/^ {2}# vercel:/m);
    expect(yaml).toMatch(/^ {4}profile: \$\{AWS_PROFILE\}/m);
    const loaded = await loadConfigFile(join(dir, "mesh.yaml"), firstPartyPlatforms, env);
    expect(loaded.ok && Object.keys(loaded.config.integrations ?? {})).toEqual(["aws"]);
  });

  it("without credentials, writes a file that loads and mounts every platform from the environment", async () => {
    const result = await runCli(["init"], { cwd: dir, env: {} });
    expect(result.stderr).toContain("no platform credentials in the environment");
    const yaml = await readFile(join(dir, "mesh.yaml"), "utf8");
    expect(yaml).toMatch(/^# integrations:/m);
    const loaded = await loadConfigFile(join(dir, "mesh.yaml"), firstPartyPlatforms, {});
    expect(loaded.ok && loaded.config.integrations).toBeUndefined();
  });

  it("as the docs show: `agent-mesh init && agent-mesh doctor`, with the sandbox's variables", async () => {
    const sandbox = await startSandbox();
    try {
      const env = { ...sandbox.env };
      expect((await runCli(["init"], { cwd: dir, env })).code).toBe(0);
      const doctor = await runCli(["doctor"], { cwd: dir, env });
      expect(doctor.stdout).toContain(`✓ config: ${join(dir, "mesh.yaml")}`);
      expect(doctor.stdout).toContain("✓ vercel: credentials accepted");
      expect(doctor.stdout).toContain("✓ aws: credentials accepted");
      expect(doctor.code).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it("never overwrites a file without --force; --print writes nothing", async () => {
    await writeFile(join(dir, "mesh.yaml"), "version: 1\n");
    const refused = await runCli(["init"], { cwd: dir, env: {} });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("exists; not overwriting it");
    expect(refused.stderr).toContain("--force");
    expect(await readFile(join(dir, "mesh.yaml"), "utf8")).toBe("version: 1\n");

    const printed = await runCli(["init", "--print", "--file", "other.yaml"], {
      cwd: dir,
      env: { VERCEL_TOKEN: "t" },
    });
    expect(printed.stdout).toContain("token: ${VERCEL_TOKEN}");
    expect(existsSync(join(dir, "other.yaml"))).toBe(false);

    const forced = await runCli(["init", "--force"], { cwd: dir, env: { VERCEL_TOKEN: "t" } });
    expect(forced.code).toBe(0);
    expect(await readFile(join(dir, "mesh.yaml"), "utf8")).toContain("token: ${VERCEL_TOKEN}");
  });

  it("reports an environment value the config would reject, naming the variable but not the value", async () => {
    const result = await runCli(["init"], {
      cwd: dir,
      env: { AWS_MAX_ATTEMPTS: "99-not-a-number" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("max_attempts");
    expect(existsSync(join(dir, "mesh.yaml"))).toBe(false);
  });
});
