import { userInfo } from "node:os";
import type { Caller } from "@agent-mesh/core";
import { nearest } from "../../config/suggest.js";
import { MESH_OPTIONS, parse, text } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";
import { meshForCommand } from "../mesh-for-cli.js";

export const CALL_HELP = `Usage: agent-mesh call <tool> [--args JSON | key=value ...] [--json] [--config FILE] [--sandbox]

Calls one tool of the mesh and prints its result.
  --args JSON     the arguments as one JSON object
  key=value       one argument; the value is read as JSON when it parses (3, true, ["a"]), else as text
  --json          print the whole MCP result, errors included, and exit 0 unless the call failed to run
Examples:
  agent-mesh call vercel_project_list --sandbox
  agent-mesh call vercel_deployment_create project=web ref=main --sandbox
`;

export async function callCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "call",
    argv,
    { ...MESH_OPTIONS, args: { type: "string" }, json: { type: "boolean" } },
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

  const running = await meshForCommand(io, values);
  try {
    const { catalog } = running.mesh;
    if (!catalog.tools.has(tool)) {
      const suggestion = nearest(tool, catalog.tools.keys());
      throw new CliError(
        `no tool named ${tool} in the mesh`,
        suggestion ? `did you mean ${suggestion}?` : "`agent-mesh tools` lists the tools",
      );
    }
    // One in-process hop: the call goes through the mesh's pipeline like any other.
    const result = await running.mesh.callTool({
      caller: cliCaller(),
      name: tool,
      arguments: args,
      onProgress: ({ progress, total, message }) => {
        const share = total ? ` ${Math.round((progress / total) * 100)}%` : ` ${progress}`;
        io.err(`progress${share}${message ? `: ${message}` : ""}\n`);
      },
    });
    if (values.json) {
      io.out(`${JSON.stringify(result, null, 2)}\n`);
      return result.isError ? 1 : 0;
    }
    if (result.isError) {
      const envelope = result.structuredContent as { code?: string; message?: string } | undefined;
      const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
      throw new CliError(
        envelope?.message ? `${envelope.code}: ${envelope.message}` : text || "the tool failed",
      );
    }
    if (result.structuredContent) io.out(`${JSON.stringify(result.structuredContent, null, 2)}\n`);
    else {
      for (const content of result.content) {
        io.out(content.type === "text" ? `${content.text}\n` : `[${content.type} content]\n`);
      }
    }
    return 0;
  } finally {
    await running.close();
  }
}

/** The person running the CLI, as the mesh records callers. */
function cliCaller(): Caller {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    // No user database entry (some containers): the kind says enough.
  }
  return { id: "cli", name: `agent-mesh CLI (${user})`, kind: "cli", roles: [] };
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
