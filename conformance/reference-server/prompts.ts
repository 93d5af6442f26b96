import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { RED_PIXEL_PNG } from "./media.ts";

/** Values offered when a client completes arg1 of test_prompt_with_arguments. */
const ARG1_VALUES = ["paris", "park", "party", "test", "testValue1"];

/** Prompts: plain, with arguments (arg1 completable), with an embedded resource, with an image. */
export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    "test_simple_prompt",
    { description: "A prompt with no arguments." },
    () => ({
      messages: [
        { role: "user", content: { type: "text", text: "This is a simple prompt for testing." } },
      ],
    }),
  );

  server.registerPrompt(
    "test_prompt_with_arguments",
    {
      description: "A prompt that repeats its two arguments.",
      argsSchema: {
        arg1: completable(z.string().describe("First test argument"), (value) =>
          ARG1_VALUES.filter((candidate) => candidate.startsWith(value)),
        ),
        arg2: z.string().describe("Second test argument"),
      },
    },
    ({ arg1, arg2 }) => ({
      messages: [
        {
          role: "user",
          content: { type: "text", text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` },
        },
      ],
    }),
  );

  server.registerPrompt(
    "test_prompt_with_embedded_resource",
    {
      description: "A prompt that embeds the resource named by resourceUri.",
      argsSchema: { resourceUri: z.string().describe("URI of the resource to embed") },
    },
    ({ resourceUri }) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "resource",
            resource: {
              uri: resourceUri,
              mimeType: "text/plain",
              text: "Embedded resource content for testing.",
            },
          },
        },
        {
          role: "user",
          content: { type: "text", text: "Please process the embedded resource above." },
        },
      ],
    }),
  );

  server.registerPrompt(
    "test_prompt_with_image",
    { description: "A prompt that carries an image." },
    () => ({
      messages: [
        { role: "user", content: { type: "image", data: RED_PIXEL_PNG, mimeType: "image/png" } },
        { role: "user", content: { type: "text", text: "Please analyze the image above." } },
      ],
    }),
  );
}
