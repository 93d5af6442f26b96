import type { Repo } from "./data.js";
import { isoAt } from "./http.js";
import { type JobState, type Run, runStatus } from "./runs.js";
import type { CheckRun, Comment, Issue, Release, User } from "./state.js";

const WEB = "https://github.com";
const EPOCH = Date.parse("2026-01-01T00:00:00Z");

export const fullName = (repo: Repo) => `${repo.owner}/${repo.name}`;

export function userJson(api: string, user: User) {
  return {
    login: user.login,
    id: user.id,
    node_id: `U_${user.id}`,
    type: user.type,
    site_admin: false,
    url: `${api}/users/${user.login}`,
    html_url: `${WEB}/${user.login}`,
  };
}

export function repoJson(api: string, repo: Repo) {
  const full = fullName(repo);
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: full,
    private: repo.private,
    owner: { login: repo.owner, id: repo.id * 7, type: "Organization" },
    html_url: `${WEB}/${full}`,
    description: `The ${repo.name} repository`,
    fork: false,
    url: `${api}/repos/${full}`,
    default_branch: repo.defaultBranch,
    visibility: repo.private ? "private" : "public",
    archived: false,
    disabled: false,
    permissions: repo.permissions,
    created_at: isoAt(EPOCH),
    updated_at: isoAt(EPOCH),
    pushed_at: isoAt(EPOCH),
  };
}

export function workflowJson(api: string, repo: Repo, w: Repo["workflows"][number]) {
  const full = fullName(repo);
  return {
    id: w.id,
    node_id: `W_${w.id}`,
    name: w.name,
    path: w.path,
    state: "active",
    created_at: isoAt(EPOCH),
    updated_at: isoAt(EPOCH),
    url: `${api}/repos/${full}/actions/workflows/${w.id}`,
    html_url: `${WEB}/${full}/blob/main/${w.path}`,
    badge_url: `${WEB}/${full}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
  };
}

export function runJson(api: string, run: Run, now: number, stepMs: number) {
  const full = fullName(run.repo);
  const url = `${api}/repos/${full}/actions/runs/${run.id}`;
  const { status, conclusion } = runStatus(run, now, stepMs);
  return {
    id: run.id,
    name: run.workflow.name,
    node_id: `WFR_${run.id}`,
    head_branch: run.branch,
    head_sha: run.sha,
    path: run.workflow.path,
    display_title: run.workflow.name,
    run_number: run.runNumber,
    event: run.event,
    status,
    conclusion,
    workflow_id: run.workflow.id,
    check_suite_id: run.id + 1,
    url,
    html_url: `${WEB}/${full}/actions/runs/${run.id}`,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${api}/repos/${full}/actions/workflows/${run.workflow.id}`,
    run_attempt: run.attempt,
    run_started_at: isoAt(run.startedAt),
    created_at: isoAt(run.createdAt),
    updated_at: isoAt(Math.min(now, run.cancelledAt ?? now)),
    actor: userJson(api, { login: "sandbox-bot", id: 9001, type: "User" }),
    triggering_actor: userJson(api, { login: "sandbox-bot", id: 9001, type: "User" }),
    repository: { id: run.repo.id, name: run.repo.name, full_name: full },
    head_repository: { id: run.repo.id, name: run.repo.name, full_name: full },
    pull_requests: [],
  };
}

export function jobJson(api: string, run: Run, job: JobState) {
  const full = fullName(run.repo);
  return {
    id: job.id,
    run_id: run.id,
    run_attempt: run.attempt,
    node_id: `CR_${job.id}`,
    head_sha: run.sha,
    head_branch: run.branch,
    workflow_name: run.workflow.name,
    url: `${api}/repos/${full}/actions/jobs/${job.id}`,
    html_url: `${WEB}/${full}/actions/runs/${run.id}/job/${job.id}`,
    run_url: `${api}/repos/${full}/actions/runs/${run.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: isoAt(run.startedAt),
    started_at: job.started_at,
    completed_at: job.completed_at,
    name: job.name,
    steps: job.steps,
    check_run_url: `${api}/repos/${full}/check-runs/${job.id}`,
    labels: ["ubuntu-latest"],
    runner_id: null,
    runner_name: null,
    runner_group_id: null,
    runner_group_name: null,
  };
}

export function releaseJson(api: string, r: Release) {
  const full = fullName(r.repo);
  const url = `${api}/repos/${full}/releases/${r.id}`;
  return {
    id: r.id,
    node_id: `RE_${r.id}`,
    url,
    html_url: `${WEB}/${full}/releases/tag/${encodeURIComponent(r.tag)}`,
    assets_url: `${url}/assets`,
    upload_url: `https://uploads.github.com/repos/${full}/releases/${r.id}/assets{?name,label}`,
    tarball_url: `${api}/repos/${full}/tarball/${r.tag}`,
    zipball_url: `${api}/repos/${full}/zipball/${r.tag}`,
    tag_name: r.tag,
    target_commitish: r.target,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    immutable: false,
    created_at: isoAt(r.createdAt),
    published_at: r.publishedAt === null ? null : isoAt(r.publishedAt),
    author: userJson(api, { login: "sandbox-bot", id: 9001, type: "User" }),
    assets: [],
  };
}

