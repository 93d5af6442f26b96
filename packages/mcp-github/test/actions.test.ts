import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { acceptAll, followRun, useGitHubSandbox } from "./setup.js";

const gh = useGitHubSandbox();

type Run = {
  id: number;
  status: string;
  conclusion: string | null;
  head_branch: string;
  event: string;
};
type Job = {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  steps: Array<{ name: string; conclusion: string | null }>;
};

async function dispatch(
  session: Awaited<ReturnType<typeof gh.connect>>,
  args: Record<string, unknown>,
) {
  return structured<{ run: Run | null; ref: string }>(
    await session.call("github_workflow_dispatch", { repo: "acme/web", ...args }),
  );
}

describe("github_workflow_list", () => {
  it("lists the workflows of a repository, paginated by Link header", async () => {
    const session = await gh.connect();
    const first = structured<{ workflows: Array<{ path: string }>; next_cursor: string | null }>(
      await session.call("github_workflow_list", { repo: "acme/web", limit: 2 }),
    );
    expect(first.workflows.map((w) => w.path)).toEqual([
      ".github/workflows/deploy.yml",
      ".github/workflows/ci.yml",
    ]);
    expect(first.next_cursor).not.toBeNull();
    const second = structured<{ workflows: Array<{ path: string }>; next_cursor: string | null }>(
      await session.call("github_workflow_list", {
        repo: "acme/web",
        limit: 2,
        cursor: first.next_cursor,
      }),
    );
    expect(second.workflows.map((w) => w.path)).toEqual([".github/workflows/lint.yml"]);
    expect(second.next_cursor).toBeNull();
    const [, req] = gh.sandbox.recorder.to("github");
    expect(req?.path).toBe("/repos/acme/web/actions/workflows");
    expect(req?.query).toEqual({ per_page: "2", page: "2" });
  });

  it("refuses a cursor it did not issue", async () => {
    const session = await gh.connect();
    expectEnvelope(
      await session.call("github_workflow_list", { repo: "acme/web", cursor: "bogus" }),
      "invalid_request",
    );
    expect(gh.sent()).toEqual([]);
  });
});

describe("github_workflow_dispatch and following the run", () => {
  it("returns the run the dispatch created, which can be followed to completion", async () => {
    const session = await gh.connect();
    const out = await dispatch(session, {
      workflow: "deploy.yml",
      ref: "main",
      inputs: { environment: "staging", dry_run: true },
    });
    expect(out.run).toMatchObject({ event: "workflow_dispatch", head_branch: "main" });
    const dispatchReq = gh.sandbox.recorder.to(
      "github",
      "/repos/acme/web/actions/workflows/deploy.yml/dispatches",
    );
    expect(dispatchReq).toHaveLength(1);
    expect(dispatchReq[0]?.body).toEqual({
      ref: "main",
      inputs: { environment: "staging", dry_run: "true" },
    });
    expect(dispatchReq[0]?.status).toBe(204);
    const done = await followRun(session, out.run!.id);
    expect(done).toMatchObject({ id: out.run!.id, status: "completed", conclusion: "success" });
    const jobs = (done as unknown as { jobs: Job[] }).jobs;
    expect(jobs.map((j) => [j.name, j.conclusion])).toEqual([
      ["build", "success"],
      ["deploy", "success"],
    ]);
    expect(jobs[0]?.steps.map((s) => s.name)).toEqual([
      "Set up job",
      "Checkout",
      "Build",
      "Complete job",
    ]);
  });

  it("waits for a run that appears late, reporting progress, and answers run null past wait_seconds", async () => {
    const empty = {
      platform: "github",
      match: { method: "GET", path: "/repos/acme/web/actions/workflows/ci.yml/runs" },
      status: 200,
      headers: { "content-type": "application/json" },
      body: { total_count: 0, workflow_runs: [] },
    };
    // The list before the dispatch and the first look after it see no run yet.
    gh.sandbox.faults.add({ ...empty, times: 2 });
    const session = await gh.connect();
    const progress: string[] = [];
    const late = structured<{ run: Run | null }>(
      await session.call(
        "github_workflow_dispatch",
        { repo: "acme/web", workflow: "ci.yml", ref: "main", wait_seconds: 10 },
        { onprogress: (p) => progress.push(p.message ?? "") },
      ),
    );
    expect(late.run?.event).toBe("workflow_dispatch");
    expect(progress).toEqual(["Waiting for the run of ci.yml to appear"]);
    gh.sandbox.faults.add({ ...empty, times: 2 });
    const gone = structured<{ run: Run | null }>(
      await session.call("github_workflow_dispatch", {
        repo: "acme/web",
        workflow: "ci.yml",
        ref: "feature/login",
        wait_seconds: 0,
      }),
    );
    expect(gone.run).toBeNull();
  });

  it("uses the default branch when no ref is given", async () => {
    const session = await gh.connect();
    const out = await dispatch(session, { workflow: "ci.yml" });
    expect(out.ref).toBe("main");
    expect(gh.sent()).toContain("GET /repos/acme/web");
  });

  it("answers GitHub's 422 for a missing required input and a workflow without workflow_dispatch", async () => {
    const session = await gh.connect();
    const missing = expectEnvelope(
      await session.call("github_workflow_dispatch", {
        repo: "acme/web",
        workflow: "deploy.yml",
        ref: "main",
      }),
      "invalid_request",
    );
    expect(missing.message).toContain("Required input 'environment' not provided");
    const lint = expectEnvelope(
      await session.call("github_workflow_dispatch", {
        repo: "acme/web",
        workflow: "lint.yml",
        ref: "main",
      }),
      "invalid_request",
    );
    expect(lint.message).toContain("workflow_dispatch");
    expect(lint.details).toMatchObject({ status: 422 });
  });

  it("a retried dispatch (same idempotency_key) dispatches once", async () => {
    const session = await gh.connect();
    const args = {
      repo: "acme/web",
      workflow: "ci.yml",
      ref: "main",
      idempotency_key: "dispatch-1",
    };
    const first = structured<{ run: Run }>(await session.call("github_workflow_dispatch", args));
    const again = await session.call("github_workflow_dispatch", args);
    expect(structured<{ run: Run }>(again).run.id).toBe(first.run.id);
    expect(again._meta?.["agent-mesh/idempotent-replay"]).toBe(true);
    expect(gh.sandbox.recorder.to("github", /\/dispatches$/)).toHaveLength(1);
  });
});

