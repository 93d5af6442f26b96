import type { Caller } from "@agent-mesh/core";
import type { MeshConfig } from "../config/schema.js";

/** The roles that make a caller an operator (approvals.operator_roles). */
export function operatorRoles(config: MeshConfig | undefined): string[] {
  return config?.approvals.operator_roles ?? ["operator", "admin"];
}

/** Whether the gateway asks every HTTP request to sign in (tokens, clients, or `auth:`). */
export function signInRequired(config: MeshConfig | undefined): boolean {
  if (!config) return false;
  const { gateway } = config;
  return gateway.tokens.length > 0 || Object.keys(gateway.clients).length > 0 || !!config.auth;
}

/**
 * Whether a caller may decide approvals, as for the dashboard and the admin routes: a signed-in
 * caller with one of the operator roles, or, on a loopback gateway without sign-in, the person at
 * this machine (the anonymous caller). A stdio session is not an operator: the model speaks on it.
 */
export function isOperatorCaller(config: MeshConfig | undefined, caller: Caller): boolean {
  if (!signInRequired(config)) return caller.kind === "anonymous" && caller.id === "anonymous";
  const roles = operatorRoles(config);
  return caller.kind === "token" && caller.roles.some((role) => roles.includes(role));
}
