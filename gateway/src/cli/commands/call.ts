import { readEnvelope, UNTRUSTED_NOTICE } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { nearest } from "../../config/suggest.js";
import { cliAnswers } from "../answers.js";
import { parse, TARGET_OPTIONS, text } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";
import { openTarget } from "../target.js";

export const CALL_HELP = `Usage: agent-mesh call <tool> [--args JSON | key=value ...] [--yes] [--json] [--url URL | --local] [--config FILE] [--sandbox]

Calls one tool of the mesh and prints its result. It uses the gateway that \`agent-mesh start\` is
running when there is one (or --url / AGENT_MESH_URL, with AGENT_MESH_TOKEN), else an in-process mesh.
  --args JSON     the arguments as one JSON object
  key=value       one argument; the value is read as JSON when it parses (3, true, ["a"]), else as text
  --yes           confirm a destructive tool without asking (in a terminal the CLI asks y/N)
  --json          print the whole MCP result, errors included; exit 1 if the tool failed
  --raw           print the data alone, without the untrusted-content notices (for scripts)
  --url URL       the gateway to use (default: the running one)
  --local         use an in-process mesh even when a gateway is running
Examples:
  agent-mesh call vercel_project_list --sandbox
  agent-mesh call vercel_deployment_create project=web ref=main --sandbox
  agent-mesh call vercel_deployment_cancel deployment_id=dpl_... --yes
`;

export async function callCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "call",
    argv,
    {
      ...TARGET_OPTIONS,
      args: { type: "string" },
      json: { type: "boolean" },
      raw: { type: "boolean" },
      yes: { type: "boolean", short: "y" },
    },
    true,
  );
  if (values.help) {
    io.out(CALL_HELP);
    return 0;
  }
  const [tool, ...pairs] = positionals;
  if (!tool)
    throw new CliError(
      "call: which tool?",
      "agent-mesh call <tool> [key=value ...]; `agent-mesh tools` lists them",
      2,
    );
  const args = readArguments(text(values, "args"), pairs);

  const target = await openTarget(io, values, cliAnswers(io, values.yes === true));
  try {
    const names = (await target.tools()).map((entry) => entry.name);
    if (!names.includes(tool)) {
      const suggestion = nearest(tool, names);
      throw new CliError(
        `no tool named ${tool} in the mesh`,
        suggestion ? `did you mean ${suggestion}?` : "`agent-mesh tools` lists the tools",
      );
    }
    const result = await target.call(tool, args, {
      onProgress: ({ progress, total, message }) => {
        const share = total ? ` ${Math.round((progress / total) * 100)}%` : ` ${progress}`;
        io.err(`progress${share}${message ? `: ${message}` : ""}\n`);
      },
    });
    if (values.json) {
      io.out(`${JSON.stringify(result, null, 2)}\n`);
      return result.isError ? 1 : 0;
    }
    if (result.isError) throw failure(result, target.remote);
    if (result.structuredContent) {
      const data = values.raw ? withoutNotices(result.structuredContent) : result.structuredContent;
      io.out(`${JSON.stringify(data, null, 2)}\n`);
    } else {
      for (const content of result.content) {
        io.out(content.type === "text" ? `${content.text}\n` : `[${content.type} content]\n`);
      }
    }
    return 0;
  } finally {
    await target.close();
  }
}

/** Third-party content without its `{ notice, data }` wrapper: what a script wants. */
function withoutNotices(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNotices);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 2 && record.notice === UNTRUSTED_NOTICE && "data" in record) {
    return withoutNotices(record.data);
  }
  return Object.fromEntries(keys.map((key) => [key, withoutNotices(record[key])]));
}

/** A failed call as one line: the envelope's code and message, and how to confirm if asked. */
function failure(result: CallToolResult, remote: boolean): CliError {
  const envelope = readEnvelope(result);
  if (!envelope) {
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
    return new CliError(text || "the tool failed");
  }
  const token = envelope.details?.confirm_token;
  if (envelope.code === "confirmation_required" && typeof token === "string") {
    return new CliError(
      `${envelope.code}: ${envelope.message.replace(/ This needs confirmation:.*$/, "")}`,
      remote
        ? `to go ahead, run the same command again with confirm_token=${token} (valid once, for these arguments), or add --yes`
        : "to go ahead, add --yes, or run it in a terminal to be asked (a token from an in-process mesh dies with it)",
    );
  }
  return new CliError(`${envelope.code}: ${envelope.message}`);
}

/** --args JSON and key=value pairs, merged (pairs win). */
export function readArguments(json: string | undefined, pairs: string[]): Record<string, unknown> {
  let args: Record<string, unknown> = {};
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (err) {
      throw new CliError(
        `--args is not valid JSON: ${(err as Error).message}`,
        `quote it for the shell: --args '{"project":"web"}'`,
        2,
      );
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new CliError("--args must be a JSON object", `e.g. --args '{"project":"web"}'`, 2);
    }
    args = parsed as Record<string, unknown>;
  }
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0)
      throw new CliError(
        `"${pair}" is not key=value`,
        "write each argument as key=value, e.g. project=web",
        2,
      );
    const raw = pair.slice(at + 1);
    args[pair.slice(0, at)] = parseValue(raw);
  }
  return args;
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