export function issueJson(api: string, i: Issue) {
  const full = fullName(i.repo);
  const url = `${api}/repos/${full}/issues/${i.number}`;
  return {
    id: i.repo.id * 100_000 + i.number,
    node_id: `I_${i.repo.id}_${i.number}`,
    url,
    repository_url: `${api}/repos/${full}`,
    comments_url: `${url}/comments`,
    html_url: `${WEB}/${full}/${i.pull ? "pull" : "issues"}/${i.number}`,
    number: i.number,
    state: i.state,
    title: i.title,
    body: i.body,
    user: userJson(api, i.user),
    labels: i.labels.map((name, n) => ({ id: n + 1, name, color: "ededed", default: false })),
    assignees: i.assignees.map((login) => userJson(api, { login, id: 1, type: "User" })),
    locked: false,
    comments: i.comments,
    created_at: isoAt(i.createdAt),
    updated_at: isoAt(i.createdAt),
    closed_at: null,
    author_association: i.association,
    ...(i.pull
      ? { pull_request: { url: `${api}/repos/${full}/pulls/${i.number}`, merged_at: null } }
      : {}),
  };
}

export function pullJson(api: string, i: Issue) {
  const p = i.pull!;
  const full = fullName(i.repo);
  const branch = (ref: string, sha: string) => ({
    label: `${i.repo.owner}:${ref}`,
    ref,
    sha,
    user: { login: i.repo.owner },
    repo: { id: i.repo.id, name: i.repo.name, full_name: full },
  });
  return {
    id: i.repo.id * 100_000 + i.number,
    node_id: `PR_${i.repo.id}_${i.number}`,
    url: `${api}/repos/${full}/pulls/${i.number}`,
    html_url: `${WEB}/${full}/pull/${i.number}`,
    number: i.number,
    state: i.state,
    locked: false,
    title: i.title,
    body: i.body,
    user: userJson(api, i.user),
    labels: [],
    draft: p.draft,
    head: branch(p.head, p.headSha),
    base: branch(p.base, i.repo.branches.get(p.base) ?? ""),
    author_association: i.association,
    created_at: isoAt(i.createdAt),
    updated_at: isoAt(i.createdAt),
    closed_at: p.mergedAt === null ? null : isoAt(p.mergedAt),
    merged_at: p.mergedAt === null ? null : isoAt(p.mergedAt),
    merge_commit_sha: p.mergeCommit,
    merged: p.merged,
    mergeable: p.merged ? null : p.mergeable,
    mergeable_state: p.merged ? "unknown" : p.mergeable ? (p.draft ? "draft" : "clean") : "dirty",
    comments: i.comments,
  };
}

export function commentJson(api: string, c: Comment) {
  const full = fullName(c.issue.repo);
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${api}/repos/${full}/issues/comments/${c.id}`,
    html_url: `${WEB}/${full}/issues/${c.issue.number}#issuecomment-${c.id}`,
    issue_url: `${api}/repos/${full}/issues/${c.issue.number}`,
    body: c.body,
    user: userJson(api, c.user),
    created_at: isoAt(c.createdAt),
    updated_at: isoAt(c.createdAt),
    author_association: "MEMBER",
  };
}

export function checkRunJson(api: string, c: CheckRun) {
  const full = fullName(c.repo);
  return {
    id: c.id,
    node_id: `CR_${c.id}`,
    head_sha: c.sha,
    name: c.name,
    status: c.status,
    conclusion: c.conclusion,
    url: `${api}/repos/${full}/check-runs/${c.id}`,
    html_url: `${WEB}/${full}/runs/${c.id}`,
    started_at: isoAt(EPOCH),
    completed_at: c.status === "completed" ? isoAt(EPOCH) : null,
    output: { title: null, summary: null, text: null, annotations_count: 0 },
    app: { id: 15368, slug: "github-actions", name: "GitHub Actions" },
  };
}
