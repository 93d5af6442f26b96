import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { PlatformError } from "@agent-mesh/core";
import ignoreModule from "@balena/dockerignore";
import type { DockerConfig } from "./client.js";

/** A build context that passed every check, ready to be packed for the engine. */
export interface BuildContext {
  /** Real path of the context folder. */
  dir: string;
  /** Dockerfile path relative to the context, as the engine takes it. */
  dockerfile: string;
  /** Files (and symlinks that stay inside the roots) to send, after .dockerignore. */
  files: string[];
  bytes: number;
}

const MAX_FILES = 100_000;

// A CommonJS module whose typings declare a default export: take whichever the loader gives.
const dockerIgnore = ((ignoreModule as unknown as { default?: unknown }).default ??
  ignoreModule) as unknown as typeof ignoreModule.default;

const inside = (root: string, path: string) => path === root || path.startsWith(root + sep);

/**
 * Checks a build context before the engine sees anything: it must lie under DOCKER_BUILD_ROOTS,
 * hold no symlink that leads outside them, fit DOCKER_BUILD_CONTEXT_MAX_BYTES after
 * .dockerignore, and contain the Dockerfile.
 */
export async function prepareContext(
  config: DockerConfig,
  context: string,
  dockerfile: string,
): Promise<BuildContext> {
  if (config.buildRoots.length === 0) {
    throw new PlatformError(
      "not_configured",
      "No build root is configured: set DOCKER_BUILD_ROOTS to the folders build contexts may come from (comma-separated absolute paths).",
      { details: { variables: ["DOCKER_BUILD_ROOTS"] } },
    );
  }
  const roots = await Promise.all(
    config.buildRoots.map((root) => realpath(root).catch(() => root)),
  );
  const wanted = isAbsolute(context) ? context : resolve(roots[0] ?? "/", context);
  const outside = () =>
    new PlatformError(
      "policy_denied",
      `The build context ${wanted} is outside DOCKER_BUILD_ROOTS (${config.buildRoots.join(", ")}). Build from a folder under a root, or ask the operator to add one.`,
      { details: { variable: "DOCKER_BUILD_ROOTS" } },
    );
  // Check the path as given first, so a context outside the roots is refused without a lookup.
  if (!roots.some((root) => inside(root, resolve(wanted)))) throw outside();
  const dir = await realpath(wanted).catch(() => {
    throw new PlatformError("not_found", `The build context ${wanted} does not exist.`);
  });
  if (!roots.some((root) => inside(root, dir))) throw outside();
  if (!(await stat(dir)).isDirectory()) {
    throw new PlatformError("invalid_request", `The build context ${wanted} is not a folder.`);
  }

  const dockerfilePath = resolve(dir, dockerfile);
  if (!inside(dir, dockerfilePath)) {
    throw new PlatformError(
      "invalid_request",
      `dockerfile "${dockerfile}" leads outside the build context; give a path inside it.`,
    );
  }
  const dockerfileStat = await stat(dockerfilePath).catch(() => undefined);
  if (!dockerfileStat?.isFile()) {
    throw new PlatformError(
      "not_found",
      `No Dockerfile at ${relative(dir, dockerfilePath)} in the build context ${wanted}.`,
    );
  }
  const dockerfileName = relative(dir, dockerfilePath).split(sep).join("/");

  const ignoreText = await readFile(join(dir, ".dockerignore"), "utf8").catch(() => "");
  const ignore = dockerIgnore({ ignorecase: false }).add(ignoreText);
  const always = new Set([dockerfileName, ".dockerignore"]);
  const files: string[] = [];
  let bytes = 0;

  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      const rel = relative(dir, full).split(sep).join("/");
      if (!always.has(rel) && ignore.ignores(entry.isDirectory() ? `${rel}/` : rel)) continue;
      if (entry.isSymbolicLink()) {
        const target = await realpath(full).catch(() => resolve(folder, rel));
        if (!roots.some((root) => inside(root, target))) {
          throw new PlatformError(
            "policy_denied",
            `The build context holds a symlink, ${rel}, that leads outside DOCKER_BUILD_ROOTS; remove it or add it to .dockerignore.`,
            { details: { variable: "DOCKER_BUILD_ROOTS" } },
          );
        }
        files.push(rel);
      } else if (entry.isDirectory()) {
        await walk(full);
      } else if (entry.isFile()) {
        bytes += (await lstat(full)).size;
        files.push(rel);
      }
      if (files.length > MAX_FILES) {
        throw new PlatformError(
          "invalid_request",
          `The build context has more than ${MAX_FILES} files; add a .dockerignore.`,
        );
      }
      if (bytes > config.buildContextMaxBytes) {
        throw new PlatformError(
          "invalid_request",
          `The build context is larger than DOCKER_BUILD_CONTEXT_MAX_BYTES (${config.buildContextMaxBytes} bytes) after .dockerignore; ignore large files or ask the operator to raise the limit.`,
          { details: { variable: "DOCKER_BUILD_CONTEXT_MAX_BYTES" } },
        );
      }
    }
  };
  await walk(dir);
  return { dir, dockerfile: dockerfileName, files, bytes };
}
