import { type Caller, matchesGlob } from "@agent-mesh/core";
import type { RoleBook } from "../auth/roles.js";
import { CidrList } from "./cidr.js";
import type { PolicyDecision } from "./decision.js";
import { Limit, type Limiters } from "./limits.js";
import { Rule, type ToolFacts } from "./rules.js";
import type { PolicyConfig } from "./schema.js";

export type Violation = PolicyDecision["violations"][number] & {
  /** The envelope code an enforcing policy answers with. */
  code: "policy_denied" | "rate_limited";
  details?: Record<string, unknown>;
};

/** What a call is, as the policy judges it. */
export interface CallFacts {
  caller: Caller;
  tool: ToolFacts;
  /** Argument names the tool's input schema declares. */
  declared: readonly string[];
  args: Record<string, unknown>;
}

interface ClientLists {
  ip?: CidrList;
  resources: Array<[string, string[]]>;
}

/**
 * mesh.yaml's `policy:`, compiled: who may call what (rules, first match wins, then the
 * default), from where (IP allow-lists), on which resources (per-client access lists), and how
 * often (rate and burst limits). Pure decisions; the policy stage acts on them.
 */
export class Policy {
  readonly mode: PolicyConfig["mode"];
  private readonly rules: Rule[];
  private readonly limits: Limit[];
  private readonly ip?: CidrList;
  private readonly proxies: CidrList;
  private readonly clients = new Map<string, ClientLists>();

  constructor(
    private readonly config: PolicyConfig,
    limiters: Limiters,
    private readonly now: () => Date = () => new Date(),
    /** Roles (viewer, deployer, admin, mesh.yaml's `roles:`): what each lets a caller use. */
    private readonly roles?: RoleBook,
  ) {
    this.mode = config.mode;
    this.rules = config.rules.map((rule, i) => new Rule(rule, i, config.sources.rules[i]));
    this.limits = config.limits.map(
      (limit, i) => new Limit(limit, i, config.sources.limits[i], limiters),
    );
    if (config.ip_allow) this.ip = new CidrList(config.ip_allow);
    this.proxies = new CidrList(config.trusted_proxies);
    for (const [id, client] of Object.entries(config.clients)) {
      this.clients.set(id, {
        ...(client.ip_allow ? { ip: new CidrList(client.ip_allow) } : {}),
        resources: Object.entries(client.resources ?? {}),
      });
    }
  }

  /** True when X-Forwarded-For from this address is believed. */
  trustsProxy(address: string): boolean {
    return this.proxies.has(address);
  }

  /**
   * Whether a caller sees a tool in tools/list and search: hidden only when an enforcing policy
   * could never allow the call. A rule with argument or time conditions may not apply, so it never hides.
   */
  visible(caller: Caller, tool: ToolFacts): boolean {
    // A permissive policy is a dry run: it records what it would refuse, and hides nothing.
    if (this.mode === "permissive") return true;
    if (this.roles?.check(caller, tool)?.allowed === false) return false;
    for (const rule of this.rules) {
      if (!rule.matchesCaller(caller) || !rule.matchesTool(tool)) continue;
      if (rule.conditional) {
        if (rule.effect !== "deny") return true;
        continue;
      }
      return rule.effect !== "deny";
    }
    return this.config.default !== "deny";
  }

  /** The rule decision for a call: the first rule that matches, or the default. */
  decide(call: CallFacts): { decision: PolicyDecision; violations: Violation[] } {
    const violations: Violation[] = [];
    const now = this.now();
    const rule = this.rules.find(
      (r) =>
        r.matchesCaller(call.caller) &&
        r.matchesTool(call.tool) &&
        r.matchesArgs(call.args) &&
        r.matchesTime(now),
    );
    const effect = rule?.effect ?? this.config.default;
    const decision: PolicyDecision = {
      mode: this.mode,
      effect,
      ...(rule ? { rule: { id: rule.id, source: rule.source } } : {}),
      ...(rule?.approval ? { approval: rule.approval } : {}),
      violations: [],
    };
    if (effect === "approval" && !decision.approval) decision.approval = "required";
    const ip = this.checkAddress(call.caller);
    if (ip) violations.push(ip);
    const role = this.checkRoles(call);
    if (role) violations.push(role);
    if (effect === "deny") violations.push(this.denial(call, rule));
    violations.push(...this.checkResources(call));
    return { decision, violations };
  }

