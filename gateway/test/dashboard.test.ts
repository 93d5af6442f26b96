import { rm } from "node:fs/promises";
import { readEnvelope } from "@agent-mesh/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DashboardHttp } from "./dashboard-http.js";
import { APP_TOKEN, type GuardedGateway, guardedYaml, OPS_TOKEN, startGuarded } from "./guarded.js";

const XSS = `Deletes one item. <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;

/** The dashboard's access rules over plain HTTP: sign-in, session cookie, CSRF, Origin, roles. */
describe("dashboard access", { timeout: 120_000 }, () => {
  let g: GuardedGateway;

  beforeAll(async () => {
    g = await startGuarded(
      guardedYaml("", `    env: { GUARDED_DELETE_DESCRIPTION: ${JSON.stringify(XSS)} }\n`),
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
