import { createLogger } from "@agent-mesh/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExecutorLiveness, executorIdFor } from "../src/workflows/engine/recovery.js";
import { freshDatabase, postgresProblem } from "./postgres.js";

// The liveness lock each replica holds on its executor id (recovery.ts), on the machine's
// PostgreSQL; the gateway-process tests (workflows-replicas, three-replicas) prove the takeover.

const problem = await postgresProblem();
const logger = createLogger({ name: "test", level: "error" });

describe.skipIf(problem !== undefined)("workflow executor liveness", () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase("liveness");
  });
  afterAll(async () => {
    await database?.drop();
  });

  const hold = (executorId: string) =>
    ExecutorLiveness.hold({ url: database.url, executorId, logger, resume: async () => {} });

  it("gives each process an executor id of its own unless DBOS__VMID names one", () => {
    expect(executorIdFor({ DBOS__VMID: "replica-a" })).toBe("replica-a");
    const a = executorIdFor({});
    expect(a).not.toBe(executorIdFor({}));
    expect(a).toContain(`:${process.pid}:`);
  });

  it("refuses a second live holder of one executor id, and frees it when the first closes", async () => {
    const first = await hold("replica-a");
    await expect(hold("replica-a")).rejects.toThrow(
      "workflow executor id replica-a is in use by another live replica; give each replica its own DBOS__VMID (or leave it unset)",
    );
    await first.close();
    const second = await hold("replica-a");
    await second.close();
  });
});
