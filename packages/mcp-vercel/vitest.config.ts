import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@agent-mesh/source"] },
  test: { name: "mcp-vercel" },
});
