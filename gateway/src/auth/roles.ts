import { type Caller, globToRegExp } from "@agent-mesh/core";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { RoleConfig, RolesConfig } from "./config.js";

type Access = NonNullable<RoleConfig["access"]>;

/** The built-in roles; `roles:` in mesh.yaml may change them or add others. */
export const BUILT_IN_ROLES: Record<string, { access: Access; extends: string[] }> = {
  viewer: { access: "read", extends: [] },
  deployer: { access: "write", extends: ["viewer"] },
  admin: { access: "all", extends: [] },
};

interface Compiled {
  access: Access;
  parents: string[];
  allow: RegExp[];
  deny: RegExp[];
}

/** What a role decided about a tool, and why. */
export interface RoleVerdict {
  allowed: boolean;
  /** The roles of the caller that the book knows. */
  roles: string[];
  reason: string;
}

/**
 * The roles the mesh knows (viewer, deployer, admin, and those of mesh.yaml's `roles:`), and what
 * each lets a caller see and call. A caller with none of them is not limited by roles (policy
 * rules still apply); one with any of them may use what at least one of its roles grants.
 */
export class RoleBook {
  private readonly roles = new Map<string, Compiled>();

  constructor(config: RolesConfig = {}) {
    for (const [name, role] of Object.entries(BUILT_IN_ROLES)) {
      this.roles.set(name, { access: role.access, parents: role.extends, allow: [], deny: [] });
    }
    for (const [name, role] of Object.entries(config)) {
      const base = this.roles.get(name);
      this.roles.set(name, {
        access: role.access ?? base?.access ?? "none",
        parents: role.extends.length > 0 ? role.extends : (base?.parents ?? []),
        allow: (role.tools?.allow ?? []).map(globToRegExp),
        deny: (role.tools?.deny ?? []).map(globToRegExp),
      });
    }
  }

  /** Role names this book defines. */
  get names(): string[] {
    return [...this.roles.keys()];
  }

  has(role: string): boolean {
    return this.roles.has(role);
  }

  /** Whether the caller's roles let it use the tool; undefined when it holds none of ours. */
  check(
    caller: Caller,
    tool: { name: string; annotations: Tool["annotations"] },
  ): RoleVerdict | undefined {
    const held = caller.roles.filter((role) => this.roles.has(role));
    if (held.length === 0) return undefined;
    const granting = held.find((role) => this.grants(role, tool, new Set()));
    if (granting) return { allowed: true, roles: held, reason: `role ${granting}` };
    return {
      allowed: false,
      roles: held,
      reason: `${tool.name} is ${describeTool(tool.annotations)}, which role${held.length > 1 ? "s" : ""} ${held.join(", ")} may not use`,
    };
  }

  private grants(
    name: string,
    tool: { name: string; annotations: Tool["annotations"] },
    seen: Set<string>,
  ): boolean {
    const role = this.roles.get(name);
    if (!role || seen.has(name)) return false;
    seen.add(name);
    if (role.deny.some((re) => re.test(tool.name))) return false;
    if (role.allow.some((re) => re.test(tool.name))) return true;
    if (accessAllows(role.access, tool.annotations)) return true;
    return role.parents.some((parent) => this.grants(parent, tool, seen));
  }
}

function accessAllows(access: Access, annotations: Tool["annotations"]): boolean {
  switch (access) {
    case "all":
      return true;
    case "write":
      // MCP's default for a tool that says nothing is destructive: only an explicit false is not.
      return annotations?.readOnlyHint === true || annotations?.destructiveHint === false;
    case "read":
      return annotations?.readOnlyHint === true;
    case "none":
      return false;
  }
}

function describeTool(annotations: Tool["annotations"]): string {
  if (annotations?.readOnlyHint === true) return "read-only";
  if (annotations?.destructiveHint === false) return "a non-destructive write";
  return "a destructive write";
}

/** Names in `extends:` that no role defines, for config errors. */
export function unknownParents(config: RolesConfig): Array<[string, string]> {
  const known = new Set([...Object.keys(BUILT_IN_ROLES), ...Object.keys(config)]);
  const found: Array<[string, string]> = [];
  for (const [name, role] of Object.entries(config))
    for (const parent of role.extends) if (!known.has(parent)) found.push([name, parent]);
  return found;
}
