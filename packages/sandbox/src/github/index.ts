import { randomBytes } from "node:crypto";
import { type Context, Hono, type Next } from "hono";
import { defineStandIn } from "../stand-in.js";
import { actionsRoutes } from "./actions.js";
import { verifyAppJwt } from "./app-auth.js";
import type { Ctx, Env } from "./context.js";
import {
  GITHUB_APP_INSTALLATION_ID,
  GITHUB_REPOS,
  GITHUB_TOKEN,
  GITHUB_WEBHOOK_SECRET,
  seedRepos,
  THROTTLED_REPO,
} from "./data.js";
import { ghError, notFound } from "./http.js";
import { issueRoutes } from "./issues.js";
import { fullName } from "./json.js";
import { pullRoutes } from "./pulls.js";
import { releaseRoutes } from "./releases.js";
import { repoRoutes } from "./repos.js";
import { securityRoutes } from "./security.js";
import { seed } from "./seed.js";
import { createState } from "./state.js";

const LIMIT = 5000;
const WRITE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Stand-in for GitHub's REST API (the endpoints mcp-github uses): token and GitHub App auth,
 * `x-ratelimit-*` headers and GitHub's 401/403/404/422 bodies, `Link` pagination, workflow runs
 * that move queued -> in_progress -> completed with jobs, steps and logs served by redirect,
 * releases, pull requests with mergeability and checks, issues and comments, contents,
 * repository webhooks delivered with X-Hub-Signature-256, and seeded code scanning, Dependabot
 * and secret scanning alerts.
 */
export const github = defineStandIn({
  name: "github",
  title: "GitHub",
  credentials: { GITHUB_TOKEN },
  env: (url) => ({ GITHUB_TOKEN, GITHUB_API_URL: url, GITHUB_REPOS, GITHUB_WEBHOOK_SECRET }),
  createApp: ({ recorder, faults, stepMs, onClose }) => {
    const state = createState(seedRepos());
    seed(state);
    const timers = new Set<NodeJS.Timeout>();
    onClose(async () => {
      for (const timer of timers) clearTimeout(timer);
    });
    const ctx: Ctx = {
      state,
      stepMs,
      now: Date.now,
      later: (ms, fn) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          fn();
        }, ms);
        timer.unref();
        timers.add(timer);
      },
    };
    const window = { reset: Math.ceil(Date.now() / 1000) + 3600, used: 0 };
    const outer = new Hono();
    const app = new Hono<Env>();
    outer.use("*", recorder.middleware("github"));
    outer.use("*", faults.middleware("github"));

    // Log storage (the target of the logs redirect) is signed by URL, not by token.
    app.use("*", async (c, next) => {
      if (c.req.path.startsWith("/_sandbox/logs/")) return next();
      const auth = c.req.header("authorization") ?? "";
      const [scheme = "", credential = ""] = auth.split(" ");
      if (/^bearer$/i.test(scheme) && credential.split(".").length === 3) {
        // A GitHub App's JWT: only the App endpoints accept it.
        const problem = verifyAppJwt(credential);
        if (problem) return ghError(c, 401, problem);
        if (!c.req.path.startsWith("/app/")) {
          return ghError(c, 403, "Resource not accessible by integration");
        }
        return next();
      }
      if (auth === "") return ghError(c, 401, "Requires authentication");
      if (
        !/^(token|bearer)$/i.test(scheme) ||
        (credential !== GITHUB_TOKEN && !state.installationTokens.has(credential))
      ) {
        return ghError(c, 401, "Bad credentials");
      }
      // GitHub's primary limit: 5,000 requests an hour, the window starting anew at its reset.
      if (Date.now() / 1000 >= window.reset) {
        window.reset = Math.ceil(Date.now() / 1000) + 3600;
        window.used = 0;
      }
      window.used += 1;
      c.header("x-ratelimit-limit", String(LIMIT));
      c.header("x-ratelimit-remaining", String(Math.max(0, LIMIT - window.used)));
      c.header("x-ratelimit-reset", String(window.reset));
      c.header("x-ratelimit-used", String(window.used));
      c.header("x-ratelimit-resource", "core");
      if (window.used > LIMIT) {
        return ghError(c, 403, "API rate limit exceeded for user ID 9001.");
      }
      return next();
    });

    app.post("/app/installations/:id/access_tokens", (c) => {
      if (c.req.param("id") !== String(GITHUB_APP_INSTALLATION_ID)) return notFound(c);
      const token = `ghs_${randomBytes(18).toString("hex")}`;
      state.installationTokens.add(token);
      return c.json(
        {
          token,
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
          permissions: {
            actions: "write",
            contents: "write",
            issues: "write",
            pull_requests: "write",
            security_events: "write",
            vulnerability_alerts: "write",
            secret_scanning_alerts: "read",
          },
          repository_selection: "all",
        },
        201,
      );
    });

    // The repository a /repos path names: 404 for what the token cannot see, and 403 for writes
    // without push access.
    const resolveRepo = async (c: Context<Env>, next: Next) => {
      const full = `${c.req.param("owner")}/${c.req.param("repo")}`.toLowerCase();
      const repo = state.repos.find((r) => fullName(r).toLowerCase() === full);
      if (!repo?.visible) return notFound(c);
      if (fullName(repo) === THROTTLED_REPO) {
        c.header("retry-after", "60");
        return ghError(
          c,
          403,
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        );
      }
      if (WRITE.has(c.req.method) && !repo.permissions.push) {
        return ghError(c, 403, "Resource not accessible by personal access token");
      }
      c.set("repo", repo);
      return next();
    };
    app.use("/repos/:owner/:repo", resolveRepo);
    app.use("/repos/:owner/:repo/*", resolveRepo);

    repoRoutes(app, ctx);
    actionsRoutes(app, ctx);
    releaseRoutes(app, ctx);
    pullRoutes(app, ctx);
    issueRoutes(app, ctx);
    securityRoutes(app, ctx);
    app.notFound((c) => notFound(c));
    outer.route("/", app);
    // GitHub Enterprise Server serves the same API under /api/v3.
    outer.route("/api/v3", app);
    outer.notFound((c) => notFound(c));
    return outer;
  },
});
