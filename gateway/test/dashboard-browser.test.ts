import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createLogger, readEnvelope } from "@agent-mesh/core";
import { platform as twilio } from "@agent-mesh/mcp-twilio";
import { platform as vercel } from "@agent-mesh/mcp-vercel";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { hasChromium, launchChromium } from "./chromium.js";
import { APP_TOKEN, guardedYaml, OPS_TOKEN } from "./guarded.js";

// What the page functions below see, run in the browser (this package compiles without the DOM lib).
// biome-ignore lint/suspicious/noExplicitAny: the browser's globals
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: the browser's globals
declare const window: any;

/** Screenshots of every page: test-results/dashboard/*.png at the repository's root. */
const SHOTS = resolve(import.meta.dirname, "..", "..", "test-results", "dashboard");
/** With DASHBOARD_DOCS_IMAGES=1 the pictures docs/dashboard.md shows are refreshed too. */
const DOCS_IMAGES = resolve(import.meta.dirname, "..", "..", "docs", "images");
const IN_DOCS = new Set(["overview", "workflows", "workflow-run", "costs"]);
const XSS = `Deletes one item. <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;

// A preview deployment polled until ready, then a text: three steps, one after another.
const WORKFLOWS = `workflows:
  preview:
    description: Deploy a preview, wait until it is ready, text the team
    params:
      project: { type: string, default: web }
      notify: { type: string, default: "+15005550006", description: E.164 number to text }
    steps:
      - id: deploy
        tool: vercel_deployment_create
        args: { project: "\${{ params.project }}", ref: main, target: preview }
      - id: ready
        tool: vercel_deployment_get
        args: { deployment_id: "\${{ steps.deploy.output.id }}" }
        until: "\${{ output.state != 'BUILDING' && output.state != 'QUEUED' && output.state != 'INITIALIZING' }}"
        interval: 200ms
        timeout: 2m
      - id: sms
        tool: twilio_message_send
        args: { to: "\${{ params.notify }}", body: "Preview ready: \${{ steps.ready.output.url }}" }
