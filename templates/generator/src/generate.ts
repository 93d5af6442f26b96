import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type PlannedFile, planFiles } from "./plan.js";
import { addGatewayDependency, addToRegistry, GATEWAY_PACKAGE, REGISTRIES } from "./registries.js";
import { tokensFor } from "./tokens.js";
import { nameProblem } from "./validate.js";

export interface GenerateOptions {
  name: string | undefined;
  title?: string;
  /** Workspace root (holds pnpm-workspace.yaml). */
  root: string;
  /** Folder with the platform template (templates/platform). */
  templateDir: string;
  /** Run pnpm install and build the new package (default true). */
  install?: boolean;
  log?: (line: string) => void;
}

export class GenerateError extends Error {}

/**
 * Creates a platform: its package, sandbox stand-in, infra module and (through its build) docs
 * page, and wires it into the registries. All or nothing: on any failure, every file written
 * is removed and every edited file restored, so the tree is exactly as it was.
 */
export function generatePlatform(options: GenerateOptions): { files: string[] } {
  const log = options.log ?? (() => {});
  const problem = nameProblem(options.name, options.root);
  if (problem) throw new GenerateError(problem);
  const name = options.name!;
  const tokens = tokensFor(name, options.title);
  const planned = planFiles(options.templateDir, tokens);

  const created: string[] = [];
  const createdDirs: string[] = [];
  const edited = new Map<string, string>();
  try {
    for (const file of planned) write(options.root, file, created, createdDirs);
    for (const registry of REGISTRIES) {
      const path = join(options.root, registry.path);
      if (!existsSync(path)) continue;
      const before = readFileSync(path, "utf8");
      edited.set(path, before);
      writeFileSync(path, addToRegistry(before, registry, tokens));
    }
    const gatewayManifest = join(options.root, GATEWAY_PACKAGE);
    if (existsSync(gatewayManifest)) {
      const before = readFileSync(gatewayManifest, "utf8");
      edited.set(gatewayManifest, before);
      writeFileSync(gatewayManifest, addGatewayDependency(before, tokens));
    }
    log(`created ${planned.length} files for ${tokens.title}`);
    if (options.install !== false) {
      // Token lengths differ from names, so let the workspace's formatter settle line breaks.
      const touched = [
        `packages/mcp-${name}`,
        `packages/sandbox/src/${name}`,
        ...REGISTRIES.map((r) => r.path),
        GATEWAY_PACKAGE,
      ];
      const existing = touched.filter((path) => existsSync(join(options.root, path)));
      // The install rewrites the lockfile; keep it so a rollback restores it byte for byte.
      const lockfile = join(options.root, "pnpm-lock.yaml");
      if (existsSync(lockfile)) edited.set(lockfile, readFileSync(lockfile, "utf8"));
      run("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"], options.root, log);
      run("pnpm", ["exec", "biome", "check", "--write", ...existing], options.root, log);
      run(
        "pnpm",
        [
          "exec",
          "turbo",
          "run",
          "build",
          `--filter=@agent-mesh/mcp-${name}`,
          "--output-logs=errors-only",
        ],
        options.root,
        log,
      );
    }
  } catch (err) {
    for (const [path, before] of edited) writeFileSync(path, before);
    for (const path of created.reverse()) rmSync(path, { force: true });
    for (const dir of createdDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    if (options.install !== false)
      spawnSync("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"], {
        cwd: options.root,
        stdio: "ignore",
      });
    throw err;
  }
  return { files: planned.map((file) => file.path) };
}

function write(root: string, file: PlannedFile, created: string[], createdDirs: string[]): void {
  const path = join(root, file.path);
  if (existsSync(path)) throw new GenerateError(`${file.path} already exists`);
  let dir = dirname(path);
  const missing: string[] = [];
  while (!existsSync(dir)) {
    missing.push(dir);
    dir = dirname(dir);
  }
  mkdirSync(dirname(path), { recursive: true });
  createdDirs.push(...missing.reverse());
  writeFileSync(path, file.content);
  created.push(path);
}

function run(command: string, args: string[], cwd: string, log: (line: string) => void): void {
  log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`
      .trim()
      .split("\n")
      .slice(-15)
      .join("\n");
    throw new GenerateError(
      `${command} ${args.join(" ")} failed${result.error ? `: ${result.error.message}` : ""}\n${output}`,
    );
  }
}
