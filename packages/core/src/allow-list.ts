import { PlatformError } from "./errors.js";
import { isGlob, matchesGlob } from "./glob.js";
import { quote } from "./quote.js";

/** A kind of resource an operator lists, with the setting's variable that lists it. */
export interface AllowListKind {
  /** "bucket", "table", ... as users say it. */
  noun: string;
  /** The environment variable of the setting that holds the list. */
  env: string;
  /** Where the operator finds the values, added to the not_configured message. */
  hint?: string;
}

/**
 * The resource a call may touch, decided before any platform call: the one given if the list
 * has it (exactly or by a glob, see matchesGlob), else the list's first plain entry as the
 * default. An empty list answers not_configured; a resource not listed, policy_denied.
 */
export function allowedResource(
  kind: AllowListKind,
  list: readonly string[],
  given?: string,
): string {
  if (list.length === 0) {
    throw new PlatformError(
      "not_configured",
      `No ${kind.noun} is allowed yet: set ${kind.env} to the ${kind.noun}s this server may use (comma-separated${kind.hint ? `; ${kind.hint}` : ""}).`,
      { details: { variables: [kind.env] } },
    );
  }
  if (given === undefined) {
    const fallback = list.find((entry) => !isGlob(entry));
    if (fallback === undefined) {
      throw new PlatformError(
        "invalid_request",
        `Name the ${kind.noun}: ${kind.env} only has patterns (${list.join(", ")}), so there is no default.`,
      );
    }
    return fallback;
  }
  if (!isAllowed(list, given)) throw notAllowed(kind, list, given);
  return given;
}

/** Refuses a resource missing from an allow-list that, when empty, allows everything. */
export function checkAllowList(kind: AllowListKind, list: readonly string[], given: string): void {
  if (list.length > 0 && !isAllowed(list, given)) throw notAllowed(kind, list, given);
}

/** True when any entry of the list matches the name. */
export function isAllowed(list: readonly string[], given: string): boolean {
  return list.some((entry) => matchesGlob(entry, given));
}

/** The policy_denied refusal for a resource outside the allow-list, naming what is allowed. */
export function notAllowed(
  kind: AllowListKind,
  list: readonly string[],
  given: string,
): PlatformError {
  return new PlatformError(
    "policy_denied",
    `The ${kind.noun} ${quote(given)} is not in ${kind.env} (allowed: ${list.map((entry) => quote(entry)).join(", ")}). Use an allowed ${kind.noun}, or ask the operator to add it.`,
    { details: { variable: kind.env } },
  );
}
