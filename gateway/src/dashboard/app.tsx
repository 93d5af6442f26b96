/** @jsxImportSource hono/jsx */

import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { decideApproval } from "../approvals/decide.js";
import type { GatewayConfig } from "../config/schema.js";
import { COSTS_DEFAULTS, costReport, pricesFrom } from "../costs/index.js";
import type { Mesh } from "../mesh.js";
import { readableTenant } from "../tenants/caller-tenant.js";
import {
  type AccessOptions,
  access,
  BASE,
  type DashboardEnv,
  operatorOnly,
  sessionCookie,
  type Viewer,
} from "./access.js";
import { dashboardAssets } from "./assets.js";
import { costRoutes } from "./cost-routes.js";
import { formArguments } from "./form-values.js";
import { Layout } from "./layout.js";
import { ApprovalsPage } from "./pages/approvals.js";
import { type AuditFilters, AuditPage } from "./pages/audit.js";
import { CatalogList, CatalogPage } from "./pages/catalog.js";
import { OverviewLive } from "./pages/overview.js";
import { CallsChart, CHART_MINUTES } from "./pages/overview-chart.js";
import { SignInPage } from "./pages/sign-in.js";
import { CallResult, TryPage } from "./pages/try-tool.js";
import { CallRates } from "./rates.js";
import type { FieldSchema } from "./schema-form.js";
import { callerForToken, DashboardSessions, SESSION_COOKIE } from "./sessions.js";
import { workflowRoutes } from "./workflow-routes.js";

/** What a page may run: scripts, styles and requests of the dashboard's own origin only. */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on form posts.
  "referrer-policy": "same-origin",
  "cache-control": "no-store",
};

export interface DashboardAppOptions {
  mesh: Mesh;
  gateway: GatewayConfig;
  tokensRequired: boolean;
  callerOf: AccessOptions["callerOf"];
}

