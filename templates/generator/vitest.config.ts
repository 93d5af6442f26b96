import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@agent-mesh/source"] },
  // The end-to-end test installs and builds a copy of the workspace: minutes, not milliseconds.
  test: { name: "generator", testTimeout: 300_000, hookTimeout: 300_000 },
});
