import type { IncomingMessage } from "node:http";
import type { Caller } from "@agent-mesh/core";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Mesh } from "../mesh.js";
import {
  type DashboardSession,
  type DashboardSessions,
  SESSION_COOKIE,
  sameSecret,
} from "./sessions.js";

/** Who is looking at the dashboard, and what they may do. */
export interface Viewer {
  caller: Caller;
  /** Operators approve, run tools, accept quarantined tools, cancel runs; viewers only read. */
  operator: boolean;
  /** The CSRF token every form of this page carries. */
  csrf: string;
}

export interface DashboardEnv {
  Bindings: { incoming: IncomingMessage };
  Variables: { viewer: Viewer; session: DashboardSession | undefined };
}

export const BASE = "/dashboard";

export interface AccessOptions {
  mesh: Mesh;
  sessions: DashboardSessions;
  tokensRequired: boolean;
  /** The caller /mcp's guard found for this request (a bearer token, or loopback anonymous). */
  callerOf(incoming: IncomingMessage): Caller;
}

/** Whether a caller is an operator: a role in approvals.operator_roles, or loopback without tokens. */
export function isOperator(mesh: Mesh, caller: Caller, tokensRequired: boolean): boolean {
  if (!tokensRequired) return caller.kind === "anonymous";
  const roles = mesh.config?.approvals.operator_roles ?? ["operator", "admin"];
  return caller.kind === "token" && caller.roles.some((role) => roles.includes(role));
}

export function sessionCookie(c: Context, session: DashboardSession): void {
  setCookie(c, SESSION_COOKIE, session.id, {
    path: BASE,
    httpOnly: true,
    sameSite: "Strict",
    secure: new URL(c.req.url).protocol === "https:",
    maxAge: 8 * 3600,
  });
}

/**
 * Signs the request in (loopback without tokens: open; else a bearer token, or the session a
 * sign-in set), and guards every POST: the Origin must be present (/mcp's guard already refused a
 * foreign one) and the form's CSRF token must match the session's.
 */
export function access(options: AccessOptions): MiddlewareHandler<DashboardEnv> {
  const { mesh, sessions, tokensRequired } = options;
  return async (c, next) => {
    const requestCaller = options.callerOf(c.env.incoming);
    let session = sessions.get(getCookie(c, SESSION_COOKIE));
    let caller: Caller | undefined;
    const bearer = tokensRequired && requestCaller.kind === "token";
    if (!tokensRequired) {
      caller = requestCaller;
      if (!session) {
        session = sessions.create(requestCaller);
        sessionCookie(c, session);
      }
    } else if (bearer) {
      caller = requestCaller;
    } else {
      caller = session?.caller;
    }
    c.set("session", session);
    const path = new URL(c.req.url).pathname;
    const signingIn = path === `${BASE}/sign-in`;
    if (c.req.method === "POST" && !bearer) {
      if (!c.req.header("origin")) {
        return c.text("Forbidden: a dashboard form must come with an Origin header", 403);
      }
      const form = await c.req.parseBody();
      const token =
        c.req.header("x-csrf-token") ?? (typeof form._csrf === "string" ? form._csrf : "");
      if (!session || !token || !sameSecret(token, session.csrf)) {
        return c.text("Forbidden: the form's CSRF token is missing or stale; reload the page", 403);
      }
    }
    if (!caller) {
      if (signingIn) return next();
      if (c.req.method !== "GET") return c.text("Unauthorized: sign in at /dashboard/sign-in", 401);
      const to = `${BASE}/sign-in`;
      if (c.req.header("hx-request")) {
        c.header("HX-Redirect", to);
        return c.body(null, 204);
      }
      return c.redirect(to, 303);
    }
    c.set("viewer", {
      caller,
      operator: isOperator(mesh, caller, tokensRequired),
      csrf: session?.csrf ?? "",
    });
    return next();
  };
}

/** Refuses a viewer an operator's action. */
export const operatorOnly: MiddlewareHandler<DashboardEnv> = async (c, next) => {
  const viewer = c.get("viewer");
  if (!viewer?.operator) {
    return c.text(
      `Forbidden: ${viewer?.caller.id ?? "this caller"} is a viewer; operators have one of the roles in approvals.operator_roles`,
      403,
    );
  }
  return next();
};
