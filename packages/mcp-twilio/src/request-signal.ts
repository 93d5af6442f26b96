import { AsyncLocalStorage } from "node:async_hooks";
import type { AnyObjectSchema, ToolDefinition } from "@agent-mesh/core";
import type { TwilioClient } from "./client.js";

/**
 * The calling tool's AbortSignal, for the HTTP client under the SDK: the SDK's request options
 * carry no signal, so a cancelled call would otherwise wait for Twilio's answer.
 */
export const requestSignal = new AsyncLocalStorage<AbortSignal>();

type TwilioTool = ToolDefinition<AnyObjectSchema, AnyObjectSchema, TwilioClient>;

/** The tool, with its run made under its call's signal. */
export function withRequestSignal(tool: TwilioTool): TwilioTool {
  return {
    ...tool,
    run: (input, ctx) => requestSignal.run(ctx.signal, () => tool.run(input, ctx)),
  };
}
