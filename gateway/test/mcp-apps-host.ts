import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { build } from "esbuild";
import type { Page } from "playwright-core";

// What the page functions below see, run in the browser (this package compiles without the DOM lib).
// biome-ignore lint/suspicious/noExplicitAny: the browser's globals
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: the browser's globals
declare const window: any;

/** The extension's restrictive default CSP, which a host applies to a view that declares no domains. */
export const DEFAULT_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' data:; connect-src 'none'; frame-src 'none'; object-src 'none'";

const HOST_ORIGIN = "http://mcp-host.test";

/**
 * The host side of the MCP Apps extension, from the package itself: its AppBridge and
 * PostMessageTransport bundled for the browser (as a host's web build would), once.
 */
let bridgeScript: Promise<string> | undefined;
function hostBridgeScript(): Promise<string> {
  bridgeScript ??= build({
    stdin: {
      contents:
        'export { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";',
      resolveDir: dirname(fileURLToPath(import.meta.url)),
      loader: "js",
    },
    bundle: true,
    format: "iife",
    globalName: "McpHost",
    platform: "browser",
    target: "chrome120",
    write: false,
    logLevel: "error",
  }).then((out) => out.outputFiles[0]!.text);
  return bridgeScript;
}

export interface HostedView {
  /** The view's frame, to find and click things in. */
  frame: ReturnType<Page["frameLocator"]>;
  /** Every tools/call the view made through the host, with its result. */
  calls: { name: string; arguments: unknown; result: CallToolResult }[];
}

/**
 * Renders a tool's UI the way an MCP Apps host does: reads the tool's `_meta.ui.resourceUri`
 * from tools/list, reads that `ui://` resource, loads its HTML into a sandboxed iframe (scripts
 * only, an opaque origin, the default CSP) connected by AppBridge over postMessage, sends the
 * tool's input and result, and proxies the view's tools/call and resources/read to the real MCP
 * client of the gateway, so they run as that client's caller.
 */
export async function hostToolView(
  page: Page,
  client: Client,
  tool: Tool,
  args: Record<string, unknown>,
  result: CallToolResult,
): Promise<HostedView> {
  const uri = (tool._meta?.ui as { resourceUri?: string } | undefined)?.resourceUri;
  if (!uri) throw new Error(`${tool.name} links no MCP Apps view (_meta.ui.resourceUri)`);
  const read = await client.readResource({ uri });
  const content = read.contents[0] as { text?: string; mimeType?: string };
  if (content.mimeType !== "text/html;profile=mcp-app" || typeof content.text !== "string") {
    throw new Error(`${uri} is not an MCP Apps HTML resource (${content.mimeType})`);
  }
  const html = content.text.replace(
    /<head>/i,
    `<head><meta http-equiv="Content-Security-Policy" content="${DEFAULT_CSP}">`,
  );
  const calls: HostedView["calls"] = [];
  const script = await hostBridgeScript();
  await page.route(`${HOST_ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/host.js") {
      return route.fulfill({ contentType: "text/javascript", body: script });
    }
    return route.fulfill({
      contentType: "text/html",
      body: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>MCP Apps test host</title>
<style>body{font:14px system-ui;margin:16px;background:#eef0f3}iframe{width:100%;border:1px solid #c9ced6;border-radius:8px;background:#fff;height:200px}</style>
</head><body><p>Test host · ${tool.name}</p><iframe id="view" sandbox="allow-scripts" title="MCP App"></iframe>
<script src="/host.js"></script></body></html>`,
    });
  });
  await page.exposeFunction(
    "hostCallTool",
    async (params: { name: string; arguments?: Record<string, unknown> }) => {
      const answer = (await client.callTool(params)) as CallToolResult;
      calls.push({ name: params.name, arguments: params.arguments, result: answer });
      return answer;
    },
  );
  await page.exposeFunction("hostReadResource", (params: { uri: string }) =>
    client.readResource(params),
  );
  await page.goto(`${HOST_ORIGIN}/`);
  await page.evaluate(
    async ({ html, args, result, tool }) => {
      const iframe = document.getElementById("view");
      const { AppBridge, PostMessageTransport } = window.McpHost;
      const bridge = new AppBridge(
        null,
        { name: "agent-mesh test host", version: "1.0.0" },
        { serverTools: {}, serverResources: {}, logging: {} },
        {
          hostContext: {
            theme: "light",
            displayMode: "inline",
            platform: "web",
            containerDimensions: { maxHeight: 2000 },
            toolInfo: { tool },
          },
        },
      );
      bridge.oncalltool = (params: unknown) => window.hostCallTool(params);
      bridge.onreadresource = (params: unknown) => window.hostReadResource(params);
      bridge.onsizechange = ({ height }: { height?: number }) => {
        if (height) iframe.style.height = `${height}px`;
      };
      bridge.onloggingmessage = () => {};
      bridge.oninitialized = async () => {
        await bridge.sendToolInput({ arguments: args });
        await bridge.sendToolResult(result);
        window.__viewReady = true;
      };
      await bridge.connect(new PostMessageTransport(iframe.contentWindow, iframe.contentWindow));
      iframe.srcdoc = html;
    },
    { html, args, result, tool },
  );
  await page.waitForFunction(() => window.__viewReady === true);
  return { frame: page.frameLocator("#view"), calls };
}
