import { defineConfig } from "vitest/config";

// One config for the whole workspace: every package is a project, and tests import workspace
// packages from their TypeScript sources through the "@agent-mesh/source" export condition.
export default defineConfig({
  test: {
    projects: ["packages/*", "gateway", "templates/generator"],
  },
});
