/**
 * The one glob dialect of agent-mesh, for the gateway's allow/deny patterns and platforms'
 * allow-lists alike: `*` matches any run of characters (`/` and `:` included), `?` exactly one;
 * everything else is literal, and a pattern matches the whole name.
 */
export function globToRegExp(pattern: string): RegExp {
  const body = [...pattern]
    .map((char) =>
      char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${body}$`, "s");
}

/** True when `value` matches `pattern` (see globToRegExp); a pattern without wildcards must be equal. */
export function matchesGlob(pattern: string, value: string): boolean {
  if (!pattern.includes("*") && !pattern.includes("?")) return pattern === value;
  return globToRegExp(pattern).test(value);
}

/** True for a pattern with wildcards, false for a plain name. */
export function isGlob(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}
