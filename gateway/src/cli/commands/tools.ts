import { nearest } from "../../config/suggest.js";
import { parse, TARGET_OPTIONS } from "../args.js";
import { CliError } from "../cli-error.js";
import { describeTool, wrap } from "../describe-tool.js";
import type { Io } from "../io.js";
import { openTarget } from "../target.js";
import { approveCommand } from "./tools-approve.js";

export const TOOLS_HELP = `Usage: agent-mesh tools [<tool>] [--json] [--wide] [--url URL | --local] [--config FILE] [--sandbox]
       agent-mesh tools approve <server> [<tool>]

Lists every tool of the mesh: first-party platforms and third-party servers, merged. With a tool's
name, describes that tool: its arguments, their types, which are required, and a sample call.
It asks the gateway that \`agent-mesh start\` is running when there is one, else an in-process mesh.
  --json          the tools as MCP lists them (names, schemas, annotations)
  --wide          each description in full on one line, instead of its first sentence wrapped
  --url URL       the gateway to ask (default: the running one; AGENT_MESH_URL, AGENT_MESH_TOKEN)
  --local         use an in-process mesh even when a gateway is running
  --config FILE   mesh.yaml to use in-process (default ./mesh.yaml, or every platform from the environment)
  --sandbox       point every first-party platform at the local sandbox

\`tools approve\` accepts a third-party server's tools as they are now (or one tool) into mesh.lock:
a tool whose description, schema or annotations changed since it was pinned, or a new tool, stays
quarantined (hidden from every client) until then. Review the change first (\`git diff mesh.lock\`
shows which; \`agent-mesh doctor\` lists quarantined tools and scan findings).
`;

export async function toolsCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "tools",
    argv,
    { ...TARGET_OPTIONS, json: { type: "boolean" }, wide: { type: "boolean" } },
    true,
  );
  if (positionals[0] === "approve") return approveCommand(positionals.slice(1), values, io);
  if (positionals.length > 1) {
    throw new CliError("tools: give at most one tool name", "agent-mesh tools [<tool>]", 2);
  }
  if (values.help) {
    io.out(TOOLS_HELP);
    return 0;
  }
  const target = await openTarget(io, values);
  try {
    const tools = await target.tools();
    for (const warning of target.warnings()) io.err(`${warning}\n`);
    const [name] = positionals;
    if (name !== undefined) {
      const tool = tools.find((t) => t.name === name);
      if (!tool) {
        const suggestion = nearest(
          name,
          tools.map((t) => t.name),
        );
        throw new CliError(
          `no tool named ${name} in the mesh`,
          suggestion ? `did you mean ${suggestion}?` : "`agent-mesh tools` lists the tools",
        );
      }
      io.out(values.json ? `${JSON.stringify(tool, null, 2)}\n` : describeTool(tool));
      return 0;
    }
    if (values.json) {
      io.out(`${JSON.stringify(tools, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(4, ...tools.map((tool) => tool.name.length));
    const sourceWidth = Math.max(6, ...tools.map((tool) => tool.server.length));
    io.out(`${"TOOL".padEnd(width)}  ${"SOURCE".padEnd(sourceWidth)}  DESCRIPTION\n`);
    const indent = " ".repeat(width + sourceWidth + 4);
    for (const tool of tools) {
      const head = `${tool.name.padEnd(width)}  ${tool.server.padEnd(sourceWidth)}  `;
      if (values.wide) {
        io.out(`${head}${(tool.description ?? "").replace(/\s+/g, " ").trim()}\n`);
        continue;
      }
      // The first sentence, wrapped under its column: never cut short.
      const [first = "", ...rest] = wrap(summary(tool.description), 100, indent);
      io.out(`${head}${first.trimStart()}\n${rest.map((line) => `${line}\n`).join("")}`);
    }
    const servers = new Set(tools.map((tool) => tool.server)).size;
    io.out(`\n${tools.length} tools from ${servers} downstream${servers === 1 ? "" : "s"}\n`);
    return 0;
  } finally {
    await target.close();
  }
}

/** The description's first sentence. */
function summary(description: string | undefined): string {
  if (!description) return "";
  const line = description.split("\n")[0]!;
  const end = line.search(/\.(\s|$)/);
  return end === -1 ? line : line.slice(0, end + 1);
}
