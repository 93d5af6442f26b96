import { z } from "zod";
import { duration } from "../config/duration-schema.js";

/** `database:` in mesh.yaml: one PostgreSQL for the mesh's durable records (audit now). */
export const databaseSection = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "database must be a postgres:// URL, like postgres://user@host/db")
  .optional();

/** `audit:` in mesh.yaml: the append-only, hash-chained record of every call. */
export const auditSection = z.strictObject({
  enabled: z.boolean().default(true),
  /** Records older than this are pruned (at start and daily). */
  retention: duration.default(90 * 86_400_000),
  /**
   * When a record cannot be written: `closed` refuses the call (upstream_unavailable), `open`
   * lets it run and logs the failure. Default: closed for side-effecting tools, open for read-only.
   */
  on_failure: z
    .strictObject({
      side_effects: z.enum(["closed", "open"]).default("closed"),
      read_only: z.enum(["closed", "open"]).default("open"),
    })
    .default({ side_effects: "closed", read_only: "open" }),
  /** Arguments whose JSON is longer than this are stored as their SHA-256 and size only. */
  max_argument_bytes: z.number().int().min(64).default(4096),
});

/** `approvals:` in mesh.yaml: a person says yes before a destructive call runs. */
export const approvalsSection = z.strictObject({
  /** false: no gateway approvals (first-party tools keep their own confirmation). */
  enabled: z.boolean().default(true),
  /** How long an approval request (and a given approval) stays usable. */
  ttl: duration.default(10 * 60_000),
  /**
   * How long a call that needs an operator's approval (its client cannot elicit) waits for the
   * decision before answering confirmation_required; 0 (default): it answers at once.
   */
  wait: z.union([z.literal(0), duration]).default(0),
  /** Roles allowed to approve or deny through the admin routes (and the CLI). */
  operator_roles: z.array(z.string().min(1)).default(["operator", "admin"]),
});

export type AuditConfig = z.output<typeof auditSection>;
export type ApprovalsConfig = z.output<typeof approvalsSection>;
export const AUDIT_DEFAULTS: AuditConfig = auditSection.parse({});
export const APPROVALS_DEFAULTS: ApprovalsConfig = approvalsSection.parse({});
