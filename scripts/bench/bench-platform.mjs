// The trivial platform every benchmark calls: one tool that returns its input. Run directly
// (`node bench-platform.mjs --http 0` or stdio) it is the "no gateway" baseline.
import { definePlatform, defineTool } from "@agent-mesh/core";
import { z } from "zod";

const echo = defineTool({
  name: "bench_echo_run",
  title: "Echo",
  description: "Returns its input.",
  input: z.object({ n: z.number() }),
  output: z.object({ n: z.number() }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  run: async ({ n }) => ({ n }),
});

export const benchPlatform = definePlatform({
  name: "bench",
  title: "Bench",
  version: "0.0.0",
  description: "benchmark",
  config: {},
  client: () => ({}),
  tools: [echo],
  mapError: () => undefined,
});

if (import.meta.url === `file://${process.argv[1]}`) {
  const { serve } = await import("@agent-mesh/core/serve");
  await serve(benchPlatform, { env: { AGENT_MESH_LOG_LEVEL: "error" } });
}
