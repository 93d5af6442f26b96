import { existsSync } from "node:fs";
import { join } from "node:path";
import { platformNameProblem } from "@agent-mesh/core";

/** Names that would clash with the workspace's own packages, commands or conventions. */
export const RESERVED_NAMES = new Set([
  "agent",
  "agentmesh",
  "all",
  "core",
  "docs",
  "gateway",
  "generator",
  "infra",
  "internal",
  "mcp",
  "mesh",
  "node",
  "npm",
  "platform",
  "pnpm",
  "sandbox",
  "sdk",
  "shared",
  "template",
  "templates",
  "test",
  "tests",
]);

/** Paths a new platform would create; any that exists means the platform exists already. */
export function platformPaths(name: string): string[] {
  return [
    `packages/mcp-${name}`,
    `infra/modules/${name}_integration`,
    `packages/sandbox/src/${name}`,
    `docs/platforms/${name}.md`,
  ];
}

/** Why `name` cannot be a new platform in the workspace at `root`, or undefined. */
export function nameProblem(name: string | undefined, root: string): string | undefined {
  if (!name) return "give the platform's name, e.g. `pnpm new-platform linear`";
  const problem = platformNameProblem(name);
  if (problem) {
    return `${problem}; try "${name.toLowerCase().replace(/[^a-z0-9]/g, "")}"`;
  }
  if (RESERVED_NAMES.has(name)) return `"${name}" is reserved; pick the platform's own name`;
  const existing = platformPaths(name).filter((path) => existsSync(join(root, path)));
  if (existing.length > 0) return `platform "${name}" already exists (${existing.join(", ")})`;
  return undefined;
}
