import type { Context, Hono } from "hono";
import { apiBase, type Ctx, type Env } from "./context.js";
import { type Repo, sha } from "./data.js";
import { ghError, invalid, jsonBody, notFound } from "./http.js";
import { fullName, repoJson } from "./json.js";

const MAX_INLINE = 1024 * 1024;

/** GitHub's base64 with a line break every 60 characters. */
const base64Lines = (text: string) =>
  (
    Buffer.from(text, "utf8")
      .toString("base64")
      .match(/.{1,60}/g) ?? []
  ).join("\n");

function contentJson(api: string, repo: Repo, path: string, text: string, ref: string) {
  const full = fullName(repo);
  const url = `${api}/repos/${full}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const size = Buffer.byteLength(text);
  const fileSha = sha(`blob ${size}\0${text}`);
  return {
    type: "file",
    encoding: size > MAX_INLINE ? "none" : "base64",
    size,
    name: path.split("/").at(-1),
    path,
    content: size > MAX_INLINE ? "" : base64Lines(text),
    sha: fileSha,
    url,
    git_url: `${api}/repos/${full}/git/blobs/${fileSha}`,
    html_url: `https://github.com/${full}/blob/${ref}/${path}`,
    download_url: `https://raw.githubusercontent.com/${full}/${ref}/${path}`,
    _links: { self: url, git: `${api}/repos/${full}/git/blobs/${fileSha}`, html: "" },
  };
}

/** Repositories, their contents at a ref, and webhooks. */
export function repoRoutes(app: Hono<Env>, ctx: Ctx): void {
  const { state } = ctx;

  app.get("/repos/:owner/:repo", (c) => c.json(repoJson(apiBase(c), c.get("repo"))));

  const contents = (c: Context<Env>) => {
    const repo = c.get("repo");
    const ref = c.req.query("ref") ?? repo.defaultBranch;
    if (!repo.branches.has(ref) && !repo.tags.has(ref) && !/^[0-9a-f]{40}$/.test(ref)) {
      return notFound(c);
    }
    const path = (c.req.param("path") ?? "").replace(/^\/+|\/+$/g, "");
    const text = repo.files.get(path);
    if (text !== undefined) return c.json(contentJson(apiBase(c), repo, path, text, ref));
    const prefix = path === "" ? "" : `${path}/`;
    const children = new Map<string, { type: string; size: number }>();
    for (const [file, body] of repo.files) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const [name = "", ...deeper] = rest.split("/");
      children.set(
        name,
        deeper.length > 0
          ? { type: "dir", size: 0 }
          : { type: "file", size: Buffer.byteLength(body) },
      );
    }
    if (children.size === 0) return notFound(c);
    return c.json(
      [...children].map(([name, e]) => ({
        type: e.type,
        size: e.size,
        name,
        path: `${prefix}${name}`,
        sha: sha(`${prefix}${name}`),
        url: `${apiBase(c)}/repos/${fullName(repo)}/contents/${prefix}${name}`,
      })),
    );
  };
  app.get("/repos/:owner/:repo/contents", contents);
  app.get("/repos/:owner/:repo/contents/:path{.+}", contents);

  app.post("/repos/:owner/:repo/hooks", async (c) => {
    const repo = c.get("repo");
    if (!repo.permissions.admin) return ghError(c, 404, "Not Found");
    const body = await jsonBody(c);
    if (!body) return ghError(c, 400, "Problems parsing JSON");
    const config = (body.config ?? {}) as { url?: unknown; secret?: unknown };
    if (typeof config.url !== "string" || !/^https?:\/\//.test(config.url)) {
      return invalid(c, {
        resource: "Hook",
        field: "url",
        code: "custom",
        message: "url is not a valid URL",
      });
    }
    const events = Array.isArray(body.events) ? body.events.map(String) : ["push"];
    const hook = {
      id: state.nextId(),
      repo,
      url: config.url,
      secret: typeof config.secret === "string" ? config.secret : undefined,
      events,
      active: body.active !== false,
    };
    state.hooks.push(hook);
    return c.json(
      {
        type: "Repository",
        id: hook.id,
        name: "web",
        active: hook.active,
        events,
        config: {
          url: hook.url,
          content_type: "json",
          insecure_ssl: "0",
          ...(hook.secret ? { secret: "********" } : {}),
        },
        url: `${apiBase(c)}/repos/${fullName(repo)}/hooks/${hook.id}`,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      },
      201,
    );
  });
}
