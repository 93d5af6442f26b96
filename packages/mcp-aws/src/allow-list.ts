import { PlatformError, quote } from "@agent-mesh/core";

/** A kind of resource the operator lists, with the variable that lists it. */
export interface ResourceKind {
  /** "bucket", "table", ... as users say it. */
  noun: string;
  env: string;
}

export const BUCKET: ResourceKind = { noun: "bucket", env: "AGENT_MESH_AWS_BUCKETS" };
export const TABLE: ResourceKind = { noun: "table", env: "AGENT_MESH_AWS_TABLES" };
export const EVENT_BUS: ResourceKind = { noun: "event bus", env: "AGENT_MESH_AWS_EVENT_BUSES" };
export const STATE_MACHINE: ResourceKind = {
  noun: "state machine",
  env: "AGENT_MESH_AWS_STATE_MACHINES",
};
export const MODEL: ResourceKind = { noun: "model", env: "AGENT_MESH_AWS_MODELS" };
export const KNOWLEDGE_BASE: ResourceKind = {
  noun: "knowledge base",
  env: "AGENT_MESH_AWS_KNOWLEDGE_BASES",
};
export const LOG_GROUP: ResourceKind = { noun: "log group", env: "AGENT_MESH_AWS_LOG_GROUPS" };
export const METRIC_NAMESPACE: ResourceKind = {
  noun: "metric namespace",
  env: "AGENT_MESH_AWS_METRIC_NAMESPACES",
};

/**
 * The resource a call may touch: the one given if the allow-list has it (exactly or by a `*`
 * pattern), else the list's first plain entry. Refuses before any AWS call is made.
 */
export function allowed(kind: ResourceKind, list: readonly string[], given?: string): string {
  if (list.length === 0) {
    throw new PlatformError(
      "not_configured",
      `No ${kind.noun} is allowed yet: set ${kind.env} to the ${kind.noun}s this server may use (comma-separated; the aws_integration Terraform module outputs it).`,
    );
  }
  if (given === undefined) {
    const fallback = list.find((entry) => !entry.includes("*"));
    if (fallback === undefined) {
      throw new PlatformError(
        "invalid_request",
        `Name the ${kind.noun}: ${kind.env} only has patterns (${list.join(", ")}), so there is no default.`,
      );
    }
    return fallback;
  }
  if (!list.some((entry) => matches(entry, given))) throw denied(kind, list, given);
  return given;
}

/** Checks a resource against an allow-list that, when empty, allows everything. */
export function allowedIfListed(kind: ResourceKind, list: readonly string[], given: string): void {
  if (list.length > 0 && !list.some((entry) => matches(entry, given))) {
    throw denied(kind, list, given);
  }
}

export function denied(kind: ResourceKind, list: readonly string[], given: string): PlatformError {
  return new PlatformError(
    "policy_denied",
    `The ${kind.noun} ${quote(given)} is not in ${kind.env} (allowed: ${list.map((entry) => quote(entry)).join(", ")}). Use an allowed ${kind.noun}, or ask the operator to add it.`,
  );
}

/** `*` matches any run of characters; everything else is literal. */
export function matches(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(value);
}
