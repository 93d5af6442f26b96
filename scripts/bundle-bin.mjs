// Bundles the package in the current folder's `src/bin.ts` into `dist/bin.js` (run by the build
// of every package with a published bin, after tsc). Workspace packages (`@agent-mesh/*`) are
// inlined from their TypeScript sources, so a packed tarball runs with `npx -y <tarball>` without
// them being on npm, and starts without resolving them. Every other package stays an import, and
// must be listed in the package's `dependencies`: the build fails naming any that is not.
// Lazy `import()`s become chunks in `dist/bin-chunks/`, loaded only when used.
import { readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { build } from "esbuild";

const WORKSPACE_SCOPE = "@agent-mesh/";
const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
const builtins = new Set(builtinModules);
const missing = new Map();

/** `@scope/name/sub/path` -> `@scope/name`; `name/sub` -> `name`. */
function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const externals = {
  name: "agent-mesh-externals",
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("node:") || builtins.has(packageName(args.path))) {
        return { external: true };
      }
      if (args.path.startsWith(WORKSPACE_SCOPE)) return undefined;
      const name = packageName(args.path);
      if (!dependencies.has(name)) missing.set(name, args.importer);
      return { external: true };
    });
  },
};

// tsc also emitted dist/bin.js; its source map would describe the file this replaces.
rmSync("dist/bin.js.map", { force: true });
rmSync("dist/bin-chunks", { recursive: true, force: true });
await build({
  entryPoints: { bin: "src/bin.ts" },
  outdir: "dist",
  chunkNames: "bin-chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  conditions: ["@agent-mesh/source"],
  plugins: [externals],
  logLevel: "warning",
});

if (missing.size > 0) {
  const lines = [...missing].map(([name, importer]) => `  ${name} (imported by ${importer})`);
  process.stderr.write(
    `bundle-bin: ${manifest.name} must list these in "dependencies", since its bundled bin imports them:\n${lines.join("\n")}\n`,
  );
  process.exit(1);
}
