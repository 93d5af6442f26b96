import { fill, type Tokens } from "./tokens.js";

/** A workspace file that lists every platform, with the marker lines new entries go above. */
interface Registry {
  path: string;
  /** Absent when the entry itself loads the platform (the gateway's lazy loaders). */
  imports?: { marker: string; line: string };
  entries: { marker: string; line: string };
}

export const REGISTRIES: Registry[] = [
  {
    path: "packages/sandbox/src/platforms.ts",
    imports: {
      marker: "agent-mesh:stand-in-imports",
      line: 'import { __NAME__ } from "./__NAME__/index.js";',
    },
    entries: { marker: "agent-mesh:stand-ins", line: "  __NAME__," },
  },
  {
    path: "gateway/src/platforms.ts",
    entries: {
      marker: "agent-mesh:platforms",
      line: '  { name: "__NAME__", load: async () => (await import("@agent-mesh/mcp-__NAME__")).platform },',
    },
  },
];

/**
 * Adds a platform to a registry file's imports (kept sorted by module, as the linter wants) and
 * to its list (above the marker). Throws if a marker is missing, so nothing is half-wired.
 */
export function addToRegistry(source: string, registry: Registry, tokens: Tokens): string {
  const lines = source.split("\n");
  if (registry.imports) addImport(lines, registry, registry.imports, tokens);
  const entryAt = markerIndex(lines, registry, registry.entries.marker);
  lines.splice(entryAt, 0, fill(registry.entries.line, tokens));
  return lines.join("\n");
}

function addImport(
  lines: string[],
  registry: Registry,
  imports: { marker: string; line: string },
  tokens: Tokens,
): void {
  const importAt = markerIndex(lines, registry, imports.marker);
  const firstImport = lines.findIndex((line) => line.startsWith("import "));
  const start = firstImport === -1 || firstImport > importAt ? importAt : firstImport;
  const sorted = [...lines.slice(start, importAt), fill(imports.line, tokens)].sort((a, b) =>
    moduleOf(a).localeCompare(moduleOf(b)),
  );
  lines.splice(start, importAt - start, ...sorted);
}

function markerIndex(lines: string[], registry: Registry, marker: string): number {
  const index = lines.findIndex((line) => line.includes(marker));
  if (index === -1) throw new Error(`${registry.path} has lost its "${marker}" marker line`);
  return index;
}

function moduleOf(line: string): string {
  return /from "([^"]+)"/.exec(line)?.[1] ?? line;
}

/** The package that mounts every platform, and so depends on each platform package. */
export const GATEWAY_PACKAGE = "gateway/package.json";

/**
 * Adds `@agent-mesh/mcp-<name>` to the gateway's manifest as its other platforms are: a workspace
 * devDependency (the gateway's bundled bin inlines it) and an optional peer dependency (what the
 * gateway's library entry imports), keeping each list sorted.
 */
export function addGatewayDependency(source: string, tokens: Tokens): string {
  const manifest = JSON.parse(source) as Record<string, Record<string, unknown> | undefined>;
  const name = fill("@agent-mesh/mcp-__NAME__", tokens);
  const add = (field: string, value: unknown) => {
    manifest[field] = Object.fromEntries(
      Object.entries({ ...manifest[field], [name]: value }).sort(([a], [b]) => a.localeCompare(b)),
    );
  };
  add("devDependencies", "workspace:*");
  add("peerDependencies", "workspace:^");
  add("peerDependenciesMeta", { optional: true });
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
