import { appsRuntime } from "./runtime.js";

/** One MCP Apps view: a `ui://` resource whose HTML renders a tool's result and acts through the host. */
export interface AppView {
  uri: string;
  /** The resource's name in resources/list. */
  name: string;
  title: string;
  description: string;
  /** The view's own module code; it runs after the SDK prelude and the helpers below. */
  script: string;
}

const STYLE = `
:root { color-scheme: light dark;
  --bg: var(--color-background-primary, light-dark(#ffffff, #17181a));
  --bg2: var(--color-background-secondary, light-dark(#f5f6f8, #222428));
  --fg: var(--color-text-primary, light-dark(#17181a, #f2f3f5));
  --fg2: var(--color-text-secondary, light-dark(#5b6270, #a3a9b5));
  --line: var(--color-border-primary, light-dark(#dfe2e7, #363941));
  --ok: var(--color-text-success, light-dark(#12703a, #5fd08a));
  --bad: var(--color-text-danger, light-dark(#b3261e, #ff8a80));
  --warn: var(--color-text-warning, light-dark(#8a5a00, #f2c14e));
  --radius: var(--border-radius-md, 8px);
  font-family: var(--font-sans, system-ui, -apple-system, "Segoe UI", sans-serif);
  font-size: var(--font-text-sm-size, 14px); }
* { box-sizing: border-box; }
body { margin: 0; padding: 12px; background: var(--bg); color: var(--fg); }
h1 { font-size: 16px; margin: 0 0 8px; display: flex; gap: 8px; align-items: center; }
h2 { font-size: 14px; margin: 14px 0 6px; color: var(--fg2); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--fg2); font-weight: 600; }
.card { border: 1px solid var(--line); border-radius: var(--radius); padding: 10px; margin: 8px 0; background: var(--bg2); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; border: 1px solid currentColor; font-size: 12px; }
.ok { color: var(--ok); } .bad { color: var(--bad); } .warn { color: var(--warn); } .muted { color: var(--fg2); }
pre { margin: 6px 0 0; padding: 6px; background: var(--bg); border: 1px solid var(--line); border-radius: 6px;
  white-space: pre-wrap; word-break: break-word; max-height: 160px; overflow: auto;
  font: 12px var(--font-mono, ui-monospace, Menlo, monospace); }
button { font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; }
button.approve { border-color: var(--ok); color: var(--ok); } button.deny { border-color: var(--bad); color: var(--bad); }
button:disabled { opacity: .5; cursor: not-allowed; }
input[type=text] { font: inherit; padding: 4px 6px; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); min-width: 12em; }
.row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-top: 8px; }
.notice { padding: 6px 10px; border-radius: 6px; border: 1px solid var(--line); margin: 8px 0; }
ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 2px solid var(--line); }
ol.timeline > li { position: relative; padding: 4px 0 10px 16px; }
ol.timeline > li::before { content: ""; position: absolute; left: -7px; top: 8px; width: 12px; height: 12px; border-radius: 50%; background: var(--line); }
ol.timeline > li.succeeded::before { background: var(--ok); } ol.timeline > li.failed::before { background: var(--bad); }
ol.timeline > li.running::before, ol.timeline > li.pending::before { background: var(--warn); }
`;

/**
 * What every view's code can use: `h(tag, attrs, ...children)` builds elements whose text is
 * always a text node (nothing from a result is ever parsed as HTML), `resultData(result)` reads a
 * tool result (its structuredContent, or the error envelope's message), and `connect(app)` joins
 * the host, following its theme.
 */
const HELPERS = `
const h = (tag, attrs, ...children) => {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
};
const show = (id, ...children) =>
  document.getElementById(id).replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
const json = (value) => JSON.stringify(value, null, 2);
const when = (iso) => (iso ? new Date(iso).toLocaleString() : "");
const resultData = (result) => {
  if (!result) return { error: "no result" };
  if (result.isError) {
    const text = (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\\n");
    try {
      const envelope = JSON.parse(text);
      return { error: envelope.message ?? text, code: envelope.code };
    } catch {
      return { error: text || "the call failed" };
    }
  }
  return { data: result.structuredContent ?? {} };
};
const applyContext = (context) => {
  if (context?.theme) McpApps.applyDocumentTheme(context.theme);
  if (context?.styles?.variables) McpApps.applyHostStyleVariables(context.styles.variables);
};
const connect = async (app) => {
  app.onhostcontextchanged = applyContext;
  await app.connect(new McpApps.PostMessageTransport(window.parent, window.parent));
  applyContext(app.getHostContext());
};
`;

/** The whole HTML document of a view: self-contained (styles, the SDK and the code inline). */
export function appDocument(view: AppView): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.title}</title>
<style>${STYLE}</style>
</head>
<body>
<div id="root"><p class="muted">Loading…</p></div>
<script type="module">
${appsRuntime()}
${HELPERS}
${view.script}
</script>
</body>
</html>
`;
}
