import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "@agent-mesh/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeNotes } from "../src/cli/commands/doctor.js";
import { runCli } from "./cli-io.js";
import { firstPartyPlatforms } from "./platforms.js";

describe("agent-mesh doctor --json", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-doctor-json-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reports the same checks as the text, as JSON", async () => {
    const json = await runCli(["doctor", "--sandbox", "--json"], { cwd: dir });
    const text = await runCli(["doctor", "--sandbox"], { cwd: dir });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: true, config: { path: null, ok: true, issues: [] } });
    // One passing check per first-party platform, each with the read-only tool it probed with.
    expect(report.checks).toEqual(
      firstPartyPlatforms.map((platform) => ({
        ok: true,
        name: platform.name,
        detail: expect.stringMatching(/^credentials accepted \(checked with \w+\)$/),
      })),
    );
    for (const check of report.checks)
      expect(text.stdout).toContain(`✓ ${check.name}: ${check.detail}`);
    expect(report.notes).toEqual(nodeNotes(process.versions.node));
    for (const note of report.notes) expect(text.stdout).toContain(`note: ${note}`);
  });

  it("a failed check carries its fix, never the secret; config problems come with their lines", async () => {
    const secret = "a-secret-token-that-vercel-rejects";
    const config = join(dir, "doctor.yaml");
    await writeFile(
      config,
      "integrations:\n  vercel:\n    token: ${MY_TOKEN}\n    base_url: ${SANDBOX_URL}\n",
    );
    const sandbox = await startSandbox();
    try {
      const result = await runCli(["doctor", "--config", config, "--json"], {
        cwd: dir,
        env: { MY_TOKEN: secret, SANDBOX_URL: sandbox.urls.vercel },
      });
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout);
      expect(report.ok).toBe(false);
      expect(report.checks[0]).toMatchObject({
        ok: false,
        name: "vercel",
        detail: expect.stringMatching(/^authentication_error: /),
        fix: "the credentials for vercel were rejected: create a new token and set it",
      });
      expect(result.stdout + result.stderr).not.toContain(secret);
    } finally {
      await sandbox.close();
    }
    const broken = join(dir, "broken.yaml");
    await writeFile(broken, "servers:\n  a:\n    command: x\n    timeout: soon\n");
    const bad = await runCli(["doctor", "--config", broken, "--json"], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      ok: false,
      config: {
        path: broken,
        ok: false,
        issues: [
          `${broken}:4:14: servers.a.timeout: "soon" is not a duration; write it like 500ms, 30s, 5m or 1h`,
        ],
      },
      checks: [],
    });
  });

  it("notes Node 20 once, in one line, and says nothing on Node 22", () => {
    expect(nodeNotes("22.12.0")).toEqual([]);
    const [note, ...more] = nodeNotes("20.19.0");
    expect(more).toEqual([]);
    expect(note).toContain("Node 20.19.0: supported");
    expect(note).not.toContain("\n");
  });
});
