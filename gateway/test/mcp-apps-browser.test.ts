import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createLogger, readEnvelope } from "@agent-mesh/core";
import { platform as vercel } from "@agent-mesh/mcp-vercel";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { RESOURCE_MIME_TYPE } from "@modelcontextprotocol/ext-apps/server";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_MIME_TYPE } from "../src/apps/index.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { hasChromium, launchChromium } from "./chromium.js";
import { APP_TOKEN, OPS_TOKEN } from "./guarded.js";
import { hostToolView } from "./mcp-apps-host.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
/** Screenshots: test-results/mcp-apps/*.png at the repository's root; one goes into the docs. */
const SHOTS = join(ROOT, "test-results", "mcp-apps");
/**
 * The picture in docs/dashboard.md, refreshed by a run with AGENT_MESH_UPDATE_DOCS_IMAGES=1 (not
 * on every run: a test leaves the work tree as it found it).
 */
const DOCS_IMAGE = join(ROOT, "docs", "images", "mcp-apps-approvals.png");
const UPDATE_DOCS_IMAGES = process.env.AGENT_MESH_UPDATE_DOCS_IMAGES === "1";
/** What an MCP Apps host declares when it connects (the extension's capability). */
const UI_EXTENSION = {
  extensions: { "io.modelcontextprotocol/ui": { mimeTypes: [RESOURCE_MIME_TYPE] } },
};

/**
 * The MCP Apps views in headless Chromium (Debian's package, driven by playwright-core), hosted
 * as a host does it (tests/mcp-apps-host.ts: the extension's AppBridge, a sandboxed iframe, the
 * default CSP) and connected to real MCP clients of a gateway over the sandbox's Vercel
 * stand-in. A production deploy is put under approval by policy: the queue view shows it, the
 * operator approves it there, the call then completes, and the audit records the operator; a
 * viewer's approval is refused.
 */
