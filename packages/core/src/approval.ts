import type { Caller } from "./caller.js";
import type { PlatformError } from "./errors.js";

/** Asks the person at the client (MCP elicitation): true or false, undefined when it cannot ask. */
export type AskUser = (message: string) => Promise<boolean | undefined>;

/** A dangerous call waiting for a yes: everything an approver may show, bind to and decide on. */
export interface ApprovalRequest {
  platform: string;
  tool: string;
  /**
   * The call's arguments without confirm_token and idempotency_key, with sensitive fields
   * replaced by [REDACTED]: safe to show a person, log or store.
   */
  args: Record<string, unknown>;
  /**
   * A hash of the tool and its exact arguments, sensitive ones included: bind an approval to it,
   * so a yes for one call never lets a different one through.
   */
  fingerprint: string;
  /** One sentence saying what will happen (sensitive values already masked). */
  what: string;
  /** The confirm_token the caller sent back, if any. */
  token?: string | undefined;
  /** Asks the user through MCP elicitation; absent when the client cannot. */
  ask?: AskUser | undefined;
  /** Who is calling, when the caller is known (the gateway's pipeline sets it). */
  caller?: Caller | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Decides whether a dangerous call may run. Confirmation by the user and approval by an operator
 * are one concept: a standalone server uses the confirm-token/elicitation flow
 * (`confirmTokenApprover`); the gateway supplies its own, so a person can approve first-party and
 * third-party tools alike. Resolves undefined to let the call run, or the refusal to answer with
 * (confirmation_required with a token to come back with, policy_denied, ...).
 */
export interface Approver {
  approve(request: ApprovalRequest): Promise<PlatformError | undefined>;
}
