import { CONFIRM_TOKEN_KEY } from "@agent-mesh/core";
import type { CallContext } from "../pipeline/context.js";

/**
 * Whether a call needs a person's yes before it runs: policy asked for it, or the tool says it is
 * destructive and neither policy waived it nor the caller consented beforehand (a workflow step). A first-party tool that runs its own confirmation (its
 * schema takes a confirm_token) asks once, itself: the gateway never asks a second time.
 */
export function needsApproval(ctx: CallContext): boolean {
  if (ownConfirmation(ctx)) return false;
  if (ctx.policy?.approval === "required") return true;
  // The mesh's own tools (start or cancel a run) act through calls that are approved one by one.
  if (ctx.downstream.spec.kind === "mesh") return false;
  return (
    ctx.entry.exposed.annotations?.destructiveHint === true &&
    ctx.policy?.approval !== "waived" &&
    ctx.request.consented !== true
  );
}

function ownConfirmation(ctx: CallContext): boolean {
  if (ctx.downstream.spec.kind !== "platform") return false;
  const properties = ctx.entry.exposed.inputSchema.properties as
    | Record<string, unknown>
    | undefined;
  return properties !== undefined && CONFIRM_TOKEN_KEY in properties;
}
