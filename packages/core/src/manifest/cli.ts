import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyPlatform } from "../platform.js";
import { generatedFiles } from "./files.js";

// Run from a platform package's build: imports its built dist/index.js and writes tools.json,
// the infra module's copy and docs/platforms/<name>.md. CI rebuilds and diffs them with git.
const packageDir = process.cwd();
const entry = pathToFileURL(join(packageDir, "dist", "index.js")).href;

let platform: AnyPlatform | undefined;
try {
  platform = ((await import(entry)) as { platform?: AnyPlatform }).platform;
} catch (err) {
  fail(`cannot load ${entry}: ${(err as Error).message}. Build the package first.`);
}
if (!platform) fail(`${entry} does not export "platform"`);

const files = generatedFiles(platform, packageDir);
for (const file of files) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.content);
}
const shown = (path: string) => relative(process.cwd(), resolve(path)) || path;
process.stdout.write(`${platform.name}: wrote ${files.map((f) => shown(f.path)).join(", ")}\n`);

function fail(message: string): never {
  process.stderr.write(`agent-mesh-manifest: ${message}\n`);
  process.exit(1);
}
