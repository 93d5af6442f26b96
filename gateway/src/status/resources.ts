import type { Caller } from "@agent-mesh/core";
import type { ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import type { MeshResource, MeshResourceTemplate } from "../mesh-server/index.js";
import { auditMarkdown, runMarkdown, statusMarkdown } from "./markdown.js";
import { isOperator, runViewer, type StatusSource, statusSnapshot } from "./snapshot.js";

export const STATUS_URI = "mesh://status";
export const AUDIT_URI = "mesh://audit/recent";
export const RUN_URI_TEMPLATE = "mesh://runs/{run_id}";
/** How many audit records mesh://audit/recent shows. */
const RECENT_RECORDS = 20;

/**
 * Each resource is one read with two contents for the same URI: compact Markdown for a person
 * or a model, then the same data as JSON for a program. One URI keeps one subscription and
 * one consistent snapshot (a separate `.json` resource could disagree with the text).
 */
function twin(uri: string, markdown: string, json: unknown): ReadResourceResult {
  return {
    contents: [
      { uri, mimeType: "text/markdown", text: markdown },
      { uri, mimeType: "application/json", text: JSON.stringify(json) },
    ],
  };
}

export function statusResource(source: StatusSource): MeshResource {
  return {
    definition: {
      uri: STATUS_URI,
      name: "status",
      title: "Mesh status",
      description:
        "Every downstream's state, last error, latency and calls in the last hour; pending approvals; running workflow runs. Markdown, then JSON.",
      mimeType: "text/markdown",
    },
    async read({ caller }) {
      const status = await statusSnapshot(source, caller);
      return twin(STATUS_URI, statusMarkdown(status), status);
    },
  };
}

export function runResource(source: StatusSource): MeshResourceTemplate {
  return {
    definition: {
      uriTemplate: RUN_URI_TEMPLATE,
      name: "run",
      title: "Workflow run",
      description: "A workflow run's status, steps and outputs. Markdown, then JSON.",
      mimeType: "text/markdown",
    },
    async read(uri, variables, { caller }) {
      const runId = String(variables.run_id ?? "");
      const run = await source.workflows?.get(runId, runViewer(source, caller));
      return run ? twin(uri, runMarkdown(run), run) : undefined;
    },
  };
}

export function auditResource(source: StatusSource): MeshResource {
  return {
    definition: {
      uri: AUDIT_URI,
      name: "audit_recent",
      title: "Recent audit records",
      description: `The last ${RECENT_RECORDS} audit records (yours, or every caller's for an operator). Markdown, then JSON.`,
      mimeType: "text/markdown",
    },
    async read({ caller }) {
      const scope = isOperator(source, caller) ? "operator" : "own";
      if (!source.audit) {
        return twin(AUDIT_URI, "# Recent audit records\n\nThe audit log is off (audit.enabled).", {
          enabled: false,
          records: [],
        });
      }
      const records = await recentRecords(source, caller, scope);
      return twin(AUDIT_URI, auditMarkdown(records, scope), { enabled: true, scope, records });
    },
  };
}

async function recentRecords(source: StatusSource, caller: Caller, scope: "operator" | "own") {
  const store = await source.audit!.store();
  const records = await store.query({
    limit: RECENT_RECORDS,
    ...(scope === "own" ? { client: caller.id } : {}),
  });
  // Arguments and details stay in `agent-mesh audit`: this is an overview.
  return records.map(
    ({ seq, at, kind, caller: by, tool, downstream, outcome, duration_ms, rule }) => ({
      seq,
      at,
      kind,
      caller: by,
      outcome,
      ...(tool ? { tool } : {}),
      ...(downstream ? { downstream } : {}),
      ...(duration_ms !== undefined ? { duration_ms } : {}),
      ...(rule ? { rule } : {}),
    }),
  );
}
