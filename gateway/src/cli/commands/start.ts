import { createLogger } from "@agent-mesh/core";
import { StdioServerTransport } from "@agent-mesh/core/node";
import { httpAuthFor } from "../../auth/index.js";
import { STDIO_CALLER } from "../../mesh.js";
import { requiresTokens, serveHttp } from "../../serve/http.js";
import type { RunningMesh } from "../../start-mesh.js";
import { MESH_OPTIONS, parse, portOption, text } from "../args.js";
import type { Io } from "../io.js";
import { asCliError, openMesh } from "../mesh-for-cli.js";
import { removeRecord, writeRecord } from "../running-gateway.js";
import { claudeHttpCommand } from "./claude.js";

export const START_HELP = `Usage: agent-mesh start [--stdio] [--port N] [--host H] [--config FILE] [--sandbox] [--no-watch]

Runs the mesh: every first-party platform in-process, every server in mesh.yaml supervised.
  (default)       Streamable HTTP at http://127.0.0.1:7420/mcp, GET /health for each downstream's state
  --stdio         speak MCP on stdin/stdout instead (for clients that start the gateway themselves)
  --port N        HTTP port (gateway.port, default 7420; 0 picks a free one)
  --host H        HTTP address (gateway.host, default 127.0.0.1; others need gateway.tokens)
  --config FILE   mesh.yaml to use (default ./mesh.yaml, or every platform from the environment)
  --sandbox       start the local sandbox and point every first-party platform at it: no credentials needed
  --no-watch      do not apply edits of mesh.yaml while running
  --no-pin        do not pin third-party tools in mesh.lock, nor quarantine the ones that change
`;

export async function startCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse("start", argv, {
    ...MESH_OPTIONS,
    stdio: { type: "boolean" },
    port: { type: "string", short: "p" },
    host: { type: "string" },
    "no-watch": { type: "boolean" },
    "no-pin": { type: "boolean" },
  });
  if (values.help) {
    io.out(START_HELP);
    return 0;
  }
  const port = portOption(text(values, "port"));
  const running = await openMesh(io, values, {
    watch: values["no-watch"] !== true,
    noPin: values["no-pin"] === true,
    logger: createLogger({ name: "agent-mesh" }),
  });
  const { mesh } = running;
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    mesh.logger.info(`shutting down (${reason})`);
    await closeHttp();
    await running.close();
    process.exit(0);
  };
  let closeHttp = async () => {};
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  if (values.stdio) {
    process.stdin.once("end", () => void stop("stdin closed"));
    await mesh.connectSession(STDIO_CALLER).connect(new StdioServerTransport());
    io.err(`agent-mesh: serving MCP on stdio (${describe(running)})\n`);
    return 0;
  }

  const gateway = {
    ...running.config.gateway,
    ...(port === undefined ? {} : { port }),
    ...(text(values, "host") ? { host: text(values, "host")! } : {}),
  };
  try {
    const auth = httpAuthFor(running.config, io.env);
    const http = await serveHttp(mesh, gateway, [], auth);
    // The other commands find this gateway through the record, and use it instead of their own.
    writeRecord(io.env, {
      url: http.url,
      pid: process.pid,
      sandbox: running.sandbox !== undefined,
      tokens: requiresTokens(gateway) || auth !== undefined,
      started_at: new Date().toISOString(),
    });
    closeHttp = async () => {
      removeRecord(io.env);
      await http.close();
      await auth?.close();
    };
    io.err(`agent-mesh listening on ${http.url} (${describe(running)})\n`);
    if (running.sandbox) {
      io.err(
        `sandbox: ${Object.entries(running.sandbox.urls)
          .map(([name, url]) => `${name} at ${url}`)
          .join(", ")} (no real platform is called)\n`,
      );
    }
    io.err(
      `health: ${http.url.replace(/\/mcp$/, "/health")}\nConnect Claude Code:\n  ${claudeHttpCommand("mesh", http.url, requiresTokens(gateway) && !auth)}\n`,
    );
    await mesh.settled(gateway.startup_timeout);
    io.err(
      `${mesh.catalog.tools.size} tools ready${mesh.searchActive ? " (search mode: clients see mesh_tool_search, mesh_tool_describe, mesh_tool_call)" : ""}\n`,
    );
    for (const downstream of mesh.list()) {
      if (downstream.state !== "ready")
        io.err(
          `warning: ${downstream.name} is ${downstream.state}: ${downstream.lastError ?? "no detail"}\n`,
        );
      for (const problem of downstream.spec.configProblems ?? [])
        io.err(`note: ${downstream.name} not configured: ${problem}\n`);
    }
  } catch (err) {
    await running.close();
    throw asCliError(err);
  }
  return 0;
}

function describe(running: RunningMesh): string {
  const names = running.mesh
    .list()
    .map(
      (d) =>
        `${d.name} (${d.spec.kind === "platform" || d.spec.kind === "mesh" ? "in-process" : d.spec.kind})`,
    );
  return names.length > 0 ? names.join(", ") : "no downstreams";
}
