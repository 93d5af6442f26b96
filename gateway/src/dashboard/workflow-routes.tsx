/** @jsxImportSource hono/jsx */
import { readEnvelope } from "@agent-mesh/core";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Context, Hono } from "hono";
import type { Mesh } from "../mesh.js";
import { BASE, type DashboardEnv, operatorOnly, type Viewer } from "./access.js";
import { formArguments } from "./form-values.js";
import { Layout } from "./layout.js";
import { RunLive, RunPage } from "./pages/workflow-run.js";
import { paramsForm, RunList, takesAnyParams, WorkflowsPage } from "./pages/workflows.js";

const RUN_LIMIT = 50;

/** The signed-in person as the dashboard's caller: audited under their id, kind "dashboard". */
function dashboardCaller(viewer: Viewer) {
  return { ...viewer.caller, kind: "dashboard" as const };
}

/** What a refused call said: the envelope's code and message, or the result's text. */
function refusal(result: { content?: unknown; isError?: boolean }): string {
  const envelope = readEnvelope(result as never);
  if (envelope) return `${envelope.code}: ${envelope.message}`;
  const texts = ((result.content ?? []) as Array<{ type: string; text?: string }>)
    .flatMap((c) => (c.type === "text" && c.text ? [c.text] : []))
    .join(" ");
  return texts || "the call failed";
}

/**
 * The Workflows pages: definitions with a start form, runs, and each run's timeline with a
 * cancel button. Reading uses the workflow service; starting and cancelling call the
 * mesh_workflow_* tools through Mesh.callTool as the signed-in operator, so policy and the
 * audit log see them as any other call.
 */
export function workflowRoutes(app: Hono<DashboardEnv>, mesh: Mesh): void {
  // As the signed-in person: a tenant's viewer sees only its tenant's runs.
  const runs = async (viewer: Viewer) =>
    (await mesh.workflows?.list({ limit: RUN_LIMIT, caller: dashboardCaller(viewer) })) ?? [];
  const listPage = async (
    c: Context<DashboardEnv>,
    problem?: { workflow: string; message: string },
    status: 200 | 400 | 403 = 200,
  ) =>
    c.html(
      <Layout title="Workflows" page="workflows" viewer={c.get("viewer")}>
        <WorkflowsPage
          definitions={mesh.workflows?.definitions()}
          runs={await runs(c.get("viewer"))}
          viewer={c.get("viewer")}
          problem={problem}
        />
      </Layout>,
      status,
    );

  app.get(`${BASE}/workflows`, (c) => listPage(c));
  app.get(`${BASE}/workflows/runs`, async (c) =>
    c.html(<RunList runs={await runs(c.get("viewer"))} />),
  );

  app.post(`${BASE}/workflows/start`, operatorOnly, async (c) => {
    const form = await c.req.parseBody();
    const workflow = typeof form.workflow === "string" ? form.workflow : "";
    const definition = mesh.workflows?.definitions()[workflow];
    if (!definition) return c.text(`Not found: this mesh has no workflow "${workflow}"`, 404);
    let params: Record<string, unknown>;
    if (takesAnyParams(definition)) {
      const text = typeof form.params_json === "string" ? form.params_json.trim() : "";
      try {
        params = text ? JSON.parse(text) : {};
      } catch (err) {
        return listPage(
          c,
          { workflow, message: `params: not JSON (${(err as Error).message})` },
          400,
        );
      }
      if (!params || typeof params !== "object" || Array.isArray(params))
        return listPage(c, { workflow, message: "params: write a JSON object, {…}" }, 400);
    } else {
      const parsed = formArguments(paramsForm(definition), form);
      if (!parsed.ok) return listPage(c, { workflow, message: parsed.problems.join("; ") }, 400);
      params = parsed.arguments;
    }
    try {
      const result = await mesh.callTool({
        caller: dashboardCaller(c.get("viewer")),
        name: "mesh_workflow_start",
        arguments: { workflow, params },
      });
      const runId = (result.structuredContent as { run_id?: unknown } | undefined)?.run_id;
      if (result.isError || typeof runId !== "string") {
        const code = readEnvelope(result as never)?.code;
        return listPage(
          c,
          { workflow, message: `Not started: ${refusal(result)}` },
          code === "permission_denied" ? 403 : 400,
        );
      }
      return c.redirect(`${BASE}/workflows/runs/${encodeURIComponent(runId)}`, 303);
    } catch (err) {
      if (err instanceof McpError)
        return listPage(c, { workflow, message: `Not started: ${err.message}` }, 400);
      throw err;
    }
  });

  const findRun = (c: Context<DashboardEnv>) =>
    mesh.workflows?.get(c.req.param("id") ?? "", dashboardCaller(c.get("viewer")));

  app.get(`${BASE}/workflows/runs/:id`, async (c) => {
    const run = await findRun(c);
    if (!run) return c.text(`Not found: no run ${c.req.param("id")}`, 404);
    return c.html(
      <Layout title={`Run of ${run.workflow}`} page="workflows" viewer={c.get("viewer")}>
        <RunPage run={run} viewer={c.get("viewer")} />
      </Layout>,
    );
  });
  app.get(`${BASE}/workflows/runs/:id/live`, async (c) => {
    const run = await findRun(c);
    if (!run) return c.text(`Not found: no run ${c.req.param("id")}`, 404);
    return c.html(<RunLive run={run} viewer={c.get("viewer")} />);
  });

  app.post(`${BASE}/workflows/runs/:id/cancel`, operatorOnly, async (c) => {
    const id = c.req.param("id");
    let problem: string | undefined;
    try {
      const result = await mesh.callTool({
        caller: dashboardCaller(c.get("viewer")),
        name: "mesh_workflow_cancel",
        arguments: { run_id: id },
      });
      if (result.isError) problem = `Not cancelled: ${refusal(result)}`;
    } catch (err) {
      if (!(err instanceof McpError)) throw err;
      problem = `Not cancelled: ${err.message}`;
    }
    if (!problem) return c.redirect(`${BASE}/workflows/runs/${encodeURIComponent(id)}`, 303);
    const run = await findRun(c);
    if (!run) return c.text(`Not found: no run ${id}`, 404);
    return c.html(
      <Layout title={`Run of ${run.workflow}`} page="workflows" viewer={c.get("viewer")}>
        <RunPage run={run} viewer={c.get("viewer")} problem={problem} />
      </Layout>,
      409,
    );
  });
}