`;

async function shot(page: Page, name: string): Promise<void> {
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (process.env.DASHBOARD_DOCS_IMAGES === "1" && IN_DOCS.has(name))
    await copyFile(path, join(DOCS_IMAGES, `dashboard-${name}.png`));
}

/**
 * The dashboard in headless Chromium (Debian's package, driven by playwright-core) against a
 * gateway over the sandbox's Vercel and Twilio stand-ins and a third-party server whose
 * description holds HTML: sign in, every downstream healthy, search and run a tool from its form,
 * approve a destructive call and see it complete, start a workflow and watch its steps finish,
 * the costs of those calls, and a screenshot of each page.
 */
describe.skipIf(!hasChromium)("dashboard in a browser", { timeout: 180_000 }, () => {
  let dir: string;
  let sandbox: RunningSandbox;
  let running: RunningMesh;
  let http: HttpGateway;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-dashboard-"));
    await mkdir(SHOTS, { recursive: true });
    sandbox = await startSandbox({ platforms: ["vercel", "twilio"] });
    const config = join(dir, "mesh.yaml");
    await writeFile(
      config,
      guardedYaml(WORKFLOWS, `    env: { GUARDED_DELETE_DESCRIPTION: ${JSON.stringify(XSS)} }\n`),
    );
    running = await startMesh({
      configPath: config,
      platforms: [vercel, twilio],
      env: { ...process.env, ...sandbox.env, AGENT_MESH_HOME: join(dir, "home") },
      logger: createLogger({ name: "agent-mesh", level: "error" }),
    });
    await running.mesh.settled(60_000);
    // The embedded audit database opens on first use: slow on a busy machine.
    await running.audit!.store();
    http = await serveHttp(running.mesh, running.config.gateway);
    base = new URL(http.url).origin;
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await http?.close();
    await running?.close();
    await sandbox?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const signedIn = async (
    token: string,
    viewport = { width: 1280, height: 900 },
  ): Promise<Page> => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${base}/dashboard`);
    await page.waitForURL(/\/dashboard\/sign-in$/);
    await shot(page, viewport.width < 600 ? "sign-in-phone" : "sign-in");
    await page.fill("#token", token);
    await page.click("button[type=submit]");
    await page.waitForURL(new RegExp(`${base}/dashboard$`));
    return page;
  };

  it("signs in and shows every downstream healthy, live", async () => {
    const page = await signedIn(OPS_TOKEN);
    await expect.poll(() => page.textContent("[data-testid=who]")).toContain("ops · operator");
    const rows = page.locator("[data-downstream]");
    // vercel, twilio, guarded, and the gateway's own `mesh` downstream (status, MCP Apps views).
    await expect.poll(() => rows.count()).toBe(4);
    // Every state badge reads ready (the live fragment refreshes without a reload).
    await page.waitForFunction(() =>
      [...document.querySelectorAll("[data-testid=state]")].every(
        (el) => el.textContent === "ready",
      ),
    );
    expect(await page.textContent("[data-downstream=vercel]")).toContain("ready");
    expect(await page.textContent("[data-downstream=guarded]")).toContain("ready");
    expect(await page.textContent("[data-downstream=mesh]")).toContain("ready");
    expect(await page.textContent("[data-downstream=twilio]")).toContain("ready");
    // A call elsewhere shows up without a reload.
    await page.evaluate(() => {
      (window as unknown as { __marker: number }).__marker = 1;
    });
    const app = await connect(APP_TOKEN);
    await app.callTool({ name: "deleted", arguments: {} });
    await page.waitForFunction(() =>
      /\b1 \(0\)/.test(document.querySelector("[data-downstream=guarded]")?.textContent ?? ""),
    );
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(
      1,
    );
    await shot(page, "overview");
    await page.context().close();
  });

  it("finds a tool, runs it from its form against the sandbox, and escapes descriptions", async () => {
    const page = await signedIn(OPS_TOKEN);
    await page.goto(`${base}/dashboard/catalog`);
    await page.fill("input[type=search]", "project_list");
    await page.waitForFunction(() => document.querySelectorAll("[data-tool]").length === 1);
    await shot(page, "catalog-search");
    await page.click("[data-tool=vercel_project_list] a");
    await page.waitForURL(/try\?tool=vercel_project_list/);
    await page.fill("#f-limit", "2");
    await page.click("[data-testid=try-form] button[type=submit]");
    await page.waitForSelector("[data-testid=outcome]");
    expect(await page.getAttribute("[data-testid=outcome]", "data-outcome")).toBe("ok");
    const structured = JSON.parse((await page.textContent("[data-testid=structured]")) ?? "");
    expect(structured.projects.length).toBeGreaterThan(0);
    expect(structured.projects.length).toBeLessThanOrEqual(2);
    // The stand-in received the call the form made.
    expect(
      sandbox.recorder.requests.some(
        (r) => r.platform === "vercel" && /\/projects/.test(r.path) && r.query.limit === "2",
      ),
    ).toBe(true);
    await shot(page, "try-a-tool");

    // The description holds <script> and <img onerror>: shown as text, nothing runs.
    await page.goto(`${base}/dashboard/catalog`);
    const description = await page.textContent("[data-tool=delete_item] [data-testid=description]");
    expect(description).toContain("<script>window.__pwned = 1</script>");
    expect(await page.locator("[data-tool=delete_item] img").count()).toBe(0);
    expect(await page.locator("[data-tool=delete_item] script").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(
      undefined,
    );
    await shot(page, "catalog");
    await page.context().close();
  });

  it("approves a pending destructive call, which then completes", async () => {
    const app = await connect(APP_TOKEN);
    const first = await app.callTool({ name: "delete_item", arguments: { id: "b1" } });
    const id = readEnvelope(first as never)?.details?.approval_id as string;
    expect(id).toMatch(/^apr_/);

    const page = await signedIn(OPS_TOKEN);
    await page.click("nav >> text=Approvals");
    await page.waitForSelector(`[data-approval=${id}]`);
    expect(await page.textContent(`[data-approval=${id}]`)).toMatch(/wants to run delete_item/);
    await shot(page, "approvals");
    await page.fill(`#reason-${id}`, "ticket 7");
    await page.click(`[data-approval=${id}] button[value=approve]`);
    await page.waitForSelector("[data-testid=notice]");
    expect(await page.textContent("[data-testid=notice]")).toContain(`${id} approved`);
    expect(await page.textContent(`[data-decided=${id}]`)).toContain("ticket 7");

    const run = await app.callTool({
      name: "delete_item",
      arguments: { id: "b1", approval_id: id },
    });
    expect(run.structuredContent).toEqual({ deleted: "b1" });

    await page.click("nav >> text=Audit");
    await page.fill("#a-tool", "delete_item");
    await page.click("main form button[type=submit]");
    await page.waitForURL(/tool=delete_item/);
    expect(await page.textContent("[data-testid=chain]")).toContain("verified");
    const outcomes = await page.locator("[data-testid=audit] tbody tr").allTextContents();
    expect(outcomes.some((row) => /call.*app.*delete_item.*ok/.test(row))).toBe(true);
    expect(outcomes.some((row) => /approval.*ops.*delete_item.*approved/.test(row))).toBe(true);
    await shot(page, "audit");
    await page.context().close();
  });

  it("shows a viewer at phone width, without operator buttons", async () => {
    const page = await signedIn(APP_TOKEN, { width: 390, height: 844 });
    expect(await page.textContent("[data-testid=who]")).toContain("app · viewer");
    await page.waitForSelector("[data-downstream=guarded]");
    await shot(page, "overview-phone");
    await page.goto(`${base}/dashboard/try?tool=delete_item`);
    expect(await page.locator("[data-testid=try-form]").count()).toBe(0);
    expect(await page.textContent("main")).toContain("needs the operator role");
    // Not even a forged form gets through.
    const status = await page.evaluate(async () => {
      const csrf = document.querySelector("meta[name=csrf-token]")?.getAttribute("content") ?? "";
      const res = await fetch("/dashboard/try", {
        method: "POST",
        body: new URLSearchParams({ _csrf: csrf, tool: "delete_item", 'arg:["id"]': "x" }),
      });
      return res.status;
    });
    expect(status).toBe(403);
    await page.context().close();
  });

  it("starts a workflow from its form and watches its steps finish on the run's page", async () => {
    const page = await signedIn(OPS_TOKEN);
    await page.click("nav >> text=Workflows");
    await page.waitForSelector("[data-workflow=preview]");
    expect(await page.textContent("[data-workflow=preview] [data-testid=steps]")).toMatch(
      /deploy.*calls vercel_deployment_create.*ready.*sms.*calls twilio_message_send/s,
    );
    const before = sandbox.recorder.requests.length;
    await page.fill("[data-testid=start-preview] #f-project", "web");
    await page.click("[data-testid=start-preview] button[type=submit]");
    await page.waitForURL(/\/dashboard\/workflows\/runs\/run_[\w-]+$/);
    const runId = page.url().split("/").at(-1)!;
    // The page follows the run without a reload: a mark set now survives until it finishes.
    await page.evaluate(() => {
      (window as unknown as { __marker: number }).__marker = 1;
    });
    await page.waitForSelector("[data-testid=run][data-status=succeeded]", { timeout: 120_000 });
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(
      1,
    );
    for (const step of ["deploy", "ready", "sms"]) {
      expect(await page.getAttribute(`[data-step=${step}]`, "data-state")).toBe("succeeded");
      expect(await page.textContent(`[data-step=${step}] td:nth-child(3)`)).toMatch(
        /\d+(\.\d)? (ms|s)/,
      );
      expect(
        await page.getAttribute(`[data-testid=timeline] [data-span=${step}]`, "data-state"),
      ).toBe("succeeded");
      expect(await page.locator(`[data-testid=timeline] [data-span=${step}] rect`).count()).toBe(1);
    }
    expect(await page.locator("[data-testid=cancel-form]").count()).toBe(0);
    // The stand-ins received what the steps did: a preview deployment, then one text.
    const made = sandbox.recorder.requests.slice(before);
    expect(
      made.some(
        (r) => r.platform === "vercel" && r.method === "POST" && /deployments/.test(r.path),
      ),
    ).toBe(true);
    expect(
      made.filter((r) => r.platform === "twilio" && r.method === "POST" && /Messages/.test(r.path)),
    ).toHaveLength(1);
    await page.click("[data-step=sms] summary");
    await shot(page, "workflow-run");
    await page.click("text=← Workflows");
    await page.waitForSelector(`[data-run=${runId}]`);
    expect(await page.textContent(`[data-run=${runId}]`)).toMatch(/preview.*succeeded.*ops/);
    await shot(page, "workflows");
    await page.context().close();

    // A viewer on a phone reads the run, without a cancel button, and the page fits the screen.
    const phone = await signedIn(APP_TOKEN, { width: 390, height: 844 });
    await phone.goto(`${base}/dashboard/workflows/runs/${runId}`);
    await phone.waitForSelector("[data-testid=timeline] [data-span=sms] rect");
    expect(await phone.locator("[data-testid=cancel-form]").count()).toBe(0);
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await shot(phone, "workflow-run-phone");
    await phone.context().close();
  });

  it("shows the costs of the sandbox calls as a table and a chart, at laptop and phone widths", async () => {
    // The calls so far (the run above texted through Twilio's stand-in) plus one more now.
    const app = await connect(APP_TOKEN);
    await app.callTool({ name: "vercel_project_list", arguments: { limit: 1 } });
    const page = await signedIn(OPS_TOKEN);
    await page.click("nav >> text=Costs");
    await page.waitForSelector("[data-testid=costs]");
    const calls = async (row: string) =>
      Number(await page.textContent(`[data-cost-row=${row}] td:nth-child(2)`));
    expect(await calls("vercel")).toBeGreaterThanOrEqual(3);
    expect(await calls("twilio")).toBe(1);
    // One SMS segment at the list price.
    expect(await page.textContent("[data-cost-row=twilio]")).toMatch(/\$0\.0\d*[1-9]/);
    expect(Number((await page.textContent("[data-testid=total-cost]"))!.slice(1))).toBeGreaterThan(
      0,
    );
    expect(await page.locator("[data-testid=cost-chart] rect.bar").count()).toBeGreaterThanOrEqual(
      1,
    );
    expect(await page.locator("[data-testid=cost-chart] polyline.line").count()).toBe(1);
    await shot(page, "costs");
    await page.selectOption("#c-by", "client");
    await page.click("main form button[type=submit]");
    await page.waitForSelector("[data-cost-row=app]");
    expect(await page.locator("[data-cost-row=ops]").count()).toBe(1);
    // The overview's chart of calls per minute holds these calls too.
    await page.click("nav >> text=Overview");
    await page.waitForSelector("[data-testid=calls-chart] rect.bar");
    expect(await page.locator("[data-testid=calls-chart] [data-bar]").count()).toBe(30);
    await shot(page, "overview");
    await page.context().close();

    const phone = await signedIn(APP_TOKEN, { width: 390, height: 844 });
    await phone.goto(`${base}/dashboard/costs`);
    await phone.waitForSelector("[data-testid=cost-chart] svg");
    // The chart fits the screen: no sideways scrolling of the page.
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await shot(phone, "costs-phone");
    await phone.context().close();
  });

  const clients: Client[] = [];
  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => {});
  });
  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: "dashboard-test", version: "1" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  }
});
