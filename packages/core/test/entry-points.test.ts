import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src/", import.meta.url));

/** Modules that only exist on Node servers: none may be reachable from the main entry. */
const NODE_ONLY = [
  /^node:(http|https|http2|net|tls|child_process|dgram|cluster|worker_threads)$/,
  /^@hono\/node-server/,
  /^@modelcontextprotocol\/sdk\/(server|client)\/(stdio|streamableHttp)/,
];

/** Every module the file imports, following relative imports through the source tree. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const text = readFileSync(file, "utf8");
    const specifiers = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)]
      .filter((match) => !/^(?:import|export)\s+type\s/.test(match[0]))
      .map((match) => match[1] as string);
    const dynamic = [...text.matchAll(/import\("([^"]+)"\)/g)].map((match) => match[1] as string);
    graph.set(file, [...specifiers, ...dynamic]);
    for (const specifier of [...specifiers, ...dynamic]) {
      if (specifier.startsWith("."))
        visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
    }
  };
  visit(entry);
  return graph;
}

function nodeOnlyImports(entry: string): string[] {
  const found: string[] = [];
  for (const [file, specifiers] of importGraph(entry)) {
    for (const specifier of specifiers) {
      if (NODE_ONLY.some((pattern) => pattern.test(specifier))) {
        found.push(`${file.slice(src.length)} imports ${specifier}`);
      }
    }
  }
  return found;
}

describe("core's entry points", () => {
  it("keeps the main entry free of Node-only servers and transports", () => {
    const graph = importGraph(resolve(src, "index.ts"));
    expect(graph.size).toBeGreaterThan(20);
    expect(nodeOnlyImports(resolve(src, "index.ts"))).toEqual([]);
  });

  it("finds them behind @agent-mesh/core/node, so the check above can see them", () => {
    const found = nodeOnlyImports(resolve(src, "node.ts"));
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/imports node:http$/)]));
  });

  it("declares the ./node and ./serve subpaths", () => {
    const manifest = JSON.parse(readFileSync(resolve(src, "../package.json"), "utf8"));
    expect(Object.keys(manifest.exports)).toEqual(
      expect.arrayContaining([".", "./node", "./serve", "./testing", "./manifest"]),
    );
  });
});
