import { isAbsolute, resolve } from "node:path";
import { nearest } from "../../config/suggest.js";
import { parse, text } from "../args.js";
import { CliError } from "../cli-error.js";
import { MCP_CLIENTS } from "../connect/clients.js";
import { mergeEntry, readJsonObject, writeEntry } from "../connect/config-file.js";
import { launchFor } from "../connect/launch.js";
import type { Io } from "../io.js";

export const CONNECT_HELP = `Usage: agent-mesh connect <client> [--stdio] [--name NAME] [--global] [--file FILE] [--print] [--force] [--port N] [--config FILE] [--sandbox]

Adds this mesh to an MCP client's config file, keeping every other server in it.
Clients: ${MCP_CLIENTS.map((client) => client.id).join(", ")}
  (default)       over HTTP, to the gateway \`agent-mesh start\` runs (its URL, else --port)
  --stdio         the client starts the gateway itself, over stdio
  --name NAME     the server's name in the client (default mesh)
  --global        (cursor) ~/.cursor/mcp.json instead of the project's .cursor/mcp.json
  --file FILE     write this file instead of the client's usual one
  --print         show the file as it would be, and write nothing
  --force         replace a different entry of the same name without asking
  --sandbox       (with --stdio) start it in sandbox mode
`;

export async function connectCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "connect",
    argv,
    {
      stdio: { type: "boolean" },
      name: { type: "string" },
      port: { type: "string" },
      config: { type: "string", short: "c" },
      sandbox: { type: "boolean" },
      global: { type: "boolean" },
      file: { type: "string" },
      print: { type: "boolean" },
      force: { type: "boolean" },
    },
    true,
  );
  if (values.help) {
    io.out(CONNECT_HELP);
    return 0;
  }
  const ids = MCP_CLIENTS.map((client) => client.id);
  const [id, ...extra] = positionals;
  if (id === undefined || extra.length > 0) {
    throw new CliError("connect: name one client", `agent-mesh connect <${ids.join("|")}>`, 2);
  }
  const client = MCP_CLIENTS.find((candidate) => candidate.id === id);
  if (!client) {
    const suggestion = nearest(id, ids);
    throw new CliError(
      `connect: unknown client "${id}"`,
      suggestion
        ? `did you mean \`agent-mesh connect ${suggestion}\`?`
        : `clients: ${ids.join(", ")}`,
      2,
    );
  }
  if (values.global && !client.scopes) {
    throw new CliError(
      `connect: --global applies to cursor only; ${client.title} has one config file`,
      undefined,
      2,
    );
  }
  const name = text(values, "name") ?? "mesh";
  if (!/^[A-Za-z0-9_-]+$/.test(name))
    throw new CliError(`--name "${name}" must be letters, digits, _ and -`, undefined, 2);

  const entry = client.entry(await launchFor(io, values), name);
  const given = text(values, "file");
  const file = given
    ? isAbsolute(given)
      ? given
      : resolve(io.cwd, given)
    : client.file(io.env, io.cwd, values.global === true);
  if (values.print) {
    io.out(`${JSON.stringify(mergeEntry(readJsonObject(file), name, entry), null, 2)}\n`);
    io.err(`(not written) ${file}\n`);
  } else if (await writeEntry(io, file, name, entry, values.force === true)) {
    io.err(`wrote ${name} to ${file} (${client.title})\n`);
  } else {
    return 1;
  }
  if (entry.note) io.err(`note: ${entry.note}\n`);
  return 0;
}
