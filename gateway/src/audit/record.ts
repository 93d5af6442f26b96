import { createHash } from "node:crypto";
import { stableStringify } from "@agent-mesh/core";

/** What a record is about. */
export type AuditKind =
  | "call"
  | "approval"
  | "violation"
  | "reload"
  | "quarantine"
  | "finding"
  | "webhook";

/** One entry of the audit log, as appended (no secret or sensitive value ever in it). */
export interface AuditEntry {
  kind: AuditKind;
  /** Caller id (a client name, "cli", "stdio", "anonymous"), or "gateway" for its own events. */
  caller: string;
  /** The caller's tenant (docs/tenants.md); absent for untenanted callers and gateway events. */
  tenant?: string | undefined;
  address?: string | undefined;
  tool?: string | undefined;
  downstream?: string | undefined;
  /** Redacted arguments, or `{ sha256, bytes }` when they were large. */
  arguments?: unknown;
  /** "ok", an envelope code, "error", "protocol_error", "cancelled", or the event's result. */
  outcome: string;
  duration_ms?: number | undefined;
  /** The policy rule that applied ("mesh.yaml:42 <id>"). */
  rule?: string | undefined;
  /** The approval that applied: how and by whom. */
  approval?: unknown;
  /** Anything else: violations, the reload's changes, a finding. */
  detail?: unknown;
}

/** A stored record: the entry, when, its place in the chain and its hash. */
export interface AuditRecord extends AuditEntry {
  seq: number;
  /** Milliseconds since the epoch. */
  at: number;
  prev_hash: string;
  hash: string;
}

/** The hash of the first record's predecessor. */
export const GENESIS = "0".repeat(64);

/** The record's hash: its content and its predecessor's hash, so no record can change unseen. */
export function recordHash(record: Omit<AuditRecord, "hash" | "seq">): string {
  const { prev_hash, ...content } = record;
  return createHash("sha256").update(prev_hash).update(stableStringify(content)).digest("hex");
}
