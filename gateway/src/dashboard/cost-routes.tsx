/** @jsxImportSource hono/jsx */
import type { Hono } from "hono";
import { parseDuration } from "../config/duration.js";
import { COSTS_DEFAULTS, type CostGrouping, costReport, pricesFrom } from "../costs/index.js";
import type { Mesh } from "../mesh.js";
import { readableTenant } from "../tenants/caller-tenant.js";
import { BASE, type DashboardEnv } from "./access.js";
import { Layout } from "./layout.js";
import { CostsPage, GROUPINGS } from "./pages/costs.js";

/** Up to two days the chart has a bar per hour; beyond, a bar per UTC day. */
const HOURLY_UP_TO_MS = 2 * 86_400_000;
/** The longest period the page reports on (a bar a day: 367 bars at most). */
const MAX_SINCE_MS = 366 * 86_400_000;

/**
 * The Costs page: the report `agent-mesh costs` prints (calls, errors, reported usage and its
 * cost per platform, tool or client, from the audit log, priced with costs.prices), as a table
 * and a chart over time.
 */
export function costRoutes(app: Hono<DashboardEnv>, mesh: Mesh): void {
  app.get(`${BASE}/costs`, async (c) => {
    const since = c.req.query("since") || "24h";
    const by = (c.req.query("by") || "platform") as CostGrouping;
    const ms = parseDuration(since);
    let problem: string | undefined;
    if (ms === undefined || ms > MAX_SINCE_MS)
      problem = `"${since}" is not a duration up to 366d: write it like 30m, 24h or 7d`;
    else if (!GROUPINGS.includes(by))
      problem = `"${by}" is not a grouping: use platform, tool or client`;
    else if (!mesh.audit) problem = "The audit log is off, and the cost report reads it.";
    const store = problem ? undefined : await mesh.audit!.store();
    const now = Date.now();
    const report = store
      ? await costReport(store.db, {
          since: now - ms!,
          until: now,
          by,
          prices: pricesFrom((mesh.config?.costs ?? COSTS_DEFAULTS).prices),
          bucket: ms! <= HOURLY_UP_TO_MS ? "hour" : "day",
          // A tenant's viewer sees only its tenant's calls.
          tenant: readableTenant(c.get("viewer").caller),
        })
      : undefined;
    return c.html(
      <Layout title="Costs" page="costs" viewer={c.get("viewer")}>
        <CostsPage
          since={since}
          by={GROUPINGS.includes(by) ? by : "platform"}
          report={report}
          problem={problem}
        />
      </Layout>,
      problem && (ms === undefined || ms > MAX_SINCE_MS) ? 400 : 200,
    );
  });
}
