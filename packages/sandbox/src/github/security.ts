import type { Context, Hono } from "hono";
import { apiBase, type Ctx, type Env } from "./context.js";
import { ghError, invalid, jsonBody, notFound, paginate } from "./http.js";
import { codeAlertJson, dependabotAlertJson, secretAlertJson } from "./security-json.js";
import { type CodeScanningAlert, type DependabotAlert, seedSecurity } from "./security-seed.js";
import { ACTOR } from "./state.js";

const CODE_STATES = new Set(["open", "closed", "dismissed", "fixed"]);
const CODE_SEVERITIES = new Set(["critical", "high", "medium", "low", "warning", "note", "error"]);
const CODE_REASONS = new Set(["false positive", "won't fix", "used in tests"]);
const DEP_STATES = new Set(["auto_dismissed", "dismissed", "fixed", "open"]);
const DEP_SEVERITIES = new Set(["low", "medium", "high", "critical"]);
const DEP_REASONS = new Set([
  "fix_started",
  "inaccurate",
  "no_bandwidth",
  "not_used",
  "tolerable_risk",
]);

/** A comma-separated filter, or undefined (all) when absent; false when a value is unknown. */
function commaList(value: string | undefined, allowed: Set<string>): string[] | undefined | false {
  if (value === undefined || value === "") return undefined;
  const values = value.split(",").map((v) => v.trim());
  return values.every((v) => allowed.has(v)) ? values : false;
}

/**
 * Code scanning, Dependabot and secret scanning alerts: list with GitHub's filters (Dependabot's
 * list pages by `after` cursor, the others by page), get, and dismiss/reopen by PATCH with the
 * documented reasons; 403/404 when the repository has the feature off, as GitHub answers.
 */
