import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enabledPlatforms } from "../src/config/enabled-platforms.js";
import { parseConfig } from "../src/config/load.js";
import { firstPartyPlatformNames, loadPlatforms } from "../src/platforms.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The built gateway, as a published install runs it (tests run after `pnpm build`). */
const GATEWAY = join(here, "..", "dist", "index.js");
const FIXTURE = join(here, "fixtures", "loaded-modules.mjs");

interface Loaded {
  platforms: string[];
  awsSdk: boolean;
  twilio: boolean;
  dockerode: boolean;
  ioredis: boolean;
  pg: boolean;
  downstreams: string[];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "agent-mesh-lazy-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts the built gateway in a fresh Node process and reads its module registry. */
async function loadedBy(yaml: string): Promise<Loaded> {
  const config = join(dir, `mesh-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(config, yaml);
  const { stdout } = await promisify(execFile)(process.execPath, [FIXTURE, GATEWAY, config], {
    env: { ...process.env, AGENT_MESH_HOME: dir },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Loaded;
}

describe("lazy loading of platforms", () => {
  it("a gateway with one platform enabled never loads the others or their SDKs", async () => {
    const loaded = await loadedBy(
      "integrations:\n  vercel: {}\n  aws:\n    enabled: false\n    region: eu-west-1\naudit:\n  enabled: false\n",
    );
    expect(loaded.platforms).toEqual(["vercel"]);
    // The gateway's own downstream (status, workflows) is always there, in-process.
    expect(loaded.downstreams).toEqual(["vercel", "mesh"]);
    expect(loaded.awsSdk).toBe(false);
    expect(loaded.twilio).toBe(false);
    expect(loaded.dockerode).toBe(false);
    // Without `state.redis` or `database:`, neither client library is loaded either.
    expect(loaded.ioredis).toBe(false);
    expect(loaded.pg).toBe(false);
  }, 90_000);

  it("an enabled platform's SDK is loaded (the check above can see it)", async () => {
    const loaded = await loadedBy(
      "integrations:\n  aws: {}\n  twilio: {}\naudit:\n  enabled: false\n",
    );
    expect(loaded.platforms).toEqual(["aws", "twilio"]);
    expect(loaded.awsSdk).toBe(true);
    expect(loaded.twilio).toBe(true);
    expect(loaded.dockerode).toBe(false);
  }, 90_000);
});

describe("which platforms a mesh.yaml enables", () => {
  it("every one without an integrations section, or when the text does not parse", () => {
    expect(enabledPlatforms("gateway:\n  port: 0\n", firstPartyPlatformNames)).toEqual(
      firstPartyPlatformNames,
    );
    expect(enabledPlatforms("integrations: [\n", firstPartyPlatformNames)).toEqual(
      firstPartyPlatformNames,
    );
  });

  it("those listed, unless disabled with a literal false", () => {
    const yaml =
      "integrations:\n  stripe: {}\n  github:\n  aws:\n    enabled: false\n  docker:\n    enabled: ${DOCKER_ON}\n";
    expect(enabledPlatforms(yaml, firstPartyPlatformNames)).toEqual(["stripe", "docker", "github"]);
  });

  it("a disabled, unloaded platform's entry is accepted; an enabled one must be loaded", async () => {
    const [stripe] = await loadPlatforms(["stripe"]);
    const yaml = "integrations:\n  stripe: {}\n  aws:\n    enabled: false\n    region: x\n";
    const ok = parseConfig(yaml, "mesh.yaml", [stripe!], {}, firstPartyPlatformNames);
    expect(ok.ok && ok.config.integrations?.aws).toEqual({ enabled: false, values: {} });
    const bad = parseConfig(
      "integrations:\n  aws: {}\n",
      "mesh.yaml",
      [stripe!],
      {},
      firstPartyPlatformNames,
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues[0]?.key).toBe("integrations.aws.enabled");
  });
});
