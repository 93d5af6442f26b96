import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fill, type Tokens } from "./tokens.js";

export interface PlannedFile {
  /** Path relative to the workspace root. */
  path: string;
  content: string;
}

/** Every file of the template, with tokens filled in names and contents. */
export function planFiles(templateDir: string, tokens: Tokens): PlannedFile[] {
  return walk(templateDir).map((file) => ({
    path: fill(relative(templateDir, file), tokens),
    content: fill(readFileSync(file, "utf8"), tokens),
  }));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
}