describe("github_run_list and github_run_get", () => {
  it("filters runs by workflow, branch, event and status", async () => {
    const session = await gh.connect();
    const out = await dispatch(session, { workflow: "ci.yml", ref: "feature/login" });
    gh.sandbox.recorder.clear();
    const list = structured<{ runs: Run[]; total_count: number }>(
      await session.call("github_run_list", {
        repo: "acme/web",
        workflow: "ci.yml",
        branch: "feature/login",
        event: "workflow_dispatch",
      }),
    );
    expect(list.runs[0]?.id).toBe(out.run!.id);
    for (const run of list.runs) {
      expect(run).toMatchObject({ head_branch: "feature/login", event: "workflow_dispatch" });
    }
    const [req] = gh.sandbox.recorder.to("github");
    expect(req?.path).toBe("/repos/acme/web/actions/workflows/ci.yml/runs");
    expect(req?.query).toMatchObject({ branch: "feature/login", event: "workflow_dispatch" });
    await followRun(session, out.run!.id);
    const done = structured<{ runs: Run[] }>(
      await session.call("github_run_list", {
        repo: "acme/web",
        status: "success",
        branch: "feature/login",
      }),
    );
    expect(done.runs.map((r) => r.id)).toContain(out.run!.id);
  });

  it("answers not_found for a run of another repository", async () => {
    const session = await gh.connect();
    const out = await dispatch(session, { workflow: "ci.yml", ref: "main" });
    expectEnvelope(
      await session.call("github_run_get", { repo: "acme/api", run_id: out.run!.id }),
      "not_found",
    );
  });
});

