import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyPlatform } from "../platform.js";
import { generatedFiles, staleFiles } from "./files.js";

// Run from a platform package: imports its built dist/index.js and writes (or, with --check,
// verifies) tools.json, the infra module's copy and docs/platforms/<name>.md.
const check = process.argv.includes("--check");
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
const shown = (path: string) => relative(process.cwd(), path) || path;
if (check) {
  const stale = staleFiles(files);
  if (stale.length > 0) {
    fail(
      `generated files are stale: ${stale.map(shown).join(", ")}. Run the package's build and commit the result.`,
    );
  }
  process.stdout.write(`${platform.name}: ${files.length} generated files are up to date\n`);
} else {
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
  }
  process.stdout.write(
    `${platform.name}: wrote ${files.map((f) => shown(resolve(f.path))).join(", ")}\n`,
  );
}

function fail(message: string): never {
  process.stderr.write(`agent-mesh-manifest: ${message}\n`);
  process.exit(1);
}
