import { tmpdir } from "node:os";
import { join } from "node:path";

// Each test worker gets its own AGENT_MESH_HOME: the embedded audit database under it belongs to
// one process at a time, and workers run in parallel.
process.env.AGENT_MESH_HOME = join(
  tmpdir(),
  `agent-mesh-tests-home-${process.env.VITEST_POOL_ID ?? "0"}`,
);
