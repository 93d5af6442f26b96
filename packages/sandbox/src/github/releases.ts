import type { Hono } from "hono";
import { apiBase, type Ctx, type Env } from "./context.js";

import { ghError, invalid, jsonBody, notFound, paginate } from "./http.js";
import { releaseJson } from "./json.js";
import type { Release } from "./state.js";

/** Releases: create (tagging the target when the tag is new), list, latest, by tag, by id, delete. */
export function releaseRoutes(app: Hono<Env>, ctx: Ctx): void {
  const { state, now } = ctx;
  const ofRepo = (c: { get: (k: "repo") => unknown }) =>
    state.releases.filter((r) => r.repo === c.get("repo")).sort((a, b) => b.id - a.id);

  app.post("/repos/:owner/:repo/releases", async (c) => {
    const repo = c.get("repo");
    const body = await jsonBody(c);
    if (!body) return ghError(c, 400, "Problems parsing JSON");
    const tag = body.tag_name;
    if (typeof tag !== "string" || tag === "") {
      return invalid(c, { resource: "Release", field: "tag_name", code: "missing_field" });
    }
    if (state.releases.some((r) => r.repo === repo && r.tag === tag)) {
      return invalid(c, { resource: "Release", field: "tag_name", code: "already_exists" });
    }
    const target =
      typeof body.target_commitish === "string" ? body.target_commitish : repo.defaultBranch;
    if (!repo.tags.has(tag)) {
      const targetSha =
        repo.branches.get(target) ?? (/^[0-9a-f]{40}$/.test(target) ? target : undefined);
      if (targetSha === undefined) {
        return invalid(c, { resource: "Release", field: "target_commitish", code: "invalid" });
      }
      repo.tags.set(tag, targetSha);
    }
    const draft = body.draft === true;
    let notes = typeof body.body === "string" ? body.body : null;
    if (body.generate_release_notes === true) {
      const merged = state.issues.filter((i) => i.repo === repo && i.pull?.merged);
      const lines = merged.map((i) => `* ${i.title} by @${i.user.login} in #${i.number}`);
      notes = `${notes ? `${notes}\n\n` : ""}## What's Changed\n${lines.join("\n") || "* No changes"}\n`;
    }
    const t = now();
    const release: Release = {
      id: state.nextId(),
      repo,
      tag,
      target,
      name: typeof body.name === "string" ? body.name : tag,
      body: notes,
      draft,
      prerelease: body.prerelease === true,
      createdAt: t,
      publishedAt: draft ? null : t,
    };
    state.releases.push(release);
    return c.json(releaseJson(apiBase(c), release), 201);
  });

  app.get("/repos/:owner/:repo/releases", (c) => {
    const page = paginate(c, ofRepo(c));
    if (!page) return invalid(c, { resource: "Release", field: "per_page", code: "invalid" });
    return c.json(page.map((r) => releaseJson(apiBase(c), r)));
  });

  app.get("/repos/:owner/:repo/releases/latest", (c) => {
    const latest = ofRepo(c).find((r) => !r.draft && !r.prerelease);
    return latest ? c.json(releaseJson(apiBase(c), latest)) : notFound(c);
  });

  app.get("/repos/:owner/:repo/releases/tags/:tag", (c) => {
    const release = ofRepo(c).find((r) => r.tag === c.req.param("tag") && !r.draft);
    return release ? c.json(releaseJson(apiBase(c), release)) : notFound(c);
  });

  app.get("/repos/:owner/:repo/releases/:id{[0-9]+}", (c) => {
    const release = ofRepo(c).find((r) => String(r.id) === c.req.param("id"));
    return release ? c.json(releaseJson(apiBase(c), release)) : notFound(c);
  });

  app.delete("/repos/:owner/:repo/releases/:id{[0-9]+}", (c) => {
    const index = state.releases.findIndex(
      (r) => r.repo === c.get("repo") && String(r.id) === c.req.param("id"),
    );
    if (index < 0) return notFound(c);
    state.releases.splice(index, 1);
    return c.body(null, 204);
  });
}
