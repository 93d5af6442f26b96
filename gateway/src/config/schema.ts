import type { AnyPlatform } from "@agent-mesh/core";
import { z } from "zod";
import {
  APPROVALS_DEFAULTS,
  AUDIT_DEFAULTS,
  approvalsSection,
  auditSection,
  databaseSection,
} from "../audit/config.js";
import { authSection, rolesSection } from "../auth/config.js";
import { unknownParents } from "../auth/roles.js";
import { COSTS_DEFAULTS, costsSection } from "../costs/prices.js";
import {
  checkTriggerWorkflows,
  HOOKS_DEFAULTS,
  hooksSection,
  triggersSection,
} from "../hooks/config.js";
import { PINNING_DEFAULTS, pinningSection } from "../pinning/config.js";
import { checkPolicyClients } from "../policy/known-clients.js";
import { policySchema } from "../policy/schema.js";
import { checkClientTenants } from "../tenants/client-tenants.js";
import { TELEMETRY_DEFAULTS, telemetrySection } from "../tracing/config.js";
import { workflowsSection } from "../workflows/config/schema.js";
import { duration } from "./duration-schema.js";
import { nearest } from "./suggest.js";

export { duration } from "./duration-schema.js";

const pattern = z.string().min(1, "a pattern cannot be empty");

/** Which of a downstream's tools are exposed, and under which names. */
const toolRules = z.strictObject({
  /** Glob patterns (* and ?) over the downstream's own tool names; default everything. */
  allow: z.array(pattern).optional(),
  deny: z.array(pattern).optional(),
  /** Original name -> exposed name. */
  rename: z.record(z.string(), z.string().min(1)).optional(),
});

const downstreamCommon = {
  enabled: z.boolean().default(true),
  /** Longest a tool call may run before it answers `timeout` and is cancelled downstream. */
  timeout: duration.optional(),
  /** Per-tool overrides of `timeout`, by the downstream's own tool name. */
  tool_timeouts: z.record(z.string(), duration).optional(),
  tools: toolRules.optional(),
};

/** Third-party servers only: mark results as untrusted data (default: on while not pinned). */
const untrusted = z.boolean().optional();

const stdioServer = z.strictObject({
  ...downstreamCommon,
  untrusted,
  command: z.string().min(1, "command cannot be empty"),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
  /** true: always `<server>_<tool>`; a string: that prefix; false/absent: only on collision. */
  prefix: z.union([z.boolean(), z.string().regex(/^[A-Za-z0-9_-]+$/)]).default(false),
  startup_timeout: duration.optional(),
});

const httpServer = z.strictObject({
  ...downstreamCommon,
  untrusted,
  url: z.url({ protocol: /^https?$/, error: "url must be an http:// or https:// URL" }),
  headers: z.record(z.string(), z.string()).default({}),
  prefix: z.union([z.boolean(), z.string().regex(/^[A-Za-z0-9_-]+$/)]).default(false),
  startup_timeout: duration.optional(),
});

export type StdioServerConfig = z.output<typeof stdioServer>;
export type HttpServerConfig = z.output<typeof httpServer>;
export type ServerConfig = StdioServerConfig | HttpServerConfig;
export type ToolRules = z.output<typeof toolRules>;

const serverEntry = z.unknown().transform((value, ctx): ServerConfig => {
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  const hasUrl = isObject && "url" in value;
  const hasCommand = isObject && "command" in value;
  if (isObject && !hasUrl && !hasCommand) {
    // Most often a typo of one of them: say which key looks like it.
    const typos = Object.keys(value).filter(
      (key) => nearest(key, ["command", "url"]) !== undefined,
    );
    if (typos.length > 0) {
      ctx.addIssue({
        code: "unrecognized_keys",
        keys: typos,
        input: value as Record<string, unknown>,
      });
      return z.NEVER;
    }
  }
  if (!isObject || hasUrl === hasCommand) {
    ctx.addIssue({
      code: "custom",
      message:
        "a server needs either `command` (a stdio server) or `url` (a Streamable HTTP server), not both",
    });
    return z.NEVER;
  }
  const parsed = (hasUrl ? httpServer : stdioServer).safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: issue.path } as never);
  return z.NEVER;
});

const serverName = /^[a-z][a-z0-9_-]{0,31}$/;
const tenantName = /^[a-z][a-z0-9_-]{0,31}$/;

/** A named client of the gateway: its token (or the token's SHA-256) and what it may do. */
const client = z
  .strictObject({
    token: z.string().min(16, "a token must be at least 16 characters").optional(),
    token_sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "token_sha256 is the token's SHA-256 as 64 hex digits")
      .optional(),
    /** For people (logs, audit); default the client's key. */
    name: z.string().min(1).optional(),
    roles: z.array(z.string().min(1)).default([]),
    tenant: z.string().min(1).optional(),
  })
  .refine((c) => (c.token === undefined) !== (c.token_sha256 === undefined), {
    message: "give a client exactly one of `token` or `token_sha256`",
  });

