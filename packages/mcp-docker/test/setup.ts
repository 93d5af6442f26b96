import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Connected, type ConnectOptions, connectInMemory } from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll } from "vitest";
import { platform } from "../src/index.js";

/** The Docker stand-in, a temporary build root, and sessions closed after each test. */
export function useDockerSandbox(stepMs = 1) {
  const sandbox = useSandbox("docker", { stepMs });
  const sessions: Connected[] = [];
  let root = "";
  beforeAll(async () => {
    await sandbox.start();
    root = await mkdtemp(join(tmpdir(), "mcp-docker-test-"));
  });
  afterAll(async () => {
    await sandbox.close();
    if (root) await rm(root, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
  });
  const env = (extra: Record<string, string | undefined> = {}) => ({
    ...sandbox.env,
    DOCKER_BUILD_ROOTS: root,
    ...extra,
  });
  return {
    sandbox,
    env,
    /** host:port of the stand-in, which is also its registry. */
    registry: () => new URL(sandbox.urls.docker ?? "").host,
    root: () => root,
    async connect(extra: Record<string, string | undefined> = {}, options: ConnectOptions = {}) {
      const session = await connectInMemory(platform, { env: env(extra), ...options });
      sessions.push(session);
      return session;
    },
    /** Writes a build context under the root and answers its path. */
    async context(name: string, dockerfile: string, files: Record<string, string> = {}) {
      const dir = join(root, name);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "Dockerfile"), dockerfile);
      for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
      return dir;
    },
  };
}
