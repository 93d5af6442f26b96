import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createLogger, readEnvelope } from "@agent-mesh/core";
import { platform as vercel } from "@agent-mesh/mcp-vercel";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { APP_TOKEN, guardedYaml, OPS_TOKEN } from "./guarded.js";

// What the page functions below see, run in the browser (this package compiles without the DOM lib).
// biome-ignore lint/suspicious/noExplicitAny: the browser's globals
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: the browser's globals
declare const window: any;

const CHROMIUM = "/usr/bin/chromium";
/** Screenshots of every page: test-results/dashboard/*.png at the repository's root. */
const SHOTS = resolve(import.meta.dirname, "..", "..", "test-results", "dashboard");
const XSS = `Deletes one item. <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;

/**
 * The dashboard in headless Chromium (Debian's package, driven by playwright-core) against a
 * gateway over the sandbox's Vercel stand-in and a third-party server whose description holds
 * HTML: sign in, every downstream healthy, search and run a tool from its form, approve a
 * destructive call and see it complete, and a screenshot of each page.
 */
describe.skipIf(!existsSync(CHROMIUM))("dashboard in a browser", { timeout: 180_000 }, () => {
  let dir: string;
  let sandbox: RunningSandbox;
  let running: RunningMesh;
  let http: HttpGateway;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-dashboard-"));
    await mkdir(SHOTS, { recursive: true });
    sandbox = await startSandbox({ platforms: ["vercel"] });
    const config = join(dir, "mesh.yaml");
    await writeFile(
      config,
      guardedYaml("", `    env: { GUARDED_DELETE_DESCRIPTION: ${JSON.stringify(XSS)} }\n`),
    );
    running = await startMesh({
      configPath: config,
      platforms: [vercel],
      env: { ...process.env, ...sandbox.env, AGENT_MESH_HOME: join(dir, "home") },
      logger: createLogger({ name: "agent-mesh", level: "error" }),
    });
    await running.mesh.settled(60_000);
    // The embedded audit database opens on first use: slow on a busy machine.
    await running.audit!.store();
    http = await serveHttp(running.mesh, running.config.gateway);
    base = new URL(http.url).origin;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
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
    await page.fill("#token", token);
    await page.click("button[type=submit]");
    await page.waitForURL(new RegExp(`${base}/dashboard$`));
    return page;
  };

  it("signs in and shows every downstream healthy, live", async () => {
    const page = await signedIn(OPS_TOKEN);
    await expect.poll(() => page.textContent("[data-testid=who]")).toContain("ops · operator");
    const rows = page.locator("[data-downstream]");
    // vercel, the third-party `guarded`, and the gateway's own tools (the `mesh` downstream).
    await expect.poll(() => rows.count()).toBe(3);
    // Every state badge reads ready (the live fragment refreshes without a reload).
    await page.waitForFunction(() =>
      [...document.querySelectorAll("[data-testid=state]")].every(
        (el) => el.textContent === "ready",
      ),
    );
    expect(await page.textContent("[data-downstream=vercel]")).toContain("ready");
    expect(await page.textContent("[data-downstream=guarded]")).toContain("ready");
    expect(await page.textContent("[data-downstream=mesh]")).toContain("ready");
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
    await page.screenshot({ path: join(SHOTS, "overview.png"), fullPage: true });
    await page.context().close();
  });

  it("finds a tool, runs it from its form against the sandbox, and escapes descriptions", async () => {
    const page = await signedIn(OPS_TOKEN);
    await page.goto(`${base}/dashboard/catalog`);
    await page.fill("input[type=search]", "project_list");
    await page.waitForFunction(() => document.querySelectorAll("[data-tool]").length === 1);
    await page.screenshot({ path: join(SHOTS, "catalog-search.png"), fullPage: true });
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
    await page.screenshot({ path: join(SHOTS, "try-a-tool.png"), fullPage: true });

    // The description holds <script> and <img onerror>: shown as text, nothing runs.
    await page.goto(`${base}/dashboard/catalog`);
    const description = await page.textContent("[data-tool=delete_item] [data-testid=description]");
    expect(description).toContain("<script>window.__pwned = 1</script>");
    expect(await page.locator("[data-tool=delete_item] img").count()).toBe(0);
    expect(await page.locator("[data-tool=delete_item] script").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(
      undefined,
    );
    await page.screenshot({ path: join(SHOTS, "catalog.png"), fullPage: true });
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
    await page.screenshot({ path: join(SHOTS, "approvals.png"), fullPage: true });
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
    await page.screenshot({ path: join(SHOTS, "audit.png"), fullPage: true });
    await page.context().close();
  });

  it("shows a viewer at phone width, without operator buttons", async () => {
    const page = await signedIn(APP_TOKEN, { width: 390, height: 844 });
    expect(await page.textContent("[data-testid=who]")).toContain("app · viewer");
    await page.waitForSelector("[data-downstream=guarded]");
    await page.screenshot({ path: join(SHOTS, "overview-phone.png"), fullPage: true });
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
