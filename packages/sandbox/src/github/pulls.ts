import type { Hono } from "hono";
import { apiBase, type Ctx, type Env } from "./context.js";
import { sha } from "./data.js";
import { ghError, invalid, jsonBody, notFound, paginate } from "./http.js";
import { checkRunJson, pullJson } from "./json.js";
import { ACTOR, type Issue } from "./state.js";

const METHODS = new Set(["merge", "squash", "rebase"]);

/** Pull requests with mergeability, merge (method, head sha guard), and check runs by ref. */
export function pullRoutes(app: Hono<Env>, ctx: Ctx): void {
  const { state, now } = ctx;
  const pullOf = (c: { get: (k: "repo") => unknown }, n: string) =>
    state.issues.find((i) => i.repo === c.get("repo") && i.pull && String(i.number) === n);

  app.post("/repos/:owner/:repo/pulls", async (c) => {
    const repo = c.get("repo");
    const body = await jsonBody(c);
    if (!body) return ghError(c, 400, "Problems parsing JSON");
    for (const field of ["title", "head", "base"] as const) {
      if (typeof body[field] !== "string" || body[field] === "") {
        return invalid(c, { resource: "PullRequest", field, code: "missing_field" });
      }
    }
    const head = String(body.head).replace(new RegExp(`^${repo.owner}:`), "");
    const base = String(body.base);
    const headSha = repo.branches.get(head);
    if (headSha === undefined) {
      return invalid(c, { resource: "PullRequest", field: "head", code: "invalid" });
    }
    if (!repo.branches.has(base)) {
      return invalid(c, { resource: "PullRequest", field: "base", code: "invalid" });
    }
    if (head === base) {
      return invalid(c, {
        resource: "PullRequest",
        field: "base",
        code: "custom",
        message: `No commits between ${base} and ${head}`,
      });
    }
    const open = state.issues.find(
      (i) => i.repo === repo && i.state === "open" && i.pull?.head === head && i.pull.base === base,
    );
    if (open) {
      return invalid(c, {
        resource: "PullRequest",
        field: "head",
        code: "custom",
        message: `A pull request already exists for ${repo.owner}:${head}.`,
      });
    }
    const pr: Issue = {
      repo,
      number: repo.nextNumber++,
      title: String(body.title),
      body: typeof body.body === "string" ? body.body : null,
      user: ACTOR,
      association: "MEMBER",
      state: "open",
      labels: [],
      assignees: [],
      comments: 0,
      createdAt: now(),
      pull: {
        head,
        headSha,
        base,
        draft: body.draft === true,
        merged: false,
        mergedAt: null,
        mergeCommit: null,
        mergeable: !head.includes("conflict"),
      },
    };
    state.issues.push(pr);
    return c.json(pullJson(apiBase(c), pr), 201);
  });

  app.get("/repos/:owner/:repo/pulls", (c) => {
    const { state: wanted = "open", base } = c.req.query();
    if (!["open", "closed", "all"].includes(wanted)) {
      return invalid(c, { resource: "PullRequest", field: "state", code: "invalid" });
    }
    const pulls = state.issues
      .filter((i) => i.repo === c.get("repo") && i.pull)
      .filter((i) => wanted === "all" || i.state === wanted)
      .filter((i) => base === undefined || i.pull?.base === base)
      .sort((a, b) => b.number - a.number);
    const page = paginate(c, pulls);
    if (!page) return invalid(c, { resource: "PullRequest", field: "per_page", code: "invalid" });
    return c.json(page.map((p) => pullJson(apiBase(c), p)));
  });

  app.get("/repos/:owner/:repo/pulls/:number{[0-9]+}", (c) => {
    const pr = pullOf(c, c.req.param("number"));
    return pr ? c.json(pullJson(apiBase(c), pr)) : notFound(c);
  });

  app.put("/repos/:owner/:repo/pulls/:number{[0-9]+}/merge", async (c) => {
    const repo = c.get("repo");
    const pr = pullOf(c, c.req.param("number"));
    if (!pr?.pull) return notFound(c);
    const body = await jsonBody(c);
    if (!body) return ghError(c, 400, "Problems parsing JSON");
    const method = body.merge_method ?? "merge";
    if (typeof method !== "string" || !METHODS.has(method)) {
      return invalid(c, { resource: "PullRequest", field: "merge_method", code: "invalid" });
    }
    const p = pr.pull;
    if (p.merged || pr.state !== "open" || !p.mergeable || p.draft) {
      return ghError(c, 405, "Pull Request is not mergeable");
    }
    if (body.sha !== undefined && body.sha !== p.headSha) {
      return ghError(c, 409, "Head branch was modified. Review and try the merge again.");
    }
    const commit = sha(`${repo.owner}/${repo.name}#${pr.number}:${method}`);
    repo.branches.set(p.base, commit);
    p.merged = true;
    p.mergedAt = now();
    p.mergeCommit = commit;
    pr.state = "closed";
    return c.json({ sha: commit, merged: true, message: "Pull Request successfully merged" });
  });

  app.get("/repos/:owner/:repo/commits/:ref/check-runs", (c) => {
    const repo = c.get("repo");
    const ref = c.req.param("ref");
    const target = repo.branches.get(ref) ?? repo.tags.get(ref) ?? ref;
    const runs = state.checks.filter((k) => k.repo === repo && k.sha === target);
    const page = paginate(c, runs);
    if (!page) return invalid(c, { resource: "CheckRun", field: "per_page", code: "invalid" });
    return c.json({
      total_count: runs.length,
      check_runs: page.map((k) => checkRunJson(apiBase(c), k)),
    });
  });
}
