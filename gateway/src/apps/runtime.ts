import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The names a view's script uses from the MCP Apps SDK. */
const WANTED = [
  "App",
  "PostMessageTransport",
  "applyDocumentTheme",
  "applyHostStyleVariables",
] as const;

let cached: string | undefined;

/**
 * The MCP Apps SDK's view side (`App`, `PostMessageTransport` and the theming helpers) as one inline script prelude: the
 * package's self-contained build (`@modelcontextprotocol/ext-apps/app-with-deps`, as npm installed
 * it beside the gateway; never a CDN) with its closing `export {...}` turned into a local
 * `const McpApps = {...}` (inside a function scope), so a view's own code can follow it in the same `<script type="module">`.
 * Read once, on first use.
 */
export function appsRuntime(): string {
  if (cached) return cached;
  const file = createRequire(import.meta.url).resolve(
    "@modelcontextprotocol/ext-apps/app-with-deps",
  );
  const source = readFileSync(file, "utf8");
  const match = /export\s*\{([^}]*)\}\s*;?\s*$/.exec(source);
  if (!match) {
    throw new Error(
      `${file} no longer ends with one export list; the MCP Apps views need @modelcontextprotocol/ext-apps as pinned in the gateway's package.json`,
    );
  }
  const exported = new Map<string, string>();
  for (const entry of match[1]!.split(",")) {
    const [local, name = local] = entry.trim().split(/\s+as\s+/);
    if (local && name) exported.set(name.trim(), local.trim());
  }
  const missing = WANTED.filter((name) => !exported.has(name));
  if (missing.length > 0) {
    throw new Error(`${file} does not export ${missing.join(", ")}; check the pinned version`);
  }
  const body = source.slice(0, match.index);
  if (/<\/script/i.test(body))
    throw new Error(`${file} contains "</script", which cannot be inlined`);
  // In its own function scope: its minified top-level names must not meet the view's.
  const names = WANTED.map((n) => `${n}: ${exported.get(n)}`).join(", ");
  cached = `const McpApps = (() => {\n${body}\nreturn { ${names} };\n})();\n`;
  return cached;
}