const clientName = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

const gateway = z.strictObject({
  port: z.number().int().min(0).max(65535).default(7420),
  host: z.string().min(1).default("127.0.0.1"),
  /** Bearer tokens accepted over HTTP; required to listen beyond loopback. */
  tokens: z.array(z.string().min(16, "a token must be at least 16 characters")).default([]),
  /** Named clients (`ci: { token: ${CI_TOKEN} }`): each call is attributed to the one whose token matched. */
  clients: z
    .record(
      z.string().regex(clientName, "client names are letters, digits, _ . @ and -, up to 64"),
      client,
    )
    .default({}),
  /** Listen on a non-loopback host without tokens (not recommended). */
  allow_unauthenticated_remote: z.boolean().default(false),
  /** Extra Host header values to accept (e.g. "mesh.internal:7420"). */
  allowed_hosts: z.array(z.string()).default([]),
  /** Extra browser origins to accept. */
  allowed_origins: z.array(z.string()).default([]),
  /** Default tool-call timeout. */
  timeout: duration.default(300_000),
  /** How long a third-party server may take to start and list its tools. */
  startup_timeout: duration.default(30_000),
  /** How often each downstream is pinged. */
  health_interval: duration.default(30_000),
  /** Restart backoff for crashed servers: first delay, doubling up to max_delay. */
  restart_delay: duration.default(500),
  restart_max_delay: duration.default(30_000),
  /** Most HTTP sessions open at once; the least recently used idle one makes room. */
  max_sessions: z.number().int().min(1).default(1_000),
  /** Most HTTP sessions one client (remote address) holds at once. */
  max_sessions_per_client: z.number().int().min(1).default(100),
  /** HTTP sessions with no request for this long are closed. */
  session_idle_timeout: duration.default(30 * 60_000),
  /** Sessions that sent no request after initialize are closed sooner. */
  session_unused_timeout: duration.default(60_000),
  /** Sessions whose client dropped its GET stream (exited without DELETE) are closed sooner. */
  session_abandoned_timeout: duration.default(15_000),
});

const toolsSection = z.strictObject({
  /** Glob patterns over exposed tool names, for the whole mesh. */
  allow: z.array(pattern).optional(),
  deny: z.array(pattern).optional(),
  /** auto: search mode above search_threshold tools; on/off force it. */
  search: z.enum(["auto", "on", "off"]).default("auto"),
  search_threshold: z.number().int().min(1).default(200),
});

/** Where replicas share state; without it, this process's memory. */
const stateSection = z.strictObject({
  /** redis://[user:password@]host:port[/db] (rediss:// for TLS); absent: this process's memory. */
  redis: z
    .url({
      protocol: /^rediss?$/,
      error: "redis must be a redis:// or rediss:// URL, like redis://127.0.0.1:6379",
    })
    .optional(),
  /** Prefix of every key and channel, so several meshes can share one Redis. */
  key_prefix: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, "key_prefix is up to 64 letters, digits and : _ . -")
    .default("agent-mesh:"),
  /** Signs confirmation tokens; default a random key that the first replica stores in Redis. */
  confirm_secret: z
    .string()
    .min(32, "confirm_secret must be at least 32 characters (e.g. `openssl rand -hex 32`)")
    .optional(),
});

/**
 * The schema of mesh.yaml, with one `integrations` entry per first-party platform. `known`
 * names platforms whose code is not loaded (the gateway loads only those mesh.yaml enables):
 * their entries are accepted only when disabled.
 */
