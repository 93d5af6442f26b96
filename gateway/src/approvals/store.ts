import { randomBytes } from "node:crypto";
import type { MeshState } from "../state/index.js";

/** A destructive call waiting for an operator, as `agent-mesh approvals list` shows it. */
export interface PendingApproval {
  id: string;
  status: "pending" | "approved" | "denied";
  /** The caller id the approval is bound to. */
  caller: string;
  /** The caller's tenant: only that tenant's operators see and decide it (docs/tenants.md). */
  tenant?: string;
  tool: string;
  downstream: string;
  /** Redacted arguments: safe to show. */
  args: unknown;
  /** One line: exactly what will happen. */
  what: string;
  /** Hash of caller, tool and exact arguments: the approval lets only this call through. */
  fingerprint: string;
  created_at: string;
  expires_at: string;
  /** Who decided, and why (deny --reason). */
  by?: string;
  reason?: string;
}

/** How many recent requests `list` looks through. */
const LIST_WINDOW = 500;

/**
 * Approval requests in the mesh's shared state (memory, or Redis so any replica completes one):
 * created by the approval stage, decided once by an operator, used once by the caller.
 */
export class ApprovalStore {
  constructor(
    private readonly state: MeshState,
    private readonly now: () => number = Date.now,
  ) {}

  async create(
    request: Omit<PendingApproval, "id" | "status" | "created_at" | "expires_at">,
    ttlMs: number,
  ): Promise<PendingApproval> {
    const id = `apr_${randomBytes(9).toString("base64url")}`;
    const at = this.now();
    const record: PendingApproval = {
      ...request,
      id,
      status: "pending",
      created_at: new Date(at).toISOString(),
      expires_at: new Date(at + ttlMs).toISOString(),
    };
    await this.state.set(key(id), JSON.stringify(record), ttlMs);
    const slot = await this.state.increment("approval-seq", 1, 365 * 86_400_000);
    await this.state.set(`approval-slot:${slot}`, id, ttlMs);
    return record;
  }

  async get(id: string): Promise<PendingApproval | undefined> {
    if (!/^apr_[A-Za-z0-9_-]{1,32}$/.test(id)) return undefined;
    const text = await this.state.get(key(id));
    if (!text) return undefined;
    const record = JSON.parse(text) as PendingApproval;
    return Date.parse(record.expires_at) > this.now() ? record : undefined;
  }

  /** Requests not yet expired, newest last; given a tenant, only that tenant's. */
  async list(tenant?: string): Promise<PendingApproval[]> {
    const last = await this.state.increment("approval-seq", 0, 365 * 86_400_000);
    const found: PendingApproval[] = [];
    for (let slot = Math.max(1, last - LIST_WINDOW + 1); slot <= last; slot++) {
      const id = await this.state.get(`approval-slot:${slot}`);
      const record = id ? await this.get(id) : undefined;
      if (record && (tenant === undefined || record.tenant === tenant)) found.push(record);
    }
    return found;
  }

  /**
   * Approves or denies a pending request, once: a second decision, an unknown or expired id,
   * is refused with the reason.
   */
  async decide(
    id: string,
    decision: "approved" | "denied",
    by: string,
    reason?: string,
  ): Promise<{ ok: true; record: PendingApproval } | { ok: false; problem: string }> {
    const record = await this.get(id);
    if (!record) return { ok: false, problem: `no approval request ${id} (unknown or expired)` };
    const ttl = Date.parse(record.expires_at) - this.now();
    if (record.status !== "pending" || !(await this.state.claim(`${key(id)}:decided`, by, ttl)))
      return { ok: false, problem: `approval request ${id} was already decided` };
    const decided: PendingApproval = {
      ...record,
      status: decision,
      by,
      ...(reason ? { reason } : {}),
    };
    await this.state.set(key(id), JSON.stringify(decided), ttl);
    // Calls waiting for it (approvals.wait), on any replica, learn at once; they also look
    // now and then, so a lost message only delays them.
    await this.state.publish(decidedChannel(id), decision).catch(() => {});
    return { ok: true, record: decided };
  }

  /** Calls `handler` when request `id` is decided, on whichever replica; returns the unsubscribe. */
  onDecided(id: string, handler: () => void): () => void {
    return this.state.subscribe(decidedChannel(id), handler);
  }

  /** Marks an approval used; true only the first time, whichever replica asks. */
  async use(record: PendingApproval): Promise<boolean> {
    const ttl = Date.parse(record.expires_at) - this.now();
    return ttl > 0 && (await this.state.claim(`${key(record.id)}:used`, "1", ttl));
  }
}

function decidedChannel(id: string): string {
  return `approval-decided:${id}`;
}

function key(id: string): string {
  return `approval:${id}`;
}
