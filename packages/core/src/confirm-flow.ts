import type { ApprovalRequest, Approver } from "./approval.js";
import type { ConfirmationManager } from "./confirm.js";
import { PlatformError } from "./errors.js";

const TOKEN_PROBLEMS = {
  malformed: "not one this server issued",
  mismatch: "for different arguments",
  expired: "expired",
  used: "already used",
} as const;

/**
 * The standalone server's approver: a valid confirm_token or the user's yes through elicitation
 * lets the call through; otherwise it answers confirmation_required with a fresh single-use
 * token bound to the call's fingerprint (the exact arguments, secrets included, never stored).
 */
export function confirmTokenApprover(confirmer: ConfirmationManager): Approver {
  const needsToken = async ({ tool, fingerprint }: ApprovalRequest, what: string) => {
    const { token, expiresAt } = await confirmer.issue(tool, fingerprint);
    return new PlatformError(
      "confirmation_required",
      `${what} This needs confirmation: after the user agrees, call ${tool} again with the same arguments and confirm_token set to the token in details (valid until ${expiresAt}, once).`,
      { details: { confirm_token: token, expires_at: expiresAt } },
    );
  };
  return {
    async approve(request) {
      const { tool, fingerprint, what, token } = request;
      if (typeof token === "string") {
        const check = await confirmer.redeem(tool, fingerprint, token);
        if (check === "ok") return undefined;
        return needsToken(request, `${what} The confirm_token given is ${TOKEN_PROBLEMS[check]}.`);
      }
      const answer = request.ask ? await request.ask(`${what} Proceed?`) : undefined;
      if (answer === true) return undefined;
      if (answer === false)
        return new PlatformError("confirmation_required", `Not done: the user declined. ${what}`);
      return needsToken(request, what);
    },
  };
}
