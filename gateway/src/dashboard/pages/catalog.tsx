/** @jsxImportSource hono/jsx */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Mesh } from "../../mesh.js";
import { BASE, type Viewer } from "../access.js";
import { Csrf, Json } from "../layout.js";

/** Annotation badges: read-only, destructive, idempotent, open-world. */
export function Badges(props: { tool: Tool }) {
  const a = props.tool.annotations ?? {};
  return (
    <span>
      {a.readOnlyHint ? <span class="badge ok">read-only</span> : null}
      {a.destructiveHint ? <span class="badge bad">destructive</span> : null}
      {a.idempotentHint ? <span class="badge">idempotent</span> : null}
      {a.openWorldHint ? <span class="badge warn">open-world</span> : null}
    </span>
  );
}

/** The tool list for a search (every tool's name, server and description matched). */
export function CatalogList(props: { mesh: Mesh; query: string; viewer: Viewer }) {
  const { mesh, viewer } = props;
  const catalog = mesh.catalogFor(viewer.caller);
  const query = props.query.trim().toLowerCase();
  const tools = [...catalog.tools.values()].filter(
    ({ exposed, downstream }) =>
      !query ||
      exposed.name.toLowerCase().includes(query) ||
      downstream.name.toLowerCase().includes(query) ||
      (exposed.description ?? "").toLowerCase().includes(query),
  );
  const pinned = (server: string) => mesh.pinning.enabled && mesh.pinning.pinned(server);
  return (
    <div id="catalog-list">
      <p class="muted">
        {tools.length} of {catalog.tools.size} tools
      </p>
      {tools.map(({ exposed, downstream }) => (
        <div class="card" data-tool={exposed.name}>
          <div class="row center">
            <div>
              <strong>{exposed.name}</strong> <span class="muted">on {downstream.name}</span>{" "}
              <Badges tool={exposed} />
              {downstream.spec.kind !== "platform" && pinned(downstream.name) ? (
                <span class="badge ok">pinned</span>
              ) : null}
            </div>
            <div class="shrink">
              <a href={`${BASE}/try?tool=${encodeURIComponent(exposed.name)}`}>Try it</a>
            </div>
          </div>
          <p class="description" data-testid="description">
            {exposed.description ?? ""}
          </p>
          <details>
            <summary>Input schema</summary>
            <Json value={exposed.inputSchema} />
          </details>
          {exposed.outputSchema ? (
            <details>
              <summary>Output schema</summary>
              <Json value={exposed.outputSchema} />
            </details>
          ) : null}
        </div>
      ))}
      <Quarantine mesh={mesh} viewer={viewer} />
    </div>
  );
}

/** Third-party tools hidden until an operator accepts them (pinning). */
function Quarantine(props: { mesh: Mesh; viewer: Viewer }) {
  const { mesh, viewer } = props;
  const held = mesh.pinning.quarantined;
  // Quarantine concerns the top level's servers: not a tenant's business.
  if (held.length === 0 || viewer.caller.tenant) return null;
  return (
    <div>
      <h2>Quarantined</h2>
      {held.map((q) => {
        const tool = mesh.get(q.server)?.listing.tools.find((t) => t.name === q.tool);
        return (
          <div class="card" data-quarantined={`${q.server}/${q.tool}`}>
            <strong>{q.tool}</strong> <span class="muted">on {q.server}</span>{" "}
            <span class="badge bad">quarantined: {q.reason}</span>
            <p>{tool?.description ?? ""}</p>
            {tool ? (
              <details>
                <summary>Input schema</summary>
                <Json value={tool.inputSchema} />
              </details>
            ) : null}
            {viewer.operator ? (
              <form method="post" action={`${BASE}/catalog/accept`}>
                <Csrf viewer={viewer} />
                <input type="hidden" name="server" value={q.server} />
                <input type="hidden" name="tool" value={q.tool} />
                <button type="submit">Accept this change into mesh.lock</button>
              </form>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

export function CatalogPage(props: { mesh: Mesh; query: string; viewer: Viewer }) {
  return (
    <div>
      <input
        type="search"
        name="q"
        value={props.query}
        placeholder="Search tools, servers, descriptions"
        aria-label="Search tools"
        hx-get={`${BASE}/catalog/list`}
        hx-trigger="input changed delay:250ms, search"
        hx-target="#catalog-list"
        hx-swap="outerHTML"
      />
      <CatalogList {...props} />
    </div>
  );
}
