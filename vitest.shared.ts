import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineProject } from "vitest/config";

/** Workspace packages resolve to their TypeScript sources in tests, never to a stale dist/. */
const SOURCE_CONDITIONS = ["@agent-mesh/source", "node", "import", "default"];
/**
 * SSR conditions, which vitest also passes to Node as --conditions for the test process. Never
 * "import" there: Node would then hand CommonJS `require` calls a package's ESM build (big.js,
 * under dynalite, broke that way). Vite adds import/require by importer itself.
 */
const NODE_CONDITIONS = ["@agent-mesh/source", "node"];

/**
 * CI may run on two cores that another job keeps busy: a test that spawns a process, starts a
 * sandbox or opens sockets can take many times what it takes on an idle machine. Tests wait for
 * conditions, never fixed times, so a generous ceiling only matters when something really hangs.
 */
const BUSY_MACHINE_TIMEOUTS = { testTimeout: 60_000, hookTimeout: 120_000 };

/** The vitest settings every package shares; a package's config is one call to this. */
export function packageProject(name: string, test: Record<string, unknown> = {}) {
  return defineProject({
    resolve: { conditions: SOURCE_CONDITIONS },
    ssr: { resolve: { conditions: NODE_CONDITIONS, externalConditions: NODE_CONDITIONS } },
    test: {
      name,
      ...BUSY_MACHINE_TIMEOUTS,
      // A gateway a developer runs must not answer the tests' CLI calls (agent-mesh start records
      // itself there; tests that start one give it a folder of its own).
      env: { AGENT_MESH_HOME: join(tmpdir(), "agent-mesh-tests-home") },
      ...test,
    },
  });
}
