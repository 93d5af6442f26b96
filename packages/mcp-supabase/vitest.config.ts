import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageProject } from "../../vitest.shared.js";

// The stand-in runs over the machine's PostgreSQL in tests (a database per test file, dropped
// after); test/sandbox-pglite.test.ts proves the embedded PGlite path `--sandbox` uses.
export default packageProject("mcp-supabase", {
  env: {
    AGENT_MESH_HOME: join(tmpdir(), "agent-mesh-tests-home"),
    SUPABASE_SANDBOX_POSTGRES_URL:
      process.env.SUPABASE_SANDBOX_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  },
});
