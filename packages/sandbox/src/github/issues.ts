import type { Hono } from "hono";
import { apiBase, type Ctx, type Env } from "./context.js";
import { ghError, invalid, jsonBody, notFound, paginate } from "./http.js";
import { commentJson, issueJson } from "./json.js";
import { ACTOR, type Issue } from "./state.js";

const strings = (value: unknown) =>
  Array.isArray(value) && value.every((v) => typeof v === "string")
    ? (value as string[])
    : undefined;

/** Issues (whose list includes pull requests, as GitHub's does) and their comments. */
export function issueRoutes(app: Hono<Env>, ctx: Ctx): void {
  const { state, now } = ctx;

  app.post("/repos/:owner/:repo/issues", async (c) => {
    const repo = c.get("repo");
    const body = await jsonBody(c);
    if (!body) return ghError(c, 400, "Problems parsing JSON");
    if (typeof body.title !== "string" || body.title === "") {
      return invalid(c, { resource: "Issue", field: "title", code: "missing_field" });
    }
    const labels = body.labels === undefined ? [] : strings(body.labels);
    const assignees = body.assignees === undefined ? [] : strings(body.assignees);
    if (!labels) return invalid(c, { resource: "Issue", field: "labels", code: "invalid" });
    if (!assignees) return invalid(c, { resource: "Issue", field: "assignees", code: "invalid" });
    const issue: Issue = {
      repo,
      number: repo.nextNumber++,
      title: body.title,
      body: typeof body.body === "string" ? body.body : null,
      user: ACTOR,
      association: "MEMBER",
      state: "open",
      labels,
      assignees,
      comments: 0,
      createdAt: now(),
    };
    state.issues.push(issue);
    return c.json(issueJson(apiBase(c), issue), 201);
  });

  app.get("/repos/:owner/:repo/issues", (c) => {
    const { state: wanted = "open", labels } = c.req.query();
    if (!["open", "closed", "all"].includes(wanted)) {
      return invalid(c, { resource: "Issue", field: "state", code: "invalid" });
    }
    const need = labels ? labels.split(",").filter(Boolean) : [];
    const issues = state.issues
      .filter((i) => i.repo === c.get("repo"))
      .filter((i) => wanted === "all" || i.state === wanted)
      .filter((i) => need.every((l) => i.labels.includes(l)))
      .sort((a, b) => b.number - a.number);
    const page = paginate(c, issues);
    if (!page) return invalid(c, { resource: "Issue", field: "per_page", code: "invalid" });
    return c.json(page.map((i) => issueJson(apiBase(c), i)));
  });

  app.get("/repos/:owner/:repo/issues/:number{[0-9]+}", (c) => {
    const issue = state.issues.find(
      (i) => i.repo === c.get("repo") && String(i.number) === c.req.param("number"),
    );
    return issue ? c.json(issueJson(apiBase(c), issue)) : notFound(c);
  });

  app.post("/repos/:owner/:repo/issues/:number{[0-9]+}/comments", async (c) => {
    const issue = state.issues.find(
      (i) => i.repo === c.get("repo") && String(i.number) === c.req.param("number"),
    );
    if (!issue) return notFound(c);
    const body = await jsonBody(c);
    if (!body) return ghError(c, 400, "Problems parsing JSON");
    if (typeof body.body !== "string" || body.body === "") {
      return invalid(c, { resource: "IssueComment", field: "body", code: "missing_field" });
    }
    const comment = { id: state.nextId(), issue, body: body.body, user: ACTOR, createdAt: now() };
    state.comments.push(comment);
    issue.comments += 1;
    return c.json(commentJson(apiBase(c), comment), 201);
  });
}