describe("github_run_logs_get", () => {
  it("follows GitHub's redirect to the log and returns the tail or pages, marked untrusted", async () => {
    const session = await gh.connect();
    const out = await dispatch(session, { workflow: "ci.yml", ref: "main" });
    const run = (await followRun(session, out.run!.id)) as unknown as { jobs: Job[] };
    const jobId = run.jobs[0]!.id;
    gh.sandbox.recorder.clear();
    const tail = structured<{
      lines: { notice: string; data: string[] };
      total_lines: number;
      next_cursor: string | null;
    }>(await session.call("github_run_logs_get", { repo: "acme/web", job_id: jobId, tail: 3 }));
    expect(tail.lines.notice).toMatch(/Untrusted/);
    expect(tail.lines.data).toHaveLength(3);
    expect(tail.lines.data.at(-1)).toContain(`Job test of run ${out.run!.id}`);
    expect(tail.next_cursor).toBeNull();
    const requests = gh.sandbox.recorder.to("github");
    expect(requests.map((r) => [r.path, r.status])).toEqual([
      [`/repos/acme/web/actions/jobs/${jobId}/logs`, 302],
      [`/_sandbox/logs/${jobId}`, 200],
    ]);
    const page = structured<{
      lines: { data: string[] };
      next_cursor: string | null;
      first_line: number;
    }>(await session.call("github_run_logs_get", { repo: "acme/web", job_id: jobId, limit: 10 }));
    expect(page.lines.data).toHaveLength(10);
    const next = structured<{ first_line: number; total_lines: number }>(
      await session.call("github_run_logs_get", {
        repo: "acme/web",
        job_id: jobId,
        limit: 10,
        cursor: page.next_cursor,
      }),
    );
    expect(next.first_line).toBe(11);
    expect(next.total_lines).toBe(tail.total_lines);
  });

  it("answers not_found for a job of a repository the id does not belong to", async () => {
    const session = await gh.connect();
    expectEnvelope(
      await session.call("github_run_logs_get", { repo: "acme/web", job_id: 999_999_91 }),
      "not_found",
    );
  });
});

describe("github_run_cancel", () => {
  it("asks first, sends nothing before the yes, then cancels the running run", async () => {
    const session = await gh.connect();
    const out = await dispatch(session, {
      workflow: "deploy.yml",
      ref: "main",
      inputs: { environment: "prod" },
    });
    gh.sandbox.recorder.clear();
    const refused = expectEnvelope(
      await session.call("github_run_cancel", { repo: "acme/web", run_id: out.run!.id }),
      "confirmation_required",
    );
    expect(refused.message).toContain(`Cancel workflow run ${out.run!.id} of acme/web`);
    expect(gh.sent()).toEqual([]);
    const token = (refused.details as { confirm_token: string }).confirm_token;
    const done = structured<{ cancel_requested: boolean }>(
      await session.call("github_run_cancel", {
        repo: "acme/web",
        run_id: out.run!.id,
        confirm_token: token,
      }),
    );
    expect(done.cancel_requested).toBe(true);
    expect(gh.sent()).toEqual([`POST /repos/acme/web/actions/runs/${out.run!.id}/cancel`]);
    expect(await followRun(session, out.run!.id)).toMatchObject({ conclusion: "cancelled" });
  });

  it("answers conflict for a completed run (GitHub's 409)", async () => {
    const session = await gh.connect({}, { onElicit: acceptAll });
    const out = await dispatch(session, { workflow: "ci.yml", ref: "main" });
    await followRun(session, out.run!.id);
    expectEnvelope(
      await session.call("github_run_cancel", { repo: "acme/web", run_id: out.run!.id }),
      "conflict",
    );
  });
});

describe("github_run_rerun", () => {
  it("re-runs the failed jobs of a failed run, which then succeeds", async () => {
    const session = await gh.connect();
    const out = await dispatch(session, {
      workflow: "deploy.yml",
      ref: "main",
      inputs: { environment: "broken" },
    });
    expect(await followRun(session, out.run!.id)).toMatchObject({ conclusion: "failure" });
    gh.sandbox.recorder.clear();
    const rerun = structured<{ run_attempt: number; status: string }>(
      await session.call("github_run_rerun", { repo: "acme/web", run_id: out.run!.id }),
    );
    expect(rerun.run_attempt).toBe(2);
    expect(gh.sent()[0]).toBe(`POST /repos/acme/web/actions/runs/${out.run!.id}/rerun-failed-jobs`);
    expect(await followRun(session, out.run!.id)).toMatchObject({ conclusion: "success" });
    const all = await session.call("github_run_rerun", {
      repo: "acme/web",
      run_id: out.run!.id,
      failed_only: false,
    });
    expect(structured<{ run_attempt: number }>(all).run_attempt).toBe(3);
    expect(gh.sent()).toContain(`POST /repos/acme/web/actions/runs/${out.run!.id}/rerun`);
  });

  it("refuses to re-run a run that is still going (GitHub's 403)", async () => {
    const session = await gh.connect();
    const out = await dispatch(session, {
      workflow: "deploy.yml",
      ref: "main",
      inputs: { environment: "x" },
    });
    expectEnvelope(
      await session.call("github_run_rerun", {
        repo: "acme/web",
        run_id: out.run!.id,
        failed_only: false,
      }),
      "permission_denied",
    );
  });
});