export function securityRoutes(app: Hono<Env>, ctx: Ctx): void {
  const sec = seedSecurity(ctx.state.repos);
  const features = (c: Context<Env>) => sec.features.get(c.get("repo"));
  const codeOff = (c: Context<Env>) =>
    ghError(c, 403, "Code scanning is not enabled for this repository.");
  const depOff = (c: Context<Env>) =>
    ghError(c, 403, "Dependabot alerts are disabled for this repository.");

  app.get("/repos/:owner/:repo/code-scanning/alerts", (c) => {
    if (!features(c)?.codeScanning) return codeOff(c);
    const state = c.req.query("state");
    const severity = c.req.query("severity");
    if (state !== undefined && !CODE_STATES.has(state)) {
      return invalid(c, { resource: "CodeScanningAlert", field: "state", code: "invalid" });
    }
    if (severity !== undefined && !CODE_SEVERITIES.has(severity)) {
      return invalid(c, { resource: "CodeScanningAlert", field: "severity", code: "invalid" });
    }
    const alerts = sec.code
      .filter((a) => a.repo === c.get("repo"))
      .filter((a) =>
        state === undefined ? true : state === "closed" ? a.state !== "open" : a.state === state,
      )
      .filter(
        (a) =>
          severity === undefined ||
          a.rule.security_severity_level === severity ||
          a.rule.severity === severity,
      )
      .sort((a, b) => b.number - a.number);
    const page = paginate(c, alerts);
    if (!page) return invalid(c, { resource: "CodeScanningAlert", field: "page", code: "invalid" });
    return c.json(page.map((a) => codeAlertJson(apiBase(c), a)));
  });

  const codeAlert = (c: Context<Env>) =>
    sec.code.find((a) => a.repo === c.get("repo") && String(a.number) === c.req.param("number"));

  const depAlert = (c: Context<Env>) =>
    sec.dependabot.find(
      (a) => a.repo === c.get("repo") && String(a.number) === c.req.param("number"),
    );

  /**
   * Dismiss or reopen by PATCH, as GitHub does for both kinds: the documented reasons, a comment
   * of at most 280 characters, and a fixed alert refused (400 for code scanning, 409 for
   * Dependabot, as GitHub answers).
   */
  const dismissRoute = (kind: "code" | "dependabot") => {
    const spec =
      kind === "code"
        ? {
            enabled: (c: Context<Env>) => features(c)?.codeScanning,
            off: codeOff,
            find: codeAlert,
            resource: "CodeScanningAlert",
            reasons: CODE_REASONS,
            fixed: (c: Context<Env>) =>
              ghError(c, 400, "Alert is fixed and cannot be dismissed or reopened."),
            json: (c: Context<Env>, a: CodeScanningAlert | DependabotAlert) =>
              codeAlertJson(apiBase(c), a as CodeScanningAlert),
          }
        : {
            enabled: (c: Context<Env>) => features(c)?.dependabot,
            off: depOff,
            find: depAlert,
            resource: "DependabotAlert",
            reasons: DEP_REASONS,
            fixed: (c: Context<Env>) =>
              ghError(c, 409, "The alert is fixed and cannot be changed."),
            json: (c: Context<Env>, a: CodeScanningAlert | DependabotAlert) =>
              dependabotAlertJson(apiBase(c), a as DependabotAlert),
          };
    return async (c: Context<Env>) => {
      if (!spec.enabled(c)) return spec.off(c);
      const alert: CodeScanningAlert | DependabotAlert | undefined = spec.find(c);
      if (!alert) return notFound(c);
      const body = await jsonBody(c);
      if (!body) return ghError(c, 400, "Problems parsing JSON");
      const field = (name: string) => ({
        resource: spec.resource,
        field: name,
        code: "invalid" as const,
      });
      if (body.state !== "open" && body.state !== "dismissed") return invalid(c, field("state"));
      const comment = body.dismissed_comment;
      if (comment !== undefined && (typeof comment !== "string" || comment.length > 280)) {
        return invalid(c, field("dismissed_comment"));
      }
      if (alert.state === "fixed") return spec.fixed(c);
      if (body.state === "dismissed") {
        if (typeof body.dismissed_reason !== "string" || !spec.reasons.has(body.dismissed_reason)) {
          return invalid(c, field("dismissed_reason"));
        }
        Object.assign(alert, {
          state: "dismissed",
          dismissedReason: body.dismissed_reason,
          dismissedComment: typeof comment === "string" ? comment : null,
          dismissedAt: ctx.now(),
          dismissedBy: ACTOR,
        });
      } else {
        Object.assign(alert, {
          state: "open",
          dismissedReason: null,
          dismissedComment: null,
          dismissedAt: null,
          dismissedBy: null,
        });
      }
      alert.updatedAt = ctx.now();
      return c.json(spec.json(c, alert));
    };
  };

  app.get("/repos/:owner/:repo/code-scanning/alerts/:number{[0-9]+}", (c) => {
    if (!features(c)?.codeScanning) return codeOff(c);
    const alert = codeAlert(c);
    return alert ? c.json(codeAlertJson(apiBase(c), alert)) : notFound(c);
  });

  app.patch("/repos/:owner/:repo/code-scanning/alerts/:number{[0-9]+}", dismissRoute("code"));

  app.get("/repos/:owner/:repo/dependabot/alerts", (c) => {
    if (!features(c)?.dependabot) return depOff(c);
    const states = commaList(c.req.query("state"), DEP_STATES);
    const severities = commaList(c.req.query("severity"), DEP_SEVERITIES);
    if (states === false) {
      return invalid(c, { resource: "DependabotAlert", field: "state", code: "invalid" });
    }
    if (severities === false) {
      return invalid(c, { resource: "DependabotAlert", field: "severity", code: "invalid" });
    }
    const perPage = Number(c.req.query("per_page") ?? 30);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
      return invalid(c, { resource: "DependabotAlert", field: "per_page", code: "invalid" });
    }
    const after = c.req.query("after");
    let offset = 0;
    if (after !== undefined) {
      const match = /^cursor:(\d+)$/.exec(Buffer.from(after, "base64").toString("utf8"));
      if (!match) return ghError(c, 400, "Invalid cursor");
      offset = Number(match[1]);
    }
    const alerts = sec.dependabot
      .filter((a) => a.repo === c.get("repo"))
      .filter((a) => states === undefined || states.includes(a.state))
      .filter((a) => severities === undefined || severities.includes(a.severity))
      .sort((a, b) => b.number - a.number);
    const page = alerts.slice(offset, offset + perPage);
    if (offset + perPage < alerts.length) {
      const url = new URL(c.req.url);
      url.searchParams.set(
        "after",
        Buffer.from(`cursor:${offset + perPage}`, "utf8").toString("base64"),
      );
      c.header("link", `<${url.toString()}>; rel="next"`);
    }
    return c.json(page.map((a) => dependabotAlertJson(apiBase(c), a)));
  });

  app.get("/repos/:owner/:repo/dependabot/alerts/:number{[0-9]+}", (c) => {
    if (!features(c)?.dependabot) return depOff(c);
    const alert = depAlert(c);
    return alert ? c.json(dependabotAlertJson(apiBase(c), alert)) : notFound(c);
  });

  app.patch("/repos/:owner/:repo/dependabot/alerts/:number{[0-9]+}", dismissRoute("dependabot"));

  app.get("/repos/:owner/:repo/secret-scanning/alerts", (c) => {
    if (!features(c)?.secretScanning) {
      return ghError(c, 404, "Secret scanning is disabled on this repository.");
    }
    const state = c.req.query("state");
    if (state !== undefined && state !== "open" && state !== "resolved") {
      return invalid(c, { resource: "SecretScanningAlert", field: "state", code: "invalid" });
    }
    const types = c.req.query("secret_type")?.split(",");
    const hide = c.req.query("hide_secret") === "true";
    const alerts = sec.secrets
      .filter((a) => a.repo === c.get("repo"))
      .filter((a) => state === undefined || a.state === state)
      .filter((a) => types === undefined || types.includes(a.secretType))
      .sort((a, b) => b.number - a.number);
    const page = paginate(c, alerts);
    if (!page) {
      return invalid(c, { resource: "SecretScanningAlert", field: "page", code: "invalid" });
    }
    return c.json(page.map((a) => secretAlertJson(apiBase(c), a, hide)));
  });
}
