/** @jsxImportSource hono/jsx */
import { readEnvelope } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Mesh } from "../../mesh.js";
import { BASE, type Viewer } from "../access.js";
import { Csrf, Json } from "../layout.js";
import { type FieldSchema, SchemaFields } from "../schema-form.js";
import { Badges } from "./catalog.js";

/** Choose a tool, fill the form its input schema makes, run it through the mesh. */
export function TryPage(props: { mesh: Mesh; viewer: Viewer; tool: string | undefined }) {
  const { mesh, viewer } = props;
  const catalog = mesh.catalogFor(viewer.caller);
  const entry = props.tool ? catalog.tools.get(props.tool) : undefined;
  return (
    <div>
      <form method="get" action={`${BASE}/try`} class="row card">
        <div>
          <label for="tool-pick">Tool</label>
          <select id="tool-pick" name="tool">
            {[...catalog.tools.keys()].sort().map((name) => (
              <option value={name} selected={name === props.tool}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="shrink">
          <button type="submit">Open</button>
        </div>
      </form>
      {props.tool && !entry ? (
        <p class="error">No tool named {props.tool} in the catalog; pick one above.</p>
      ) : null}
      {entry ? (
        <div class="card">
          <h2>
            {entry.exposed.name} <span class="muted">on {entry.downstream.name}</span>{" "}
            <Badges tool={entry.exposed} />
          </h2>
          <p>{entry.exposed.description ?? ""}</p>
          {viewer.operator ? (
            <form
              method="post"
              action={`${BASE}/try`}
              hx-post={`${BASE}/try`}
              hx-target="#result"
              hx-swap="innerHTML"
              data-testid="try-form"
            >
              <Csrf viewer={viewer} />
              <input type="hidden" name="tool" value={entry.exposed.name} />
              <SchemaFields schema={entry.exposed.inputSchema as FieldSchema} />
              <p>
                <button type="submit">Run {entry.exposed.name}</button>{" "}
                <span class="htmx-indicator muted">running…</span>
              </p>
            </form>
          ) : (
            <p class="muted">
              Viewers can read the catalog; running a tool needs the operator role.
            </p>
          )}
          <div id="result" data-testid="result"></div>
        </div>
      ) : null}
    </div>
  );
}

/** A call's outcome: the error envelope, the structured result and the text, each clearly. */
export function CallResult(props: {
  result?: CallToolResult;
  problems?: string[];
  protocolError?: string;
}) {
  if (props.problems) {
    return (
      <div data-testid="outcome" data-outcome="invalid_form">
        <p class="error">The form has problems:</p>
        <ul>
          {props.problems.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      </div>
    );
  }
  if (props.protocolError !== undefined) {
    return (
      <div data-testid="outcome" data-outcome="protocol_error">
        <p class="error">Protocol error: {props.protocolError}</p>
      </div>
    );
  }
  const result = props.result!;
  const envelope = readEnvelope(result);
  const texts = (result.content ?? []).flatMap((c) => (c.type === "text" ? [c.text] : []));
  return (
    <div data-testid="outcome" data-outcome={envelope?.code ?? (result.isError ? "error" : "ok")}>
      {result.isError ? (
        <div>
          <p class="error">
            Error{envelope ? `: ${envelope.code}` : ""} {envelope?.message ?? ""}
          </p>
          {envelope ? <Json value={envelope} testid="envelope" /> : null}
        </div>
      ) : (
        <p>
          <span class="badge ok">ok</span>
        </p>
      )}
      {result.structuredContent !== undefined ? (
        <div>
          <h2>Structured result</h2>
          <Json value={result.structuredContent} testid="structured" />
        </div>
      ) : null}
      {texts.length > 0 ? (
        <div>
          <h2>Text</h2>
          {texts.map((text) => (
            <pre data-testid="text">{text}</pre>
          ))}
        </div>
      ) : null}
    </div>
  );
}
