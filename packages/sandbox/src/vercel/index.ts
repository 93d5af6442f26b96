import { randomBytes } from "node:crypto";
import { type Context, Hono } from "hono";
import { defineStandIn } from "../stand-in.js";
import {
  type EnvVar,
  seedEnv,
  seedProjects,
  THROTTLED_PROJECT,
  VERCEL_TEAM_ID,
  VERCEL_TOKEN,
  VERCEL_WEBHOOK_SECRET,
} from "./data.js";
import {
  type Deployment,
  deploymentBody,
  deploymentListItem,
  eventsAt,
  stateAt,
  TERMINAL,
} from "./deployments.js";

const TARGETS = new Set(["production", "preview", "development"]);
const ENV_TYPES = new Set(["encrypted", "sensitive", "plain"]);

/** Vercel's error body: `{ error: { code, message, ...extra } }`. */
function vercelError(
  c: Context,
  status: 400 | 403 | 404 | 409 | 429,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return c.json({ error: { code, message, ...extra } }, status);
}

/**
 * Stand-in for Vercel's REST API: projects, git deployments whose state moves with time,
 * build events, cancellation and environment variables, with Vercel's error bodies.
 */
export const vercel = defineStandIn({
  name: "vercel",
  title: "Vercel",
  credentials: { VERCEL_TOKEN },
  env: (url) => ({ VERCEL_TOKEN, VERCEL_TEAM_ID, VERCEL_API_URL: url, VERCEL_WEBHOOK_SECRET }),
  createApp: ({ recorder, faults, stepMs }) => {
    const projects = seedProjects();
    const envs = seedEnv();
    const deployments: Deployment[] = [];
    const app = new Hono();
    const findProject = (idOrName: string) =>
      projects.find((p) => p.id === idOrName || p.name === idOrName);
    const findDeployment = (idOrUrl: string) =>
      deployments.find((d) => d.id === idOrUrl || d.url === idOrUrl.replace(/^https?:\/\//, ""));

    app.use("*", recorder.middleware("vercel"));
    app.use("*", faults.middleware("vercel"));
    app.use("*", async (c, next) => {
      const auth = c.req.header("authorization");
      if (!auth)
        return vercelError(c, 403, "forbidden", "The request is missing an authentication token", {
          missingToken: true,
        });
      if (auth !== `Bearer ${VERCEL_TOKEN}`)
        return vercelError(c, 403, "forbidden", "Not authorized", { invalidToken: true });
      const team = c.req.query("teamId");
      if (team !== undefined && team !== VERCEL_TEAM_ID) {
        return vercelError(c, 403, "forbidden", "You don't have permission to access the team.");
      }
      if (
        c.req.path.includes(`/${THROTTLED_PROJECT}`) ||
        c.req.query("projectId") === THROTTLED_PROJECT
      ) {
        c.header("x-ratelimit-limit", "100");
        c.header("x-ratelimit-remaining", "0");
        c.header("x-ratelimit-reset", String(Math.ceil(Date.now() / 1000) + 30));
        return vercelError(c, 429, "rate_limited", "Rate limit exceeded", {
          limit: { remaining: 0, reset: 30, total: 100 },
        });
      }
      await next();
    });

    app.get("/v10/projects", (c) => {
      const limit = Math.min(Number(c.req.query("limit") ?? 20), 100);
      const from = Number(c.req.query("from") ?? Number.POSITIVE_INFINITY);
      const search = c.req.query("search");
      const matching = projects
        .filter(
          (p) =>
            p.name !== THROTTLED_PROJECT &&
            (!search || p.name.includes(search)) &&
            p.updatedAt < from,
        )
        .sort((a, b) => b.updatedAt - a.updatedAt);
      const page = matching.slice(0, limit);
      const more = matching.length > limit;
      return c.json({
        projects: page,
        pagination: { count: page.length, next: more ? page.at(-1)!.updatedAt : null, prev: null },
      });
    });

    app.get("/v9/projects/:idOrName", (c) => {
      const project = findProject(c.req.param("idOrName"));
      return project ? c.json(project) : vercelError(c, 404, "not_found", "Project not found");
    });

    app.post("/v13/deployments", async (c) => {
      const body = (await c.req.json().catch(() => undefined)) as
        | Record<string, unknown>
        | undefined;
      if (!body || typeof body.name !== "string") {
        return vercelError(
          c,
          400,
          "bad_request",
          "Invalid request: missing required property `name`.",
        );
      }
      const project = findProject(typeof body.project === "string" ? body.project : body.name);
      if (!project) return vercelError(c, 404, "not_found", "Project not found");
      const git = body.gitSource as
        | { type?: string; ref?: string; repoId?: number | string }
        | undefined;
      if (git?.type !== "github" || !git.ref) {
        return vercelError(
          c,
          400,
          "bad_request",
          "Invalid request: `gitSource` should have required property `ref`.",
        );
      }
      if (!project.link || String(git.repoId) !== String(project.link.repoId)) {
        return vercelError(
          c,
          400,
          "incorrect_git_source_info",
          "The provided GitHub repository can't be found.",
        );
      }
      if (git.ref.startsWith("missing")) {
        return vercelError(
          c,
          400,
          "incorrect_git_source_info",
          `The provided GitHub repository does not contain the requested branch or commit reference "${git.ref}".`,
        );
      }
      if (body.target !== undefined && body.target !== "production" && body.target !== "staging") {
        return vercelError(
          c,
          400,
          "bad_request",
          'Invalid request: `target` should be equal to one of the allowed values "staging, production".',
        );
      }
      const id = `dpl_${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;
      const deployment: Deployment = {
        id,
        name: project.name,
        projectId: project.id,
        url: `${project.name}-${id.slice(4, 13).toLowerCase()}-acme.vercel.app`,
        target: body.target === "production" ? "production" : null,
        ref: git.ref,
        repo: `${project.link.org}/${project.link.repo}`,
        createdAt: Date.now(),
        fails: git.ref.startsWith("broken"),
      };
      deployments.push(deployment);
      return c.json(deploymentBody(deployment, Date.now(), stepMs));
    });

    app.get("/v13/deployments/:idOrUrl", (c) => {
      const deployment = findDeployment(c.req.param("idOrUrl"));
      if (!deployment) return vercelError(c, 404, "not_found", "Deployment not found");
      return c.json(deploymentBody(deployment, Date.now(), stepMs));
    });

    app.get("/v6/deployments", (c) => {
      const limit = Math.min(Number(c.req.query("limit") ?? 20), 100);
      const until = Number(c.req.query("until") ?? Number.POSITIVE_INFINITY);
      const projectId = c.req.query("projectId");
      const target = c.req.query("target");
      const states = c.req.query("state")?.split(",");
      const now = Date.now();
      const matching = deployments
        .filter(
          (d) =>
            d.createdAt < until &&
            (!projectId || d.projectId === projectId) &&
            (!target ||
              (target === "production" ? d.target === "production" : d.target === null)) &&
            (!states || states.includes(stateAt(d, now, stepMs))),
        )
        .sort((a, b) => b.createdAt - a.createdAt);
      const page = matching.slice(0, limit);
      const next = matching.length > limit ? page.at(-1)!.createdAt : null;
      return c.json({
        deployments: page.map((d) => deploymentListItem(d, now, stepMs)),
        pagination: { count: page.length, next, prev: null },
      });
    });

    app.get("/v3/deployments/:idOrUrl/events", (c) => {
      const deployment = findDeployment(c.req.param("idOrUrl"));
      if (!deployment) return vercelError(c, 404, "not_found", "Deployment not found");
      const since = Number(c.req.query("since") ?? -1);
      const limit = Number(c.req.query("limit") ?? 100);
      const events = eventsAt(deployment, Date.now(), stepMs).filter((e) => e.created > since);
      return c.json(limit > 0 ? events.slice(0, limit) : events);
    });

    app.patch("/v12/deployments/:id/cancel", (c) => {
      const deployment = findDeployment(c.req.param("id"));
      if (!deployment) return vercelError(c, 404, "not_found", "Deployment not found");
      const now = Date.now();
      const state = stateAt(deployment, now, stepMs);
      if (TERMINAL.has(state) && state !== "CANCELED") {
        return vercelError(
          c,
          400,
          "bad_request",
          `Deployment ${deployment.id} cannot be canceled because it is ${state}.`,
        );
      }
      deployment.canceledAt ??= now;
      return c.json(deploymentBody(deployment, now, stepMs));
    });

    app.get("/v10/projects/:idOrName/env", (c) => {
      const project = findProject(c.req.param("idOrName"));
      if (!project) return vercelError(c, 404, "not_found", "Project not found");
      return c.json({ envs: envs.get(project.id) ?? [] });
    });

    app.post("/v10/projects/:idOrName/env", async (c) => {
      const project = findProject(c.req.param("idOrName"));
      if (!project) return vercelError(c, 404, "not_found", "Project not found");
      const body = (await c.req.json().catch(() => undefined)) as Partial<EnvVar> | undefined;
      if (!body || typeof body.key !== "string" || typeof body.value !== "string") {
        return vercelError(
          c,
          400,
          "bad_request",
          "Invalid request: missing required property `key` or `value`.",
        );
      }
      if (
        !Array.isArray(body.target) ||
        body.target.length === 0 ||
        !body.target.every((t) => TARGETS.has(t))
      ) {
        return vercelError(
          c,
          400,
          "bad_request",
          "Invalid request: `target` should be an array of production, preview, development.",
        );
      }
      if (!ENV_TYPES.has(body.type ?? ""))
        return vercelError(c, 400, "bad_request", "Invalid request: `type` is invalid.");
      const list = envs.get(project.id) ?? [];
      envs.set(project.id, list);
      const existing = list.find(
        (e) =>
          e.key === body.key &&
          e.gitBranch === body.gitBranch &&
          e.target.some((t) => body.target!.includes(t)),
      );
      const now = Date.now();
      if (existing && c.req.query("upsert") !== "true") {
        return vercelError(
          c,
          400,
          "ENV_ALREADY_EXISTS",
          `A variable with the name \`${body.key}\` already exists for the target ${existing.target.join(",")}.`,
        );
      }
      const env: EnvVar = existing ?? {
        id: `env_${randomBytes(6).toString("hex")}`,
        key: body.key,
        value: "",
        type: "encrypted",
        target: [],
        createdAt: now,
        updatedAt: now,
      };
      Object.assign(env, {
        value: body.value,
        type: body.type,
        target: body.target,
        gitBranch: body.gitBranch,
        updatedAt: now,
      });
      if (!existing) list.push(env);
      return c.json({ created: env, failed: [] }, existing ? 200 : 201);
    });

    app.notFound((c) =>
      vercelError(c, 404, "not_found", `The requested path ${c.req.path} was not found`),
    );
    return app;
  },
});
