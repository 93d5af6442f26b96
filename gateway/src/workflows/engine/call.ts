import { CONFIRM_TOKEN_KEY, IDEMPOTENCY_KEY, readEnvelope } from "@agent-mesh/core";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { APPROVAL_ID_KEY, APPROVAL_META } from "../../pipeline/approval.js";
import type { EngineHost, StepInput } from "./types.js";

export type CallOutcome =
  | { ok: true; output: unknown }
  | {
      ok: false;
      code: string;
      message: string;
      /** The operator approval the pipeline asked for (confirmation_required). */
      approvalId?: string;
    };

export interface StepCallOptions {
  timeoutMs?: number | undefined;
  /**
   * `confirm: auto`: the step has the operator's consent (mesh.yaml), so it answers a tool's
   * confirmation with its token and a destructive tool needs no approval of its own; `ask`
   * (or false) lets both come back as confirmation_required.
   */
  consented: boolean;
  /** An operator approval the pipeline asked for and a person gave: the call runs once. */
  approvalId?: string | undefined;
}

/** Codes a retry may cure (core's envelope codes); anything else fails at once. */
export const RETRYABLE = new Set(["rate_limited", "upstream_unavailable", "timeout"]);

/**
 * One tool call of a step through the mesh's pipeline, as the run's caller, so policy, limits,
 * approvals, audit and metrics apply. A tool that takes `idempotency_key` gets one derived from
 * the run and the step: a call replayed after a crash is answered from the platform's record.
 */
export async function callStepTool(
  host: EngineHost,
  input: StepInput,
  args: Record<string, unknown>,
  options: StepCallOptions,
): Promise<CallOutcome> {
  const { timeoutMs, consented, approvalId } = options;
  const name = input.step.tool!;
  const tool = await host.tool(name, input.caller);
  if (!tool) {
    return {
      ok: false,
      code: "not_found",
      message: `the mesh has no tool ${name} (is its platform configured?)`,
    };
  }
  const takesKey = Object.hasOwn(tool.inputSchema.properties ?? {}, IDEMPOTENCY_KEY);
  const withKey =
    takesKey && args[IDEMPOTENCY_KEY] === undefined
      ? { ...args, [IDEMPOTENCY_KEY]: `${input.runId}/${input.step.id}` }
      : args;
  const signal = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
  const call = (args: Record<string, unknown>) =>
    host.callTool({
      caller: input.caller,
      name,
      arguments: args,
      consented,
      ...(approvalId ? { meta: { [APPROVAL_META]: approvalId } } : {}),
      ...(signal ? { signal } : {}),
    });
  try {
    let result = await call(withKey);
    // The workflow in mesh.yaml is the operator's consent to a destructive step: it answers the
    // tool's confirmation with the token (policy approvals still apply in the pipeline). With
    // `confirm: ask` the step returns confirmation_required and asks a person first.
    const token = readEnvelope(result)?.details?.[CONFIRM_TOKEN_KEY];
    if (
      consented &&
      readEnvelope(result)?.code === "confirmation_required" &&
      typeof token === "string"
    ) {
      result = await call({ ...withKey, [CONFIRM_TOKEN_KEY]: token });
    }
    if (result.isError) {
      const envelope = readEnvelope(result);
      const text = result.content.find((c) => c.type === "text")?.text ?? "the tool failed";
      const asked = envelope?.details?.[APPROVAL_ID_KEY];
      return {
        ok: false,
        code: envelope?.code ?? "upstream_unavailable",
        message: envelope?.message ?? text,
        ...(envelope?.code === "confirmation_required" && typeof asked === "string"
          ? { approvalId: asked }
          : {}),
      };
    }
    return { ok: true, output: outputOf(result) };
  } catch (err) {
    if (err instanceof McpError)
      return { ok: false, code: "invalid_request", message: err.message };
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
      return {
        ok: false,
        code: "timeout",
        message: `${name} did not answer within ${timeoutMs} ms`,
      };
    }
    throw err;
  }
}

function outputOf(result: { structuredContent?: unknown; content: unknown[] }): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  const text = (result.content as Array<{ type: string; text?: string }>)
    .filter((c) => c.type === "text")
    .map((c) => c.text ?? "")
    .join("\n");
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}
