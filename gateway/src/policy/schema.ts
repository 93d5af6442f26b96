import { z } from "zod";
import { parseCidr } from "./cidr.js";
import { parseRate } from "./rate.js";
import { DAYS, parseHours } from "./time-window.js";

const glob = z.string().min(1, "a pattern cannot be empty");
const globs = z.union([glob, z.array(glob).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const cidr = z.string().superRefine((value, ctx) => {
  if (!parseCidr(value)) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not an address or CIDR range; write it like 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32`,
    });
  }
});

const timeZone = z.string().superRefine((value, ctx) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
  } catch {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not an IANA time zone; write it like Europe/Berlin, America/New_York or UTC`,
    });
  }
});

/** Days of the week and hours of the day, in a named time zone, when a rule applies. */
const when = z.strictObject({
  /** mon..sun; default every day. */
  days: z.array(z.enum(DAYS)).min(1).optional(),
  /** "09:00-18:00" (end excluded; "22:00-06:00" spans midnight); default all day. */
  hours: z
    .string()
    .superRefine((value, ctx) => {
      if (!parseHours(value)) {
        ctx.addIssue({
          code: "custom",
          message: `"${value}" is not a range of hours; write it like 09:00-18:00`,
        });
      }
    })
    .optional(),
  time_zone: timeZone.default("UTC"),
});

/** Annotation hints a rule may require, as MCP names them without the `Hint` suffix. */
const annotations = z.strictObject({
  read_only: z.boolean().optional(),
  destructive: z.boolean().optional(),
  idempotent: z.boolean().optional(),
  open_world: z.boolean().optional(),
});

const rule = z.strictObject({
  /** A name for people; default the rule's place, e.g. "rules[2]". */
  id: z.string().min(1).optional(),
  /** Client ids (keys of gateway.clients, or anonymous, stdio, cli); globs allowed. */
  clients: globs.optional(),
  /** Roles of gateway.clients; any one matches. */
  roles: globs.optional(),
  /** Exposed tool names; globs allowed. */
  tools: globs.optional(),
  /** Downstream names (a platform or a servers: entry); globs allowed. */
  servers: globs.optional(),
  annotations: annotations.optional(),
  /** Globs over named arguments: `bucket: "prod-*"`; every one must match. */
  args: z.record(z.string().min(1), globs).optional(),
  when: when.optional(),
  effect: z.enum(["allow", "deny", "approval"]),
  /** With allow: `waived` skips the approval a destructive tool asks for by default. */
  approval: z.enum(["required", "waived"]).optional(),
});

const limit = z.strictObject({
  id: z.string().min(1).optional(),
  clients: globs.optional(),
  roles: globs.optional(),
  tools: globs.optional(),
  /** "60/min", "10/s", "1000/hour", "5000/day". */
  rate: z.string().superRefine((value, ctx) => {
    if (!parseRate(value)) {
      ctx.addIssue({
        code: "custom",
        message: `"${value}" is not a rate; write it like 60/min, 10/s, 1000/hour or 5000/day`,
      });
    }
  }),
  /** Most calls in a quick run; refills at the sustained rate (a token bucket's size). */
  burst: z.number().int().min(1).optional(),
  /** client: each caller has its own budget; mesh: every matching call shares one. */
  per: z.enum(["client", "mesh"]).default("client"),
});

const clientPolicy = z.strictObject({
  /** Addresses or CIDR ranges this client may call from. */
  ip_allow: z.array(cidr).min(1).optional(),
  /** Resource arguments (bucket, table, project, ...) and the values this client may use. */
  resources: z.record(z.string().min(1), z.array(glob).min(1)).optional(),
});

export const policySchema = z
  .strictObject({
    mode: z.enum(["enforcing", "permissive"]).default("enforcing"),
    /** What a call no rule matches gets. */
    default: z.enum(["allow", "deny", "approval"]).default("allow"),
    rules: z.array(rule).default([]),
    /** Per-client IP allow-lists and resource access lists, by client id. */
    clients: z.record(z.string().min(1), clientPolicy).default({}),
    /** Addresses or CIDR ranges every caller must call from (loopback included only if listed). */
    ip_allow: z.array(cidr).min(1).optional(),
    /** Proxies whose X-Forwarded-For is believed; nobody else's is. */
    trusted_proxies: z.array(cidr).default([]),
    limits: z.array(limit).default([]),
  })
  // The loader fills in each rule's and limit's line, for refusals that name it.
  .transform((policy) => ({ ...policy, sources: { rules: [], limits: [] } as PolicySources }));

export type PolicyConfig = z.output<typeof policySchema>;
export type RuleConfig = PolicyConfig["rules"][number];
export type LimitConfig = PolicyConfig["limits"][number];
export type WindowConfig = NonNullable<RuleConfig["when"]>;

/** Where each rule and limit stands in its file ("mesh.yaml:42"), by index; filled by the loader. */
export interface PolicySources {
  rules: string[];
  limits: string[];
}