/** The dashboard's Hono app: every page, fragment and form handler under /dashboard. */
export function dashboardApp(options: DashboardAppOptions) {
  const { mesh, gateway, tokensRequired } = options;
  const sessions = new DashboardSessions();
  const rates = new CallRates(mesh.metrics);
  const asset = dashboardAssets();
  const app = new Hono<DashboardEnv>();

  app.use("*", async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  });
  app.get(`${BASE}/assets/:name`, (c) => {
    const found = asset(c.req.param("name"));
    if (!found) return c.text("Not found", 404);
    return c.body(found.body, 200, { "content-type": found.type });
  });
  app.use("*", access({ mesh, sessions, tokensRequired, callerOf: options.callerOf }));

  app.get(`${BASE}/sign-in`, (c) => {
    if (!tokensRequired || c.get("viewer")) return c.redirect(BASE, 303);
    let session = c.get("session");
    if (!session) {
      session = sessions.create();
      sessionCookie(c, session);
    }
    return c.html(
      <Layout title="Sign in">
        <SignInPage csrf={session.csrf} />
      </Layout>,
    );
  });
  app.post(`${BASE}/sign-in`, async (c) => {
    const form = await c.req.parseBody();
    const caller =
      typeof form.token === "string" && form.token.length <= 4096
        ? callerForToken(gateway, form.token)
        : undefined;
    const old = c.get("session");
    if (!caller) {
      return c.html(
        <Layout title="Sign in">
          <SignInPage
            csrf={old?.csrf ?? ""}
            problem="That token is not one of this gateway's clients."
          />
        </Layout>,
        401,
      );
    }
    // A new session id at sign-in, so an id planted before it is worth nothing.
    if (old) sessions.delete(old.id);
    sessionCookie(c, sessions.create(caller));
    return c.redirect(BASE, 303);
  });
  app.post(`${BASE}/sign-out`, (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) sessions.delete(id);
    return c.redirect(`${BASE}/sign-in`, 303);
  });

  const callsPerMinute = async (viewer: Viewer) => {
    if (!mesh.audit) return undefined;
    const now = Date.now();
    return costReport((await mesh.audit.store()).db, {
      since: now - (CHART_MINUTES - 1) * 60_000,
      until: now,
      by: "platform",
      prices: pricesFrom((mesh.config?.costs ?? COSTS_DEFAULTS).prices),
      bucket: "minute",
      // A tenant's viewer sees only its tenant's calls.
      tenant: readableTenant(viewer.caller),
    });
  };
  app.get(BASE, async (c) =>
    c.html(
      <Layout title="Overview" page="overview" viewer={c.get("viewer")}>
        <OverviewLive mesh={mesh} rates={await rates.read()} viewer={c.get("viewer")} />
        <CallsChart report={await callsPerMinute(c.get("viewer"))} />
      </Layout>,
    ),
  );
  app.get(`${BASE}/overview/live`, async (c) =>
    c.html(<OverviewLive mesh={mesh} rates={await rates.read()} viewer={c.get("viewer")} />),
  );
  app.get(`${BASE}/overview/chart`, async (c) =>
    c.html(<CallsChart report={await callsPerMinute(c.get("viewer"))} />),
  );

  app.get(`${BASE}/catalog`, (c) =>
    c.html(
      <Layout title="Catalog" page="catalog" viewer={c.get("viewer")}>
        <CatalogPage mesh={mesh} viewer={c.get("viewer")} query={c.req.query("q") ?? ""} />
      </Layout>,
    ),
  );
  app.get(`${BASE}/catalog/list`, (c) =>
    c.html(<CatalogList mesh={mesh} viewer={c.get("viewer")} query={c.req.query("q") ?? ""} />),
  );
  app.post(`${BASE}/catalog/accept`, operatorOnly, async (c) => {
    const form = await c.req.parseBody();
    if (typeof form.server !== "string") return c.text("Bad request: name the server", 400);
    try {
      mesh.approveTools(form.server, typeof form.tool === "string" ? form.tool : undefined);
    } catch (err) {
      return c.text(`Not found: ${(err as Error).message}`, 404);
    }
    return c.redirect(`${BASE}/catalog`, 303);
  });

  app.get(`${BASE}/try`, (c) =>
    c.html(
      <Layout title="Try a tool" page="try" viewer={c.get("viewer")}>
        <TryPage mesh={mesh} viewer={c.get("viewer")} tool={c.req.query("tool")} />
      </Layout>,
    ),
  );
  app.post(`${BASE}/try`, operatorOnly, async (c) => {
    const form = await c.req.parseBody();
    const name = typeof form.tool === "string" ? form.tool : "";
    const entry = mesh.catalogFor(c.get("viewer").caller).tools.get(name);
    const page = (body: unknown, status: 200 | 400 = 200) =>
      c.req.header("hx-request")
        ? c.html(body as never, status)
        : c.html(
            <Layout title={`Result of ${name}`} page="try" viewer={c.get("viewer")}>
              {body as never}
            </Layout>,
            status,
          );
    if (!entry) return page(<CallResult protocolError={`Unknown tool: ${name}`} />, 400);
    const parsed = formArguments(entry.exposed.inputSchema as FieldSchema, form);
    if (!parsed.ok) return page(<CallResult problems={parsed.problems} />, 400);
    const viewer = c.get("viewer");
    try {
      const result = await mesh.callTool({
        caller: { ...viewer.caller, kind: "dashboard" },
        name,
        arguments: parsed.arguments,
      });
      return page(<CallResult result={result} />);
    } catch (err) {
      if (err instanceof McpError) return page(<CallResult protocolError={err.message} />);
      throw err;
    }
  });

  const approvalsPage = async (c: Context<DashboardEnv>, notice?: string) =>
    c.html(
      <Layout title="Approvals" page="approvals" viewer={c.get("viewer")}>
        <ApprovalsPage
          approvals={await mesh.approvals.list(readableTenant(c.get("viewer").caller))}
          viewer={c.get("viewer")}
          notice={notice}
        />
      </Layout>,
    );
  app.get(`${BASE}/approvals`, (c) => approvalsPage(c));
  app.post(`${BASE}/approvals/:id`, operatorOnly, async (c) => {
    const form = await c.req.parseBody();
    const decision = form.decision;
    if (decision !== "approve" && decision !== "deny")
      return c.text('Bad request: decision must be "approve" or "deny"', 400);
    const reason =
      typeof form.reason === "string" && form.reason.trim()
        ? form.reason.trim().slice(0, 500)
        : undefined;
    const id = c.req.param("id");
    const decided = await decideApproval(
      mesh,
      id,
      decision === "approve" ? "approved" : "denied",
      c.get("viewer").caller,
      reason,
    );
    return approvalsPage(
      c,
      decided.ok
        ? `${id} ${decided.record.status}: the caller can now repeat its call with approval_id ${id}.`
        : decided.problem,
    );
  });

  app.get(`${BASE}/audit`, async (c) => {
    const filters: AuditFilters = {
      since: c.req.query("since") ?? "",
      client: c.req.query("client") ?? "",
      tool: c.req.query("tool") ?? "",
      outcome: c.req.query("outcome") ?? "",
    };
    const since = filters.since ? Date.parse(`${filters.since}Z`) : undefined;
    const problem =
      since !== undefined && Number.isNaN(since)
        ? `"${filters.since}" is not a time: use YYYY-MM-DDTHH:MM (UTC)`
        : undefined;
    const store = mesh.audit ? await mesh.audit.store() : undefined;
    const records = await store?.query({
      since: problem ? undefined : since,
      client: filters.client || undefined,
      // A tenant's viewer sees only its tenant's records.
      tenant: readableTenant(c.get("viewer").caller),
      tool: filters.tool || undefined,
      code: filters.outcome || undefined,
      limit: 200,
    });
    const verify = await store?.verify();
    return c.html(
      <Layout title="Audit" page="audit" viewer={c.get("viewer")}>
        <AuditPage filters={filters} records={records} verify={verify} problem={problem} />
      </Layout>,
    );
  });

  workflowRoutes(app, mesh);
  costRoutes(app, mesh);

  app.notFound((c) => c.text("Not found", 404));
  return app;
}
