import { describe, it } from "vitest";
import { freshDatabase, postgresProblem } from "./postgres.js";
import { killAndResumeSuite } from "./workflow-kill-suite.js";

// `database: postgres://...`: the restarted gateway has a new executor id, so it is its
// recovery of a dead executor's runs (not DBOS's launch-time recovery) that finishes the run.
if ((await postgresProblem()) === undefined) {
  killAndResumeSuite("a workflow run survives SIGKILL, PostgreSQL", () => freshDatabase("kill"));
} else {
  describe.skip("a workflow run survives SIGKILL, PostgreSQL (no server)", () => {
    it("needs PostgreSQL", () => {});
  });
}
