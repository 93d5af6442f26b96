#!/usr/bin/env node
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { standIns } from "./platforms.js";
import { startSandbox } from "./start.js";

const USAGE = `agent-mesh-sandbox: local stand-ins for platform APIs, no credentials needed.

Usage:
  agent-mesh-sandbox [--platform NAME ...] [--port N]            start and print the environment
  agent-mesh-sandbox [--platform NAME ...] -- COMMAND [ARGS...]  run COMMAND against the sandbox

Stand-ins: ${standIns.map((s) => s.name).join(", ") || "(none)"}
`;

const dash = process.argv.indexOf("--");
const own = dash === -1 ? process.argv.slice(2) : process.argv.slice(2, dash);
const command = dash === -1 ? [] : process.argv.slice(dash + 1);

let values: { platform?: string[]; port?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    args: own,
    options: {
      platform: { type: "string", multiple: true },
      port: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (err) {
  fail(`${(err as Error).message}\n\n${USAGE}`);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const basePort = values.port === undefined ? undefined : Number(values.port);
if (basePort !== undefined && !Number.isInteger(basePort))
  fail(`--port takes a number, not "${values.port}"`);

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
try {
  sandbox = await startSandbox({ platforms: values.platform, basePort });
} catch (err) {
  fail((err as Error).message);
}
for (const [name, url] of Object.entries(sandbox.urls))
  process.stderr.write(`sandbox: ${name} at ${url}\n`);

const stop = async (code: number) => {
  await sandbox.close();
  process.exit(code);
};

if (command.length === 0) {
  for (const [key, value] of Object.entries(sandbox.env)) process.stdout.write(`${key}=${value}\n`);
  process.stderr.write("sandbox: running; Ctrl-C to stop\n");
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));
} else {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, { stdio: "inherit", env: { ...process.env, ...sandbox.env } });
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => child.kill(signal));
  child.once("error", (err) => {
    process.stderr.write(`sandbox: cannot run ${file}: ${err.message}\n`);
    void stop(127);
  });
  child.once("exit", (code, signal) => void stop(code ?? (signal ? 1 : 0)));
}

function fail(message: string): never {
  process.stderr.write(`agent-mesh-sandbox: ${message}\n`);
  process.exit(2);
}
