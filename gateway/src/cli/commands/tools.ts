import { MESH_OPTIONS, parse } from "../args.js";
import type { Io } from "../io.js";
import { meshForCommand } from "../mesh-for-cli.js";
import { notReadyWarnings } from "../warnings.js";

export const TOOLS_HELP = `Usage: agent-mesh tools [--json] [--config FILE] [--sandbox]

Lists every tool of the mesh: first-party platforms and third-party servers, merged.
  --json          the tools as MCP lists them (names, schemas, annotations)
  --config FILE   mesh.yaml to use (default ./mesh.yaml, or every platform from the environment)
  --sandbox       point every first-party platform at the local sandbox
`;

export async function toolsCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse("tools", argv, { ...MESH_OPTIONS, json: { type: "boolean" } });
  if (values.help) {
    io.out(TOOLS_HELP);
    return 0;
  }
  const running = await meshForCommand(io, values);
  try {
    const entries = [...running.mesh.catalog.tools.values()];
    for (const warning of notReadyWarnings(running.mesh)) io.err(`${warning}\n`);
    if (values.json) {
      io.out(
        `${JSON.stringify(
          entries.map((entry) => ({ ...entry.exposed, server: entry.downstream.name })),
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const width = Math.max(4, ...entries.map((entry) => entry.exposed.name.length));
    const sourceWidth = Math.max(6, ...entries.map((entry) => entry.downstream.name.length));
    io.out(`${"TOOL".padEnd(width)}  ${"SOURCE".padEnd(sourceWidth)}  DESCRIPTION\n`);
    for (const { exposed, downstream } of entries) {
      io.out(
        `${exposed.name.padEnd(width)}  ${downstream.name.padEnd(sourceWidth)}  ${summary(exposed.description)}\n`,
      );
    }
    io.out(`\n${entries.length} tools from ${running.mesh.list().length} downstreams\n`);
    return 0;
  } finally {
    await running.close();
  }
}

function summary(description: string | undefined): string {
  if (!description) return "";
  const line = description.split("\n")[0]!;
  const end = line.search(/\.(\s|$)/);
  const sentence = end === -1 ? line : line.slice(0, end + 1);
  return sentence.length > 90 ? `${sentence.slice(0, 87)}...` : sentence;
}
