import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, it } from "vitest";
import { interactiveSuite } from "./workflow-interactive-suite.js";
import { workflowSuite } from "./workflow-suite.js";

// `database: postgres://...`: runs in PostgreSQL, steps as parallel child workflows. Skipped
// when no PostgreSQL answers on 127.0.0.1:5432.
const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const name = `agent_mesh_wf_${randomBytes(6).toString("hex")}`;

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

if (await reachable()) {
  workflowSuite("workflows on the sandbox, PostgreSQL", async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return `postgres://postgres@127.0.0.1:5432/${name}`;
  });
  // Approval steps publish their request from their own child workflow here.
  interactiveSuite("workflow approvals by elicitation, and confirm: ask (PostgreSQL)", async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}_ask`);
    await admin.end();
    return `postgres://postgres@127.0.0.1:5432/${name}_ask`;
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${name}_ask WITH (FORCE)`);
    await admin.end();
  });
} else {
  describe.skip("workflows on the sandbox, PostgreSQL (no server on 127.0.0.1:5432)", () => {
    it("needs PostgreSQL", () => {});
  });
}
