import { type Caller, globToRegExp } from "@agent-mesh/core";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { RuleConfig, WindowConfig } from "./schema.js";
import { describeWindow, inWindow } from "./time-window.js";

/** The tool side of a call, as rules see it. */
export interface ToolFacts {
  name: string;
  server: string;
  annotations: Tool["annotations"];
}

const HINTS = {
  read_only: "readOnlyHint",
  destructive: "destructiveHint",
  idempotent: "idempotentHint",
  open_world: "openWorldHint",
} as const;

/** A rule ready to match: its globs compiled, its place in the file known. */
export class Rule {
  readonly id: string;
  readonly source: string;
  readonly effect: RuleConfig["effect"];
  readonly approval: RuleConfig["approval"];
  readonly window: WindowConfig | undefined;
  private readonly clients?: RegExp[];
  private readonly roles?: RegExp[];
  private readonly tools?: RegExp[];
  private readonly servers?: RegExp[];
  private readonly args?: Array<[string, RegExp[], string[]]>;

  constructor(
    private readonly config: RuleConfig,
    index: number,
    source: string | undefined,
  ) {
    this.id = config.id ?? `rules[${index}]`;
    this.source = source ?? `policy.rules[${index}]`;
    this.effect = config.effect;
    this.approval = config.approval ?? (config.effect === "approval" ? "required" : undefined);
    this.window = config.when;
    const compile = (globs: string[] | undefined) => globs?.map(globToRegExp);
    this.clients = compile(config.clients);
    this.roles = compile(config.roles);
    this.tools = compile(config.tools);
    this.servers = compile(config.servers);
    this.args = config.args
      ? Object.entries(config.args).map(([key, globs]) => [key, globs.map(globToRegExp), globs])
      : undefined;
  }

  /** True when the rule has conditions (arguments, time) a tool list cannot decide. */
  get conditional(): boolean {
    return this.args !== undefined || this.window !== undefined;
  }

  matchesCaller(caller: Caller): boolean {
    if (this.clients && !this.clients.some((re) => re.test(caller.id))) return false;
    if (this.roles && !caller.roles.some((role) => this.roles!.some((re) => re.test(role))))
      return false;
    return true;
  }

  matchesTool(tool: ToolFacts): boolean {
    if (this.tools && !this.tools.some((re) => re.test(tool.name))) return false;
    if (this.servers && !this.servers.some((re) => re.test(tool.server))) return false;
    const wanted = this.config.annotations;
    if (wanted) {
      for (const [key, hint] of Object.entries(HINTS)) {
        const value = wanted[key as keyof typeof HINTS];
        if (value === undefined) continue;
        // MCP's defaults when a tool leaves a hint out: destructive and open-world, not read-only.
        const fallback = hint === "destructiveHint" || hint === "openWorldHint";
        if ((tool.annotations?.[hint] ?? fallback) !== value) return false;
      }
    }
    return true;
  }

  /** Every named argument is a string matching one of its globs. */
  matchesArgs(args: Record<string, unknown>): boolean {
    if (!this.args) return true;
    return this.args.every(([key, patterns]) => {
      const value = args[key];
      const text = typeof value === "string" || typeof value === "number" ? String(value) : "";
      return value !== undefined && patterns.some((re) => re.test(text));
    });
  }

  matchesTime(now: Date): boolean {
    return !this.window || inWindow(this.window, now);
  }

  /** The conditions a call must meet beyond who and what: "args.bucket matching prod-*, ...". */
  describeConditions(): string {
    const parts: string[] = [];
    for (const [key, , globs] of this.args ?? [])
      parts.push(`args.${key} matching ${globs.join(" or ")}`);
    if (this.window) parts.push(`during ${describeWindow(this.window)}`);
    return parts.join(", ");
  }
}
