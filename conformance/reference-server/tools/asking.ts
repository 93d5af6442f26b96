import {
  CreateMessageResultSchema,
  type ElicitRequest,
  ElicitResultSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { DEFAULTS_SCHEMA, ENUMS_SCHEMA } from "./elicitation-schemas.ts";
import { type Extra, NO_ARGUMENTS, type ReferenceTool, stringArguments, text } from "./tool.ts";

const READ_ONLY = { readOnlyHint: true, openWorldHint: false };

/** Tools that ask the client something during the call: sampling and elicitation. */
export const ASKING_TOOLS: ReferenceTool[] = [
  {
    name: "test_sampling",
    description: "Asks the client's model to answer a prompt (sampling/createMessage).",
    inputSchema: stringArguments({ prompt: "The prompt to send to the model" }),
    annotations: READ_ONLY,
    run: async (args, extra) => {
      const result = await extra.sendRequest(
        {
          method: "sampling/createMessage",
          params: {
            messages: [{ role: "user", content: { type: "text", text: String(args.prompt) } }],
            maxTokens: 100,
          },
        },
        CreateMessageResultSchema,
      );
      const { content } = result;
      return text(`LLM response: ${content.type === "text" ? content.text : `[${content.type}]`}`);
    },
  },
  {
    name: "test_elicitation",
    description: "Asks the user for a username and an email (elicitation/create).",
    inputSchema: stringArguments({ message: "The message to show the user" }),
    annotations: READ_ONLY,
    run: (args, extra) =>
      elicit(extra, {
        message: String(args.message),
        requestedSchema: {
          type: "object",
          properties: {
            username: { type: "string", description: "User's response" },
            email: { type: "string", description: "User's email address" },
          },
          required: ["username", "email"],
        },
      }),
  },
  {
    name: "test_elicitation_sep1034_defaults",
    description: "Elicits one field of each primitive type, each with a default (SEP-1034).",
    inputSchema: NO_ARGUMENTS,
    annotations: READ_ONLY,
    run: (_args, extra) =>
      elicit(extra, {
        message: "Please review the defaults and accept or change them",
        requestedSchema: DEFAULTS_SCHEMA,
      }),
  },
  {
    name: "test_elicitation_sep1330_enums",
    description: "Elicits the five enum forms: (un)titled single and multi select, legacy.",
    inputSchema: NO_ARGUMENTS,
    annotations: READ_ONLY,
    run: (_args, extra) =>
      elicit(extra, { message: "Please pick from each list", requestedSchema: ENUMS_SCHEMA }),
  },
];

/** Sends a form elicitation on the call's own request and reports the user's answer as text. */
async function elicit(extra: Extra, params: ElicitRequest["params"]) {
  const result = await extra.sendRequest(
    { method: "elicitation/create", params },
    ElicitResultSchema,
  );
  return text(
    `Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`,
  );
}
