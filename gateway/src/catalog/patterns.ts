import { globToRegExp } from "@agent-mesh/core";

/**
 * allow (default: everything) minus deny, in core's one glob dialect (`*` any run of
 * characters, `?` one), the same one platforms' allow-lists use.
 */
export function makeFilter(allow: string[] | undefined, deny: string[] | undefined) {
  const allowed = allow?.map(globToRegExp);
  const denied = deny?.map(globToRegExp) ?? [];
  return (name: string) =>
    (!allowed || allowed.some((re) => re.test(name))) && !denied.some((re) => re.test(name));
}
