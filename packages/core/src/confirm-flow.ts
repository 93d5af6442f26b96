import type { ConfirmationManager } from "./confirm.js";
import { PlatformError } from "./errors.js";

const TOKEN_PROBLEMS = {
  malformed: "not one this server issued",
  mismatch: "for different arguments",
  expired: "expired",
  used: "already used",
} as const;

export interface ConfirmationRequest {
  tool: string;
  /** The call's arguments without confirm_token and idempotency_key: what the token binds to. */
  args: Record<string, unknown>;
  /** One sentence saying what will happen. */
  what: string;
  token: unknown;
  /** Asks the user through MCP elicitation; undefined when the client cannot. */
  ask?: ((message: string) => Promise<boolean | undefined>) | undefined;
}

/**
 * Decides whether a dangerous call may run: a valid token or the user's yes through elicitation
 * lets it through (undefined); otherwise the refusal to return, with a fresh token when useful.
 */
export async function confirmationRefusal(
  confirmer: ConfirmationManager,
  request: ConfirmationRequest,
): Promise<PlatformError | undefined> {
  const { tool, args, what, token } = request;
  if (typeof token === "string") {
    const check = await confirmer.redeem(tool, args, token);
    if (check === "ok") return undefined;
    return needsToken(
      confirmer,
      tool,
      args,
      `${what} The confirm_token given is ${TOKEN_PROBLEMS[check]}.`,
    );
  }
  const answer = request.ask ? await request.ask(`${what} Proceed?`) : undefined;
  if (answer === true) return undefined;
  if (answer === false)
    return new PlatformError("confirmation_required", `Not done: the user declined. ${what}`);
  return needsToken(confirmer, tool, args, what);
}

async function needsToken(
  confirmer: ConfirmationManager,
  tool: string,
  args: Record<string, unknown>,
  what: string,
): Promise<PlatformError> {
  const { token, expiresAt } = await confirmer.issue(tool, args);
  return new PlatformError(
    "confirmation_required",
    `${what} This needs confirmation: after the user agrees, call ${tool} again with the same arguments and confirm_token set to the token in details (valid until ${expiresAt}, once).`,
    { details: { confirm_token: token, expires_at: expiresAt } },
  );
}