describe.skipIf(!hasChromium)("MCP Apps views in a host", { timeout: 180_000 }, () => {
  let dir: string;
  let sandbox: RunningSandbox;
  let running: RunningMesh;
  let http: HttpGateway;
  let browser: Browser;
  const clients: Client[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-apps-"));
    await mkdir(SHOTS, { recursive: true });
    sandbox = await startSandbox({ platforms: ["vercel"] });
    const config = join(dir, "mesh.yaml");
    await writeFile(
      config,
      `gateway:
  port: 0
  clients:
    app: { token: ${APP_TOKEN} }
    ops: { token: ${OPS_TOKEN}, roles: [operator] }
policy:
  mode: enforcing
  default: allow
  rules:
    - id: deploys-need-an-operator
      tools: [vercel_deployment_create]
      effect: approval
workflows:
  survey:
    description: List the projects, then the deployments
    steps:
      - id: projects
        tool: vercel_project_list
      - id: deployments
        tool: vercel_deployment_list
        args: { limit: 3 }
`,
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
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    for (const client of clients) await client.close().catch(() => {});
    await http?.close();
    await running?.close();
    await sandbox?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A host's MCP client of the gateway, signed in with `token`, declaring MCP Apps support. */
  const connect = async (token: string): Promise<Client> => {
    const client = new Client({ name: "apps-host", version: "1" }, { capabilities: UI_EXTENSION });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  };

  /** As a host does when the model calls a tool: list it, call it, and render its view. */
  const callAndRender = async (
    client: Client,
    name: string,
    args: Record<string, unknown> = {},
  ): Promise<{
    page: Page;
    tool: Tool;
    result: CallToolResult;
    view: Awaited<ReturnType<typeof hostToolView>>;
  }> => {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === name);
    expect(tool, `${name} is listed`).toBeDefined();
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const page = await (
      await browser.newContext({ viewport: { width: 900, height: 700 } })
    ).newPage();
    page.setDefaultTimeout(60_000);
    const view = await hostToolView(page, client, tool!, args, result);
    return { page, tool: tool!, result, view };
  };

  it("lists the ui:// resources as MCP Apps HTML, self-contained, and links the tools to them", async () => {
    expect(APP_MIME_TYPE).toBe(RESOURCE_MIME_TYPE);
    const ops = await connect(OPS_TOKEN);
    const { resources } = await ops.listResources();
    const ui = resources.filter((r) => r.uri.startsWith("ui://"));
    expect(ui.map((r) => r.uri).sort()).toEqual([
      "ui://agent-mesh/approvals",
      "ui://agent-mesh/run",
      "ui://agent-mesh/status",
    ]);
    for (const resource of ui) {
      expect(resource.mimeType).toBe(RESOURCE_MIME_TYPE);
      const read = await ops.readResource({ uri: resource.uri });
      const html = (read.contents[0] as { text: string }).text;
      expect(html).toMatch(/^<!DOCTYPE html>/);
      // Nothing from the network: no external script, stylesheet or image.
      expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    }
    const { tools } = await ops.listTools();
    const linked = (name: string) =>
      (tools.find((t) => t.name === name)?._meta?.ui as { resourceUri?: string } | undefined)
        ?.resourceUri;
    expect(linked("mesh_status_get")).toBe("ui://agent-mesh/status");
    expect(linked("mesh_approvals_list")).toBe("ui://agent-mesh/approvals");
    expect(linked("mesh_approval_decide")).toBe("ui://agent-mesh/approvals");
  });

  it("renders the status view with every downstream's state", async () => {
    const ops = await connect(OPS_TOKEN);
    const { page, result, view } = await callAndRender(ops, "mesh_status_get");
    // Hosts without MCP Apps get the same as text.
    expect((result.content as { type: string; text: string }[])[0]?.text).toMatch(/vercel/);
    const state = view.frame.locator("[data-downstream=vercel] [data-testid=state]");
    await expect.poll(() => state.textContent()).toBe("ready");
    expect(await view.frame.locator("[data-testid=mesh-status]").textContent()).toBe("ok");
    expect(await view.frame.locator("[data-testid=summary]").textContent()).toBe(
      (result.structuredContent as { summary: string[] }).summary.join(""),
    );
    await page.screenshot({ path: join(SHOTS, "status.png"), fullPage: true });
    await page.context().close();
  });

  it("follows a workflow run on its live timeline until it succeeds", async () => {
    const ops = await connect(OPS_TOKEN);
    const { page, result, view } = await callAndRender(ops, "mesh_workflow_start", {
      workflow: "survey",
    });
    const runId = (result.structuredContent as { run_id: string }).run_id;
    expect(runId).toBeTruthy();
    const status = view.frame.locator("[data-testid=run-status]");
    // The view refreshes itself while the run is running: no new tool result reaches it.
    await expect.poll(() => status.textContent(), { timeout: 90_000 }).toBe("succeeded");
    for (const step of ["projects", "deployments"]) {
      expect(
        await view.frame.locator(`[data-step=${step}] [data-testid=step-status]`).textContent(),
      ).toBe("succeeded");
    }
    expect(await view.frame.locator("[data-step=projects] pre").textContent()).toContain("web");
    await page.screenshot({ path: join(SHOTS, "run.png"), fullPage: true });
    await page.context().close();
  });

  it("shows a pending deploy in the queue; the operator approves it there, and the call completes", async () => {
    const deploy = { project: "web", ref: "main", target: "production" };
    const app = await connect(APP_TOKEN);
    const asked = await app.callTool({ name: "vercel_deployment_create", arguments: deploy });
    const envelope = readEnvelope(asked as never);
    expect(envelope?.code).toBe("confirmation_required");
    const id = envelope?.details?.approval_id as string;
    expect(id).toMatch(/^apr_/);
    // Nothing reached Vercel yet.
    expect(sandbox.recorder.to("vercel", "/v13/deployments")).toHaveLength(0);

    const ops = await connect(OPS_TOKEN);
    const { page, view } = await callAndRender(ops, "mesh_approvals_list");
    const card = view.frame.locator(`[data-approval=${id}]`);
    await card.waitFor();
    expect(await card.textContent()).toMatch(/app wants to run vercel_deployment_create/);
    expect(await view.frame.locator("[data-testid=who]").textContent()).toContain("ops (operator)");
    await page.screenshot({ path: join(SHOTS, "approvals.png"), fullPage: true });
    if (UPDATE_DOCS_IMAGES) await copyFile(join(SHOTS, "approvals.png"), DOCS_IMAGE);

    await view.frame.locator(`#reason-${id}`).fill("release 42");
    await card.locator("button[value=approve]").click();
    const notice = view.frame.locator("[data-testid=notice]");
    await notice.waitFor();
    expect(await notice.getAttribute("data-outcome")).toBe("approved");
    expect(await notice.textContent()).toContain(`${id} approved by ops`);
    await view.frame.locator(`[data-decided=${id}]`).waitFor();
    expect(await view.frame.locator(`[data-decided=${id}]`).textContent()).toContain("release 42");
    // The click was a tools/call through the host, as the operator's client.
    const decide = view.calls.find((c) => c.name === "mesh_approval_decide");
    expect(decide?.arguments).toEqual({ id, decision: "approve", reason: "release 42" });
    expect(decide?.result.isError).toBeFalsy();
    await page.screenshot({ path: join(SHOTS, "approvals-decided.png"), fullPage: true });
    await page.context().close();

    const done = await app.callTool({
      name: "vercel_deployment_create",
      arguments: { ...deploy, approval_id: id },
    });
    expect(done.isError).toBeFalsy();
    expect((done.structuredContent as { target?: string }).target).toBe("production");
    const sent = sandbox.recorder.to("vercel", "/v13/deployments");
    expect(sent).toHaveLength(1);
    expect((sent[0]!.body as { target?: string }).target).toBe("production");

    const store = await running.audit!.store();
    await expect
      .poll(async () =>
        (await store.query({ tool: "vercel_deployment_create", limit: 50 })).map((r) => [
          r.kind,
          r.caller,
          r.outcome,
          (r.approval as { by?: string } | undefined)?.by,
        ]),
      )
      .toEqual(
        expect.arrayContaining([
          ["approval", "ops", "approved", "ops"],
          ["call", "app", "ok", "ops"],
        ]),
      );
    // The decision itself was a call through the pipeline, recorded as the operator's.
    await expect
      .poll(async () =>
        (await store.query({ tool: "mesh_approval_decide", limit: 10 })).map((r) => [
          r.kind,
          r.caller,
          r.outcome,
        ]),
      )
      .toEqual([["call", "ops", "ok"]]);
  });

  it("refuses a viewer's approval, from the view and from the tool", async () => {
    const app = await connect(APP_TOKEN);
    const asked = await app.callTool({
      name: "vercel_deployment_create",
      arguments: { project: "api", ref: "main", target: "production" },
    });
    const id = readEnvelope(asked as never)?.details?.approval_id as string;
    expect(id).toMatch(/^apr_/);

    const { page, view } = await callAndRender(app, "mesh_approvals_list");
    const card = view.frame.locator(`[data-approval=${id}]`);
    await card.waitFor();
    expect(await view.frame.locator("[data-testid=who]").textContent()).toContain("(viewer)");
    expect(await card.locator("button[value=approve]").isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, "approvals-viewer.png"), fullPage: true });
    await page.context().close();

    // The buttons are only a courtesy: the gateway refuses the call itself.
    const refused = await app.callTool({
      name: "mesh_approval_decide",
      arguments: { id, decision: "approve" },
    });
    expect(readEnvelope(refused as never)?.code).toBe("permission_denied");
    expect(readEnvelope(refused as never)?.message).toMatch(/app is not an operator/);
    expect((await running.mesh.approvals.get(id))?.status).toBe("pending");
    const still = await app.callTool({
      name: "vercel_deployment_create",
      arguments: { project: "api", ref: "main", target: "production", approval_id: id },
    });
    expect(readEnvelope(still as never)?.code).toBe("confirmation_required");
  });

  it("refuses an operator's decision on its own request: the model speaks on that session", async () => {
    const ops = await connect(OPS_TOKEN);
    const asked = await ops.callTool({
      name: "vercel_deployment_create",
      arguments: { project: "web", ref: "v2", target: "production" },
    });
    const id = readEnvelope(asked as never)?.details?.approval_id as string;
    expect(id).toMatch(/^apr_/);
    const refused = await ops.callTool({
      name: "mesh_approval_decide",
      arguments: { id, decision: "approve" },
    });
    expect(readEnvelope(refused as never)?.code).toBe("permission_denied");
    expect(readEnvelope(refused as never)?.message).toMatch(/cannot decide its own request/);
    expect((await running.mesh.approvals.get(id))?.status).toBe("pending");
  });
});
