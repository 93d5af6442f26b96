import type { ClientRequests } from "../pipeline/context.js";
import type { Io } from "./io.js";

interface FormField {
  type?: string;
  default?: unknown;
}

/**
 * How the CLI answers a tool's request for confirmation (MCP elicitation): with --yes it agrees
 * and says so; in a terminal it shows exactly what will happen and reads y/N; otherwise it cannot
 * ask, and the tool falls back to its confirm token.
 */
export function cliAnswers(io: Io, yes: boolean): ClientRequests | undefined {
  const ask = io.ask;
  if (!yes && !ask) return undefined;
  return {
    supports: (method, params) => method === "elicitation/create" && params?.mode !== "url",
    async send(request) {
      const params = request.params ?? {};
      const message = String(params.message ?? "The tool asks for confirmation.");
      const content = formAnswers(params.requestedSchema);
      if (!content) {
        io.err(`${message}\n  the CLI cannot fill in this form; answered cancel\n`);
        return { action: "cancel" };
      }
      if (yes) {
        io.err(`${message}\n  confirmed by --yes\n`);
        return { action: "accept", content };
      }
      const answer = await ask!(`${message} [y/N] `);
      return /^\s*y(es)?\s*$/i.test(answer) ? { action: "accept", content } : { action: "decline" };
    },
  };
}

/** Yes to every boolean, defaults elsewhere; undefined when a required field has neither. */
function formAnswers(schema: unknown): Record<string, unknown> | undefined {
  const { properties = {}, required = [] } = (schema ?? {}) as {
    properties?: Record<string, FormField>;
    required?: string[];
  };
  const content: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(properties)) {
    if (field.type === "boolean") content[key] = true;
    else if (field.default !== undefined) content[key] = field.default;
    else if (required.includes(key)) return undefined;
  }
  return content;
}
