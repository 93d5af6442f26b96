import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AnyPlatform } from "../platform.js";
import { buildManifest, type Manifest } from "./build.js";
import { renderDocs } from "./docs.js";

export interface GeneratedFile {
  path: string;
  content: string;
}

/**
 * Every file generated from a platform's definitions: the package's tools.json, the infra
 * module's copy of it, and the docs page. Paths are absolute.
 */
export function generatedFiles(platform: AnyPlatform, packageDir: string): GeneratedFile[] {
  const manifest: Manifest = buildManifest(platform);
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  const files: GeneratedFile[] = [{ path: join(packageDir, "tools.json"), content: json }];
  const root = workspaceRoot(packageDir);
  if (root) {
    const infra = join(root, "infra", "modules", `${platform.name}_integration`);
    if (existsSync(infra))
      files.push({ path: join(infra, "mcp-tools", "tools.json"), content: json });
    files.push({
      path: join(root, "docs", "platforms", `${platform.name}.md`),
      content: renderDocs(manifest),
    });
  }
  return files;
}

function workspaceRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
