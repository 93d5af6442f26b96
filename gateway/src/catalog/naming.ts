import { createHash } from "node:crypto";

export const MAX_NAME_LENGTH = 64;

/** One name a downstream asks for. */
export interface NameRequest {
  downstream: string;
  /** The name after any rename, before prefixing. */
  wanted: string;
  /** First-party names are kept as they are. */
  fixed: boolean;
  /** A prefix to use always (configured), or undefined to prefix only on collision. */
  prefix: string | undefined;
}

/**
 * Assigns every request a unique exposed name, deterministically: fixed names stay; a configured
 * prefix always applies; otherwise a name gets `<downstream>_` only when another downstream wants
 * it too. Names are limited to MCP's characters and shortened to 64 with a hash of the full name,
 * without creating new collisions. Returns names in request order.
 */
export function assignNames(requests: readonly NameRequest[]): string[] {
  const candidates = requests.map((request) =>
    request.fixed
      ? request.wanted
      : request.prefix !== undefined
        ? `${request.prefix}_${request.wanted}`
        : request.wanted,
  );
  const counts = new Map<string, number>();
  for (const name of candidates) counts.set(name, (counts.get(name) ?? 0) + 1);

  const wanted = requests.map((request, index) => {
    const candidate = candidates[index]!;
    const collides = (counts.get(candidate) ?? 0) > 1;
    if (request.fixed || request.prefix !== undefined || !collides) return candidate;
    return `${request.downstream}_${request.wanted}`;
  });

  // Fixed names first, so a first-party name is never the one that has to move.
  const order = requests
    .map((request, index) => ({ request, index }))
    .sort((a, b) => Number(b.request.fixed) - Number(a.request.fixed) || a.index - b.index);
  const taken = new Set<string>();
  const result: string[] = new Array(requests.length);
  for (const { index } of order) {
    const name = unique(fit(sanitize(wanted[index]!)), taken);
    taken.add(name);
    result[index] = name;
  }
  return result;
}

/** MCP tool names use A-Z, a-z, 0-9, _, - and .; anything else becomes _. */
function sanitize(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.-]/g, "_");
  return clean.length > 0 ? clean : "_";
}

/** Shortens to 64 characters, keeping the start and ending in a hash of the whole name. */
function fit(name: string, max = MAX_NAME_LENGTH): string {
  if (name.length <= max) return name;
  const hash = shortHash(name);
  return `${name.slice(0, max - hash.length - 1)}_${hash}`;
}

function unique(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = fit(name, MAX_NAME_LENGTH - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}
