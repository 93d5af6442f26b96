import { createHmac } from "node:crypto";
import type { Context, Hono } from "hono";
import { apiBase, type Ctx, type Env } from "./context.js";
import type { Repo, Workflow } from "./data.js";
import { ghError, invalid, jsonBody, notFound, paginate } from "./http.js";
import { jobJson, repoJson, runJson, workflowJson } from "./json.js";
import { completesAt, jobLog, jobsAt, type Run, runStatus } from "./runs.js";
import { ACTOR } from "./state.js";
import { deliver, hooksFor } from "./webhooks.js";

const LOG_KEY = "sandbox-log-signing-key";
const logSig = (jobId: number) => createHmac("sha256", LOG_KEY).update(String(jobId)).digest("hex");

function findWorkflow(repo: Repo, idOrFile: string): Workflow | undefined {
  return repo.workflows.find((w) =>
    /^\d+$/.test(idOrFile) ? w.id === Number(idOrFile) : w.path.endsWith(`/${idOrFile}`),
  );
}

const STATUSES = new Set(["queued", "in_progress", "completed", "waiting", "pending", "requested"]);
const CONCLUSIONS = new Set([
  "success",
  "failure",
  "cancelled",
  "skipped",
  "neutral",
  "timed_out",
  "action_required",
  "stale",
]);

