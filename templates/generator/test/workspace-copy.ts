import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const WORKSPACE = fileURLToPath(new URL("../../..", import.meta.url));
export const TEMPLATE = join(WORKSPACE, "templates", "platform");
const SKIP = new Set(["node_modules", "dist", ".git", ".turbo", "coverage"]);

/** A copy of the workspace's sources (no node_modules, builds or history) in a temp folder. */
export function copyWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), "agent-mesh-gen-"));
  cpSync(WORKSPACE, root, {
    recursive: true,
    filter: (source) => !SKIP.has(source.split("/").at(-1) ?? ""),
  });
  return root;
}

/** Every file under root with its content, to prove a failed run changed nothing. */
export function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (SKIP.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path, "utf8"));
    }
  };
  walk(root);
  return files;
}

export function sh(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  const output = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
  return { status: result.status, output };
}