  /**
   * Takes the call from every limit that counts it; a violation for the first one exhausted, in
   * which case the limits that had admitted it get the call back.
   */
  async limit(caller: Caller, tool: string): Promise<Violation | undefined> {
    const taken: Limit[] = [];
    for (const limit of this.limits) {
      if (!limit.applies(caller, tool)) continue;
      const retry = await limit.take(caller);
      if (retry === undefined) {
        taken.push(limit);
        continue;
      }
      await Promise.all(taken.map((admitted) => admitted.refund(caller)));
      return {
        kind: "rate",
        code: "rate_limited",
        rule: limit.source,
        message: `Rate limit ${limit.id} (${limit.source}) of ${limit.describe} reached for ${describeCaller(caller)} calling ${tool}; retry in ${Math.ceil(retry / 1000)} s.`,
        details: { retry_after_ms: retry, limit: limit.id, source: limit.source },
      };
    }
    return undefined;
  }

  /** A refusal when the caller's roles do not grant the tool (roles come first: they are who may). */
  private checkRoles(call: CallFacts): Violation | undefined {
    const verdict = this.roles?.check(call.caller, call.tool);
    if (!verdict || verdict.allowed) return undefined;
    return {
      kind: "role",
      code: "policy_denied",
      rule: `roles.${verdict.roles[0]}`,
      message: `${describeCaller(call.caller)} may not call ${call.tool.name}: ${verdict.reason}. Ask for a role that grants it (deployer for non-destructive writes, admin for everything), or grant the tool under roles.<role>.tools.allow in mesh.yaml.`,
      details: { roles: verdict.roles },
    };
  }

  private checkAddress(caller: Caller): Violation | undefined {
    // Local callers (stdio, the CLI, workflows) have no address: IP lists concern the network.
    if (caller.address === undefined) return undefined;
    const lists: Array<[string, CidrList]> = [];
    if (this.ip) lists.push(["policy.ip_allow", this.ip]);
    const own = this.clients.get(caller.id)?.ip;
    if (own) lists.push([`policy.clients.${caller.id}.ip_allow`, own]);
    for (const [key, list] of lists) {
      if (list.has(caller.address)) continue;
      return {
        kind: "ip",
        code: "policy_denied",
        rule: key,
        message: `${describeCaller(caller)} may not call from ${caller.address}: it is outside ${key} (${list.ranges.join(", ")}). To allow it, add the address or its range to ${key}.`,
        details: { address: caller.address, allow: key },
      };
    }
    return undefined;
  }

  private checkResources(call: CallFacts): Violation[] {
    const lists = this.clients.get(call.caller.id)?.resources ?? [];
    const found: Violation[] = [];
    for (const [arg, globs] of lists) {
      const value = call.args[arg];
      if (value === undefined && !call.declared.includes(arg)) continue;
      const key = `policy.clients.${call.caller.id}.resources.${arg}`;
      const allowed = typeof value === "string" && globs.some((g) => matchesGlob(g, value));
      if (allowed) continue;
      found.push({
        kind: "resource",
        code: "policy_denied",
        rule: key,
        message:
          value === undefined
            ? `${describeCaller(call.caller)} must name \`${arg}\` when calling ${call.tool.name}: it may only use ${globs.join(", ")} (${key}), so the tool's default is not assumed. Pass ${arg} explicitly.`
            : `${describeCaller(call.caller)} may not use ${arg} ${JSON.stringify(value)} with ${call.tool.name}: ${key} allows only ${globs.join(", ")}. To allow it, add the ${arg} (or a pattern) to ${key}.`,
        details: { argument: arg, allowed: globs, allow: key },
      });
    }
    return found;
  }

  private denial(call: CallFacts, rule: Rule | undefined): Violation {
    const who = describeCaller(call.caller);
    const by = rule ? `rule ${rule.id} (${rule.source})` : "policy.default: deny";
    return {
      kind: "rule",
      code: "policy_denied",
      ...(rule ? { rule: rule.source } : { rule: "policy.default" }),
      message: `Policy denies ${who} calling ${call.tool.name}: ${by}. ${this.wouldAllow(call, rule)}`,
      details: {
        ...(rule ? { rule: rule.id, source: rule.source } : { rule: "default" }),
        allow: this.wouldAllow(call, rule),
      },
    };
  }

  /** What would let this call through: a rule that allows it under conditions, or a new rule. */
  private wouldAllow(call: CallFacts, denying: Rule | undefined): string {
    const conditional = this.rules.find(
      (r) =>
        r.effect !== "deny" &&
        r.conditional &&
        r.matchesCaller(call.caller) &&
        r.matchesTool(call.tool),
    );
    if (conditional) {
      const index = this.rules.indexOf(conditional);
      const before = denying ? index < this.rules.indexOf(denying) : true;
      if (before)
        return `Rule ${conditional.id} (${conditional.source}) allows it with ${conditional.describeConditions()}.`;
    }
    const where = denying ? `above ${denying.source}` : "to policy.rules";
    return `To allow it, add a rule \`{ clients: [${call.caller.id}], tools: [${call.tool.name}], effect: allow }\` ${where}.`;
  }
}

function describeCaller(caller: Caller): string {
  return caller.id === caller.name ? `client ${caller.id}` : `client ${caller.id} (${caller.name})`;
}
