#!/usr/bin/env node
// A committed shim, so pnpm can link the bin before dist/ is built (as on a fresh clone).
import { existsSync } from "node:fs";

const built = new URL("../dist/bin.js", import.meta.url);
if (!existsSync(built)) {
  process.stderr.write("mcp-supabase: dist/bin.js is not built yet: run `pnpm build` first.\n");
  process.exit(1);
}
await import(built.href);
