import { defineConfig } from "vitest/config";

// One config for the whole workspace: every package with a vitest.config.ts is a project, and
// tests import workspace packages from their TypeScript sources through the
// "@agent-mesh/source" export condition.
export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "gateway*/vitest.config.ts",
      "templates/*/vitest.config.ts",
      "conformance/vitest.config.ts",
    ],
  },
});
