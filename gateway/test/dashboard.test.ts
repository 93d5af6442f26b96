import { rm } from "node:fs/promises";
import { readEnvelope } from "@agent-mesh/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DashboardHttp } from "./dashboard-http.js";
import { APP_TOKEN, type GuardedGateway, guardedYaml, OPS_TOKEN, startGuarded } from "./guarded.js";
import { eventually } from "./helpers.js";

const XSS = `Deletes one item. <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;

// A workflow that reads, then waits for a person: it stays running until someone cancels it.
const WORKFLOWS = `workflows:
  hold:
    description: Reads the deleted ids, then waits for a person
    params:
      reason: { type: string, description: Why it waits }
    steps:
      - id: look
        tool: deleted
      - id: wait
        approval: "Carry on (\${{ params.reason }})?"
        depends_on: [look]
`;

/** The dashboard's access rules over plain HTTP: sign-in, session cookie, CSRF, Origin, roles. */
describe("dashboard access", { timeout: 120_000 }, () => {
  let g: GuardedGateway;

  beforeAll(async () => {
    g = await startGuarded(
      guardedYaml(WORKFLOWS, `    env: { GUARDED_DELETE_DESCRIPTION: ${JSON.stringify(XSS)} }\n`),
    );
    // The embedded audit database opens on first use: slow on a busy machine, so before the clock.
    await g.running.audit!.store();
  }, 240_000);
  afterAll(async () => {
    await g?.close();
    if (g) await rm(g.dir, { recursive: true, force: true });
  });

  it("sends a browser without a session to sign in, with an HttpOnly SameSite=Strict cookie", async () => {
    const browser = DashboardHttp.of(g.url);
    const first = await browser.get("/dashboard");
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/dashboard/sign-in");
    const page = await browser.get("/dashboard/sign-in");
    expect(page.status).toBe(200);
    const cookie = page.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^agent_mesh_dashboard=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/dashboard/);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const csrf = DashboardHttp.csrf(await page.text());

    const wrong = await browser.post("/dashboard/sign-in", { _csrf: csrf, token: "not-a-token" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("not one of this gateway");
    // A session cookie is no bearer token: /mcp still wants one.
    const mcp = await fetch(g.url, {
      method: "POST",
      headers: { cookie: browser.cookie!, "content-type": "application/json" },
      body: "{}",
    });
    expect(mcp.status).toBe(401);
  });

  it("refuses a form without its CSRF token, without an Origin, or from a foreign Origin", async () => {
    const browser = DashboardHttp.of(g.url);
    const csrf = DashboardHttp.csrf(await (await browser.get("/dashboard/sign-in")).text());
    const noCsrf = await browser.post("/dashboard/sign-in", { token: OPS_TOKEN });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.text()).toMatch(/CSRF token is missing/);
    const badCsrf = await browser.post("/dashboard/sign-in", {
      _csrf: `${csrf}x`,
      token: OPS_TOKEN,
    });
    expect(badCsrf.status).toBe(403);
    const noOrigin = await browser.post(
      "/dashboard/sign-in",
      { _csrf: csrf, token: OPS_TOKEN },
      {},
    );
    expect(noOrigin.status).toBe(403);
    expect(await noOrigin.text()).toMatch(/Origin header/);
    const foreign = await browser.post(
      "/dashboard/sign-in",
      { _csrf: csrf, token: OPS_TOKEN },
      { origin: "https://evil.example" },
    );
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain("evil.example");
    // None of those signed in.
    expect((await browser.get("/dashboard")).status).toBe(303);

    // Signed in, an operator's forms still need the token.
    const ops = DashboardHttp.of(g.url);
    await ops.signIn(OPS_TOKEN);
    const run = await ops.post("/dashboard/try", { tool: "deleted" });
    expect(run.status).toBe(403);
    // A wrong bearer token is refused outright, as on /mcp.
    const bearer = await ops.get("/dashboard", { authorization: "Bearer nope" });
    expect(bearer.status).toBe(401);
  });

  it("lets a viewer read but not run tools, approve or accept", async () => {
    const viewer = DashboardHttp.of(g.url);
    const csrf = await viewer.signIn(APP_TOKEN);
    const overview = await (await viewer.get("/dashboard")).text();
    expect(overview).toContain("app · viewer");
    expect(overview).toMatch(/data-downstream="guarded"/);
    const ranBefore = await g.running.mesh.metrics.text();
    const run = await viewer.post("/dashboard/try", {
      _csrf: csrf,
      tool: "delete_item",
      'arg:["id"]': "v1",
    });
    expect(run.status).toBe(403);
    expect(await run.text()).toMatch(/app is a viewer/);
    expect(await g.running.mesh.metrics.text()).toBe(ranBefore);
    const approve = await viewer.post("/dashboard/approvals/apr_x", {
      _csrf: csrf,
      decision: "approve",
    });
    expect(approve.status).toBe(403);
    const accept = await viewer.post("/dashboard/catalog/accept", {
      _csrf: csrf,
      server: "guarded",
    });
    expect(accept.status).toBe(403);
  });

  it("runs a tool from the form as the signed-in operator, through the pipeline", async () => {
    const ops = DashboardHttp.of(g.url);
    const csrf = await ops.signIn(OPS_TOKEN);
    const form = await (await ops.get("/dashboard/try?tool=login")).text();
    expect(form).toContain('name="arg:[&quot;user&quot;]"');
    expect(form).toMatch(/type="password"[^>]*name="arg:\[&quot;password&quot;\]"/);

    const missing = await ops.post("/dashboard/try", {
      _csrf: csrf,
      tool: "login",
      'arg:["user"]': "ann",
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("password is required");

    const ran = await ops.post("/dashboard/try", {
      _csrf: csrf,
      tool: "login",
      'arg:["user"]': "ann",
      'arg:["password"]': "hunter2-secret",
    });
    expect(ran.status).toBe(200);
    const html = await ran.text();
    expect(html).toContain('data-outcome="ok"');
    expect(html).toContain("&quot;user&quot;: &quot;ann&quot;");
    // Audited as the operator, the secret argument redacted.
    const records = await (await g.running.audit!.store()).query({ tool: "login" });
    expect(records.at(-1)).toMatchObject({ caller: "ops", outcome: "ok" });
    expect(JSON.stringify(records)).not.toContain("hunter2-secret");
  });

  it("approves a pending destructive call, which then runs once", async () => {
    const app = await g.connect(APP_TOKEN);
    const first = await app.callTool({ name: "delete_item", arguments: { id: "d1" } });
    const id = readEnvelope(first as never)?.details?.approval_id as string;
    expect(id).toMatch(/^apr_/);
    const ops = DashboardHttp.of(g.url);
    const csrf = await ops.signIn(OPS_TOKEN);
    const pending = await (await ops.get("/dashboard/approvals")).text();
    expect(pending).toContain(`data-approval="${id}"`);
    expect(pending).toMatch(/wants to run delete_item/);
    const approved = await ops.post(`/dashboard/approvals/${id}`, {
      _csrf: csrf,
      decision: "approve",
      reason: "ticket 42",
    });
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain(`${id} approved`);
    const run = await app.callTool({
      name: "delete_item",
      arguments: { id: "d1", approval_id: id },
    });
    expect(run.structuredContent).toEqual({ deleted: "d1" });
    const again = await ops.post(`/dashboard/approvals/${id}`, { _csrf: csrf, decision: "deny" });
    expect(await again.text()).toContain("already decided");
    const audit = await (await ops.get("/dashboard/audit?tool=delete_item")).text();
    expect(audit).toContain("verified");
    expect(audit).toMatch(/<td>approval<\/td><td>ops<\/td>/);
  });

  it("starts a workflow from its form as the operator, shows its steps, and cancels it", async () => {
    const ops = DashboardHttp.of(g.url);
    const csrf = await ops.signIn(OPS_TOKEN);
    const page = await (await ops.get("/dashboard/workflows")).text();
    expect(page).toContain('data-workflow="hold"');
    expect(page).toContain('name="arg:[&quot;reason&quot;]"');
    expect(page).toMatch(/<code>wait<\/code> <span class="badge warn">approval<\/span>/);

    const missing = await ops.post("/dashboard/workflows/start", { _csrf: csrf, workflow: "hold" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("reason is required");
    const unknown = await ops.post("/dashboard/workflows/start", { _csrf: csrf, workflow: "nope" });
    expect(unknown.status).toBe(404);

    const started = await ops.post("/dashboard/workflows/start", {
      _csrf: csrf,
      workflow: "hold",
      'arg:["reason"]': "<b>check</b>",
    });
    expect(started.status).toBe(303);
    const location = started.headers.get("location")!;
    const runId = /\/dashboard\/workflows\/runs\/(run_[\w-]+)$/.exec(location)?.[1];
    expect(runId).toBeDefined();
    // Started as the signed-in operator, through Mesh.callTool's workflow tools.
    const run = await g.running.mesh.workflows!.get(runId!, {
      id: "cli",
      name: "cli",
      kind: "cli",
      roles: [],
    });
    expect(run).toMatchObject({
      workflow: "hold",
      caller: "ops",
      params: { reason: "<b>check</b>" },
    });

    // The run waits at the approval step; its page shows the finished first step with its times.
    let live = "";
    await eventually(
      async () => {
        live = await (await ops.get(`/dashboard/workflows/runs/${runId}/live`)).text();
        return (
          /data-step="look" data-state="succeeded"/.test(live) &&
          /data-step="wait" data-state="running"/.test(live)
        );
      },
      90_000,
      "the run to wait at its approval step",
    ).catch((err) => {
      throw new Error(`${(err as Error).message}; the run's page:\n${live}`);
    });
    const runPage = await (await ops.get(location)).text();
    expect(runPage).toContain('data-testid="timeline"');
    expect(runPage).toMatch(/data-span="look" data-state="succeeded"><title>look: succeeded, \d/);
    expect(runPage).toContain('hx-trigger="every 1s"');
    expect(runPage).toContain('data-testid="cancel-form"');
    // What a run was given is escaped like everything else.
    expect(runPage).toContain("&lt;b&gt;check&lt;/b&gt;");
    expect((await ops.get("/dashboard/workflows/runs")).status).toBe(200);
    expect(await (await ops.get("/dashboard/workflows/runs")).text()).toContain(
      `data-run="${runId}"`,
    );

    const cancelled = await ops.post(`/dashboard/workflows/runs/${runId}/cancel`, { _csrf: csrf });
    expect(cancelled.status).toBe(303);
    const after = await (await ops.get(location)).text();
    expect(after).toContain('data-status="cancelled"');
    expect(after).not.toContain('hx-trigger="every 1s"');
    expect(after).not.toContain('data-testid="cancel-form"');
    // A second cancel is refused with the tool's reason.
    const again = await ops.post(`/dashboard/workflows/runs/${runId}/cancel`, { _csrf: csrf });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already cancelled");
    expect((await ops.get("/dashboard/workflows/runs/run_nope")).status).toBe(404);
  });

  it("refuses a viewer, a missing CSRF token and a foreign Origin on the workflow forms", async () => {
    const ops = DashboardHttp.of(g.url);
    const opsCsrf = await ops.signIn(OPS_TOKEN);
    const started = await ops.post("/dashboard/workflows/start", {
      _csrf: opsCsrf,
      workflow: "hold",
      'arg:["reason"]': "kept",
    });
    const runId = /runs\/(run_[\w-]+)$/.exec(started.headers.get("location") ?? "")?.[1];
    expect(runId).toBeDefined();
    const count = async () => (await g.running.mesh.workflows!.list({ limit: 500 })).length;
    const runs = await count();

    const viewer = DashboardHttp.of(g.url);
    const csrf = await viewer.signIn(APP_TOKEN);
    const page = await (await viewer.get("/dashboard/workflows")).text();
    expect(page).toContain("Starting a run needs the operator role");
    expect(page).not.toContain('data-testid="start-hold"');
    expect(page).toContain(`data-run="${runId}"`);
    const runPage = await (await viewer.get(`/dashboard/workflows/runs/${runId}`)).text();
    expect(runPage).toContain('data-testid="run"');
    expect(runPage).not.toContain('data-testid="cancel-form"');
    const start = await viewer.post("/dashboard/workflows/start", {
      _csrf: csrf,
      workflow: "hold",
      'arg:["reason"]': "x",
    });
    expect(start.status).toBe(403);
    expect(await start.text()).toMatch(/app is a viewer/);
    const cancel = await viewer.post(`/dashboard/workflows/runs/${runId}/cancel`, { _csrf: csrf });
    expect(cancel.status).toBe(403);

    const fields = { workflow: "hold", 'arg:["reason"]': "x" };
    expect((await ops.post("/dashboard/workflows/start", fields)).status).toBe(403);
    expect(
      (await ops.post("/dashboard/workflows/start", { ...fields, _csrf: `${opsCsrf}x` })).status,
    ).toBe(403);
    expect(
      (
        await ops.post(
          "/dashboard/workflows/start",
          { ...fields, _csrf: opsCsrf },
          { origin: "https://evil.example" },
        )
      ).status,
    ).toBe(403);
    expect(
      (await ops.post("/dashboard/workflows/start", { ...fields, _csrf: opsCsrf }, {})).status,
    ).toBe(403);
    expect((await ops.post(`/dashboard/workflows/runs/${runId}/cancel`, {})).status).toBe(403);
    expect(
      (
        await ops.post(
          `/dashboard/workflows/runs/${runId}/cancel`,
          { _csrf: opsCsrf },
          { origin: "https://evil.example" },
        )
      ).status,
    ).toBe(403);
    // Nothing started, nothing cancelled.
    expect(await count()).toBe(runs);
    const run = await g.running.mesh.workflows!.get(runId!, {
      id: "cli",
      name: "cli",
      kind: "cli",
      roles: [],
    });
    expect(run?.status).toBe("running");
    await ops.post(`/dashboard/workflows/runs/${runId}/cancel`, { _csrf: opsCsrf });
  });

  it("shows the cost report as a table and a chart, and explains a bad period", async () => {
    const app = await g.connect(APP_TOKEN);
    await app.callTool({ name: "deleted", arguments: {} });
    const viewer = DashboardHttp.of(g.url);
    await viewer.signIn(APP_TOKEN);
    const html = await (await viewer.get("/dashboard/costs?since=24h&by=tool")).text();
    expect(html).toMatch(
      /<tr data-cost-row="deleted"><td><strong>deleted<\/strong><\/td><td>[1-9]/,
    );
    expect(html).toContain('data-testid="cost-chart"');
    // 24 hours: a bar per hour, the last one holding this call.
    const bars = [...html.matchAll(/<g data-bar="\d\dh"><title>([^<]*)<\/title>/g)];
    expect(bars.length).toBeGreaterThanOrEqual(24);
    expect(bars.at(-1)![1]).toMatch(/: [1-9]\d* calls/);
    expect(html).toContain("list prices as of");
    const byClient = await (await viewer.get("/dashboard/costs?since=7d&by=client")).text();
    expect(byClient).toContain('data-cost-row="app"');
    // The overview's chart: calls per minute over the last half hour, this call in the last one.
    for (const path of ["/dashboard", "/dashboard/overview/chart"]) {
      const overview = await (await viewer.get(path)).text();
      const minutes = [...overview.matchAll(/<g data-bar="\d\d:\d\d"><title>([^<]*)<\/title>/g)];
      expect(minutes).toHaveLength(30);
      expect(minutes.at(-1)![1]).toMatch(/: [1-9]\d* calls/);
    }
    const bad = await viewer.get("/dashboard/costs?since=soon");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("&quot;soon&quot; is not a duration");
    expect((await viewer.get("/dashboard/costs?since=5000d")).status).toBe(400);
  });

  it("escapes what servers return: a description with HTML is text, not markup", async () => {
    const ops = DashboardHttp.of(g.url);
    await ops.signIn(OPS_TOKEN);
    for (const path of ["/dashboard/catalog", "/dashboard/try?tool=delete_item"]) {
      const html = await (await ops.get(path)).text();
      expect(html).toContain("&lt;script&gt;window.__pwned = 1&lt;/script&gt;");
      expect(html).not.toContain("<script>window.__pwned");
      expect(html).not.toMatch(/<img src=x/);
    }
  });
});
