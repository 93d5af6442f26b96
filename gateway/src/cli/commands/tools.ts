import { parse, TARGET_OPTIONS } from "../args.js";
import type { Io } from "../io.js";
import { openTarget } from "../target.js";

export const TOOLS_HELP = `Usage: agent-mesh tools [--json] [--url URL | --local] [--config FILE] [--sandbox]

Lists every tool of the mesh: first-party platforms and third-party servers, merged. It asks the
gateway that \`agent-mesh start\` is running when there is one, else an in-process mesh.
  --json          the tools as MCP lists them (names, schemas, annotations)
  --url URL       the gateway to ask (default: the running one; AGENT_MESH_URL, AGENT_MESH_TOKEN)
  --local         use an in-process mesh even when a gateway is running
  --config FILE   mesh.yaml to use in-process (default ./mesh.yaml, or every platform from the environment)
  --sandbox       point every first-party platform at the local sandbox
`;

export async function toolsCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse("tools", argv, { ...TARGET_OPTIONS, json: { type: "boolean" } });
  if (values.help) {
    io.out(TOOLS_HELP);
    return 0;
  }
  const target = await openTarget(io, values);
  try {
    const tools = await target.tools();
    for (const warning of target.warnings()) io.err(`${warning}\n`);
    if (values.json) {
      io.out(`${JSON.stringify(tools, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(4, ...tools.map((tool) => tool.name.length));
    const sourceWidth = Math.max(6, ...tools.map((tool) => tool.server.length));
    io.out(`${"TOOL".padEnd(width)}  ${"SOURCE".padEnd(sourceWidth)}  DESCRIPTION\n`);
    for (const tool of tools) {
      io.out(
        `${tool.name.padEnd(width)}  ${tool.server.padEnd(sourceWidth)}  ${summary(tool.description)}\n`,
      );
    }
    const servers = new Set(tools.map((tool) => tool.server)).size;
    io.out(`\n${tools.length} tools from ${servers} downstream${servers === 1 ? "" : "s"}\n`);
    return 0;
  } finally {
    await target.close();
  }
}

function summary(description: string | undefined): string {
  if (!description) return "";
  const line = description.split("\n")[0]!;
  const end = line.search(/\.(\s|$)/);
  const sentence = end === -1 ? line : line.slice(0, end + 1);
  return sentence.length > 90 ? `${sentence.slice(0, 87)}...` : sentence;
}