/** GitHub Actions: workflows, dispatch, runs whose state follows the clock, jobs, logs, cancel, re-run. */
export function actionsRoutes(app: Hono<Env>, ctx: Ctx): void {
  const { state, stepMs, now } = ctx;
  const runOf = (repo: Repo, id: string) =>
    state.runs.find((r) => r.repo === repo && String(r.id) === id);

  const notify = (run: Run, action: string, api: string) => {
    for (const hook of hooksFor(state.hooks, run.repo.id, "workflow_run")) {
      void deliver(hook, "workflow_run", {
        action,
        workflow_run: runJson(api, run, now(), stepMs),
        workflow: workflowJson(api, run.repo, run.workflow),
        repository: repoJson(api, run.repo),
        sender: { login: ACTOR.login, id: ACTOR.id, type: ACTOR.type },
      });
    }
  };
  const scheduleCompletion = (run: Run, api: string) => {
    const attempt = run.attempt;
    ctx.later(Math.max(0, completesAt(run, stepMs) - now()), () => {
      if (run.attempt === attempt && run.cancelledAt === undefined) notify(run, "completed", api);
    });
  };

  const listRuns = (c: Context<Env>, runs: Run[]) => {
    const api = apiBase(c);
    const { branch, event, status } = c.req.query();
    if (status !== undefined && !STATUSES.has(status) && !CONCLUSIONS.has(status)) {
      return invalid(c, { resource: "WorkflowRun", field: "status", code: "invalid" });
    }
    const matching = runs
      .filter((r) => branch === undefined || r.branch === branch)
      .filter((r) => event === undefined || r.event === event)
      .filter((r) => {
        if (status === undefined) return true;
        const s = runStatus(r, now(), stepMs);
        return s.status === status || s.conclusion === status;
      })
      .sort((a, b) => b.id - a.id);
    const page = paginate(c, matching);
    if (!page) return invalid(c, { resource: "WorkflowRun", field: "per_page", code: "invalid" });
    return c.json({
      total_count: matching.length,
      workflow_runs: page.map((r) => runJson(api, r, now(), stepMs)),
    });
  };

  app.get("/repos/:owner/:repo/actions/workflows", (c) => {
    const repo = c.get("repo");
    const page = paginate(c, repo.workflows);
    if (!page) return invalid(c, { resource: "Workflow", field: "per_page", code: "invalid" });
    return c.json({
      total_count: repo.workflows.length,
      workflows: page.map((w) => workflowJson(apiBase(c), repo, w)),
    });
  });

  app.post("/repos/:owner/:repo/actions/workflows/:workflow/dispatches", async (c) => {
    const repo = c.get("repo");
    const workflow = findWorkflow(repo, c.req.param("workflow"));
    if (!workflow) return notFound(c);
    const body = await jsonBody(c);
    if (!body) return ghError(c, 400, "Problems parsing JSON");
    if (typeof body.ref !== "string" || body.ref === "") {
      return invalid(c, { resource: "WorkflowDispatch", field: "ref", code: "missing_field" });
    }
    const ref = body.ref.replace(/^refs\/(heads|tags)\//, "");
    const sha = repo.branches.get(ref) ?? repo.tags.get(ref);
    if (sha === undefined) return ghError(c, 422, `No ref found for: ${body.ref}`);
    if (!workflow.dispatch) {
      return ghError(c, 422, "Workflow does not have 'workflow_dispatch' trigger");
    }
    const given = (body.inputs ?? {}) as Record<string, unknown>;
    if (typeof given !== "object" || Array.isArray(given)) {
      return invalid(c, { resource: "WorkflowDispatch", field: "inputs", code: "invalid" });
    }
    const unexpected = Object.keys(given).filter((k) => !(k in workflow.inputs));
    if (unexpected.length > 0) {
      return ghError(c, 422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
    }
    for (const [name, spec] of Object.entries(workflow.inputs)) {
      if (spec.required && given[name] === undefined) {
        return ghError(c, 422, `Required input '${name}' not provided`);
      }
    }
    const inputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries(workflow.inputs)) {
      const value = given[name] ?? spec.default;
      if (value !== undefined) inputs[name] = String(value);
    }
    const t = now();
    const run: Run = {
      id: state.nextId(),
      repo,
      workflow,
      runNumber: state.runs.filter((r) => r.workflow === workflow).length + 1,
      event: "workflow_dispatch",
      branch: ref,
      sha,
      inputs,
      createdAt: t,
      startedAt: t,
      attempt: 1,
      failing: given.fail === "true" || inputs.environment === "broken",
    };
    state.runs.push(run);
    const api = apiBase(c);
    notify(run, "requested", api);
    scheduleCompletion(run, api);
    return c.body(null, 204);
  });

  app.get("/repos/:owner/:repo/actions/workflows/:workflow/runs", (c) => {
    const repo = c.get("repo");
    const workflow = findWorkflow(repo, c.req.param("workflow"));
    if (!workflow) return notFound(c);
    return listRuns(
      c,
      state.runs.filter((r) => r.repo === repo && r.workflow === workflow),
    );
  });

  app.get("/repos/:owner/:repo/actions/runs", (c) =>
    listRuns(
      c,
      state.runs.filter((r) => r.repo === c.get("repo")),
    ),
  );

  app.get("/repos/:owner/:repo/actions/runs/:id", (c) => {
    const run = runOf(c.get("repo"), c.req.param("id"));
    return run ? c.json(runJson(apiBase(c), run, now(), stepMs)) : notFound(c);
  });

  app.get("/repos/:owner/:repo/actions/runs/:id/jobs", (c) => {
    const run = runOf(c.get("repo"), c.req.param("id"));
    if (!run) return notFound(c);
    const jobs = jobsAt(run, now(), stepMs);
    const page = paginate(c, jobs);
    if (!page) return invalid(c, { resource: "Job", field: "per_page", code: "invalid" });
    return c.json({ total_count: jobs.length, jobs: page.map((j) => jobJson(apiBase(c), run, j)) });
  });

  app.post("/repos/:owner/:repo/actions/runs/:id/cancel", (c) => {
    const run = runOf(c.get("repo"), c.req.param("id"));
    if (!run) return notFound(c);
    if (runStatus(run, now(), stepMs).status === "completed") {
      return ghError(c, 409, "Cannot cancel a workflow run that is completed.");
    }
    run.cancelledAt = now();
    notify(run, "completed", apiBase(c));
    return c.json({}, 202);
  });

  for (const [suffix, failedOnly] of [
    ["rerun", false],
    ["rerun-failed-jobs", true],
  ] as const) {
    app.post(`/repos/:owner/:repo/actions/runs/:id/${suffix}`, (c) => {
      const run = runOf(c.get("repo"), c.req.param("id"));
      if (!run) return notFound(c);
      const status = runStatus(run, now(), stepMs);
      if (status.status !== "completed") {
        return ghError(c, 403, `This workflow run is not completed yet (it is ${status.status}).`);
      }
      if (failedOnly && status.conclusion === "success") {
        return ghError(c, 403, "This workflow run has no failed jobs to re-run.");
      }
      run.attempt += 1;
      run.startedAt = now();
      run.cancelledAt = undefined;
      run.failing = false;
      scheduleCompletion(run, apiBase(c));
      return c.json({}, 201);
    });
  }

  app.get("/repos/:owner/:repo/actions/jobs/:job/logs", (c) => {
    const repo = c.get("repo");
    const jobId = Number(c.req.param("job"));
    const run = state.runs.find((r) => r.repo === repo && r.id === Math.floor(jobId / 10));
    const job = run && jobsAt(run, now(), stepMs).find((j) => j.id === jobId);
    if (!run || !job) return notFound(c);
    // GitHub redirects to a short-lived signed URL of its log storage.
    return c.redirect(`${apiBase(c)}/_sandbox/logs/${jobId}?sig=${logSig(jobId)}`, 302);
  });

  app.get("/_sandbox/logs/:job", (c) => {
    const jobId = Number(c.req.param("job"));
    if (c.req.query("sig") !== logSig(jobId)) {
      return c.text("AuthenticationFailed: Server failed to authenticate the request.", 403);
    }
    const run = state.runs.find((r) => r.id === Math.floor(jobId / 10));
    const job = run && jobsAt(run, now(), stepMs).find((j) => j.id === jobId);
    if (!run || !job) return c.text("BlobNotFound", 404);
    return c.text(jobLog(run, job));
  });
}
