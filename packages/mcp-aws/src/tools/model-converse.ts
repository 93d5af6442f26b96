import { allowedResource, defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { ConverseCommand, type Message } from "@aws-sdk/client-bedrock-runtime";
import { z } from "zod";
import { MODEL } from "../allow-list.js";
import type { AwsClients } from "../clients.js";

/** Characters of one prompt, message or system text (model context windows hold about this). */
const MAX_TEXT_CHARS = 200_000;

const message = z.object({
  role: z.enum(["user", "assistant"]),
  text: z.string().min(1).max(MAX_TEXT_CHARS),
});

export const modelConverse = defineTool({
  name: "aws_model_converse",
  title: "Ask a Bedrock model",
  description:
    "Sends a prompt, or a conversation that ends with a user message, to a Bedrock model through the Converse API; returns its text, stop reason and token usage.",
  input: z.object({
    prompt: z
      .string()
      .min(1)
      .max(MAX_TEXT_CHARS)
      .optional()
      .describe("A single user message (or give messages)"),
    messages: z
      .array(message)
      .min(1)
      .max(100)
      .optional()
      .describe("The conversation, alternating user and assistant, ending with user"),
    system: z.string().min(1).max(MAX_TEXT_CHARS).optional().describe("System instructions"),
    model_id: z
      .string()
      .min(1)
      .optional()
      .describe("Model or inference profile id (default: the first in AGENT_MESH_AWS_MODELS)"),
    max_tokens: z.number().int().min(1).max(100_000).default(1024),
    temperature: z.number().min(0).max(1).optional(),
  }),
  output: z.object({
    model_id: z.string(),
    text: z.string(),
    stop_reason: z
      .string()
      .describe("end_turn, max_tokens, stop_sequence, guardrail_intervened, content_filtered, ..."),
    usage: z.object({
      input_tokens: z.number().int(),
      output_tokens: z.number().int(),
      total_tokens: z.number().int(),
    }),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.model_id}: ${out.stop_reason}, ${out.usage.output_tokens} output token(s)`,
  run: async (input, ctx: ToolContext<AwsClients>) => {
    if ((input.prompt === undefined) === (input.messages === undefined)) {
      throw new PlatformError(
        "invalid_request",
        "Give either prompt or messages, not both or neither.",
      );
    }
    const modelId = allowedResource(MODEL, ctx.client.config.models, input.model_id);
    const messages: Message[] = (
      input.messages ?? [{ role: "user", text: input.prompt as string }]
    ).map((m) => ({ role: m.role, content: [{ text: m.text }] }));
    const out = await ctx.client.bedrockRuntime.send(
      new ConverseCommand({
        modelId,
        messages,
        system: input.system === undefined ? undefined : [{ text: input.system }],
        inferenceConfig: { maxTokens: input.max_tokens, temperature: input.temperature },
      }),
      { abortSignal: ctx.signal },
    );
    const text = (out.output?.message?.content ?? [])
      .map((block) => ("text" in block && typeof block.text === "string" ? block.text : ""))
      .join("");
    const usage = out.usage;
    return {
      model_id: modelId,
      text,
      stop_reason: out.stopReason ?? "end_turn",
      usage: {
        input_tokens: usage?.inputTokens ?? 0,
        output_tokens: usage?.outputTokens ?? 0,
        total_tokens: usage?.totalTokens ?? 0,
      },
    };
  },
});
