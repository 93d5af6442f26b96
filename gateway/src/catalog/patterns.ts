/** A glob with `*` (any run of characters) and `?` (one character), matched against a whole name. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((char) =>
      char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${body}$`);
}

/** allow (default: everything) minus deny. */
export function makeFilter(allow: string[] | undefined, deny: string[] | undefined) {
  const allowed = allow?.map(globToRegExp);
  const denied = deny?.map(globToRegExp) ?? [];
  return (name: string) =>
    (!allowed || allowed.some((re) => re.test(name))) && !denied.some((re) => re.test(name));
}
