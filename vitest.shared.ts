import { defineProject } from "vitest/config";

/** Workspace packages resolve to their TypeScript sources in tests, never to a stale dist/. */
const SOURCE_CONDITIONS = ["@agent-mesh/source", "node", "import", "default"];

/** The vitest settings every package shares; a package's config is one call to this. */
export function packageProject(name: string, test: Record<string, unknown> = {}) {
  return defineProject({
    resolve: { conditions: SOURCE_CONDITIONS },
    ssr: { resolve: { conditions: SOURCE_CONDITIONS, externalConditions: SOURCE_CONDITIONS } },
    test: { name, ...test },
  });
}