export function meshSchema(platforms: readonly AnyPlatform[], known: readonly string[] = []) {
  const loaded = new Set(platforms.map((platform) => platform.name));
  const integrations = z.strictObject(
    Object.fromEntries([
      ...platforms.map((platform) => [platform.name, integrationSchema(platform).optional()]),
      ...known
        .filter((name) => !loaded.has(name))
        .map((name) => [name, disabledIntegration.optional()]),
    ]) as Record<string, ReturnType<typeof integrationEntry>>,
  );
  const servers = z
    .record(
      z
        .string()
        .regex(serverName, "server names are lower-case letters, digits, _ and -, up to 32"),
      serverEntry,
    )
    .default({});
  /** One tenant: its own credentials, servers and policy (docs/tenants.md); nothing inherited. */
  const tenant = z.strictObject({
    integrations: integrations.default({}),
    servers,
    policy: policySchema.nullish(),
  });
  return z
    .strictObject({
      version: z.literal(1).optional(),
      gateway: gateway.default(gateway.parse({})),
      integrations: integrations.optional(),
      servers,
      tools: toolsSection.default(toolsSection.parse({})),
      state: stateSection.optional(),
      database: databaseSection,
      audit: auditSection.default(AUDIT_DEFAULTS),
      approvals: approvalsSection.default(APPROVALS_DEFAULTS),
      pinning: pinningSection.default(PINNING_DEFAULTS),
      policy: policySchema.nullish(),
      /** Sign-in: the identity provider's access tokens and API keys (docs/auth.md). */
      auth: authSection.optional(),
      /** Roles (viewer, deployer, admin built in) and what each may see and call. */
      roles: rolesSection,
      telemetry: telemetrySection.default(TELEMETRY_DEFAULTS),
      costs: costsSection.default(COSTS_DEFAULTS),
      workflows: workflowsSection,
      hooks: hooksSection.default(HOOKS_DEFAULTS),
      triggers: triggersSection,
      /** Tenants, each with its own integrations, servers and policy (docs/tenants.md). */
      tenants: z
        .record(
          z
            .string()
            .regex(tenantName, "tenant names are lower-case letters, digits, _ and -, up to 32"),
          tenant,
        )
        .default({}),
    })
    .superRefine((config, ctx) => {
      checkPolicyClients(config.policy, config.gateway.clients, ctx);
      for (const [name, entry] of Object.entries(config.tenants)) {
        checkPolicyClients(entry.policy, config.gateway.clients, ctx, ["tenants", name, "policy"]);
      }
      checkClientTenants(config.gateway.clients, config.tenants, ctx);
      for (const [role, parent] of unknownParents(config.roles)) {
        ctx.addIssue({
          code: "custom",
          path: ["roles", role, "extends"],
          message: `no role named "${parent}"; roles are viewer, deployer, admin and those under \`roles:\``,
        });
      }
      checkTriggerWorkflows(config.triggers, config.workflows, ctx);
      if (Object.hasOwn(config.servers, "mesh")) {
        ctx.addIssue({
          code: "custom",
          path: ["servers", "mesh"],
          message:
            'the name "mesh" belongs to the gateway\'s own tools, prompts and resources (workflows, status); give this server another name',
        });
      }
    });
}

export type MeshConfig = z.output<ReturnType<typeof meshSchema>>;
export type GatewayConfig = MeshConfig["gateway"];
export type ToolsConfig = MeshConfig["tools"];
export type StateConfig = NonNullable<MeshConfig["state"]>;
export type TenantConfig = MeshConfig["tenants"][string];

/** Settings keys as mesh.yaml spells them: teamId -> team_id. */
export function settingKey(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export interface IntegrationConfig {
  enabled: boolean;
  timeout?: number | undefined;
  tool_timeouts?: Record<string, number> | undefined;
  tools?: ToolRules | undefined;
  /** Setting values by the platform's own keys (teamId), strings as the environment gives them. */
  values: Record<string, string>;
}

/** An integration whose platform is not loaded: only `enabled: false` (its other keys unread). */
const disabledIntegration = z
  .looseObject({
    enabled: z.literal(false, {
      error: "this platform was not loaded because mesh.yaml disables it; set `enabled: false`",
    }),
  })
  .transform((): IntegrationConfig => ({ enabled: false, values: {} }));

function integrationEntry(platform: AnyPlatform) {
  return integrationSchema(platform).optional();
}

function integrationSchema(platform: AnyPlatform) {
  const settings = Object.fromEntries(
    Object.entries(platform.config).map(([key, setting]) => [
      settingKey(key),
      z
        .union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))])
        // A YAML list is the environment's comma-separated form (AGENT_MESH_AWS_TABLES=a,b).
        .transform((value) => (Array.isArray(value) ? value.join(",") : String(value)))
        .superRefine((value, ctx) => {
          const parsed = setting.schema.safeParse(value);
          // Never echo the value: it may be a secret.
          if (!parsed.success) {
            ctx.addIssue({
              code: "custom",
              message: `not a valid value for ${setting.env} (${setting.description}): ${parsed.error.issues[0]?.message ?? "bad value"}`,
            });
          }
        })
        .optional(),
    ]),
  );
  return z
    .strictObject({ ...downstreamCommon, ...settings })
    .nullable()
    .transform((value): IntegrationConfig => {
      const { enabled = true, timeout, tool_timeouts, tools, ...rest } = value ?? {};
      const values: Record<string, string> = {};
      for (const key of Object.keys(platform.config)) {
        const given = (rest as Record<string, string | undefined>)[settingKey(key)];
        if (given !== undefined) values[key] = given;
      }
      return { enabled: enabled as boolean, timeout, tool_timeouts, tools, values };
    });
}
