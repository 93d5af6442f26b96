import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverConfig } from "../../config/discover.js";
import { loadConfigWithPlatforms } from "../../config/load-enabled.js";
import { requiresTokens } from "../../serve/http.js";
import { portOption, text, type Values } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";
import { readRecord } from "../running-gateway.js";
import type { Launch } from "./clients.js";

/** This package's root (…/gateway), from src/cli/connect or dist/cli/connect alike. */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/**
 * How a client should reach this mesh. Over HTTP: the URL of the gateway `agent-mesh start`
 * runs, else the configured port. Over stdio: `npx -y @agent-mesh/gateway start --stdio`, or
 * in a clone (not installed under node_modules) `node <abs path>/gateway/dist/bin.js ...`.
 */
export async function launchFor(io: Io, values: Values): Promise<Launch> {
  const configPath = discoverConfig(text(values, "config"), io.env, io.cwd);
  let port = portOption(text(values, "port"));
  let tokens = false;
  if (configPath) {
    const loaded = await loadConfigWithPlatforms(configPath, io.env);
    if (!loaded.ok)
      throw new CliError(`${configPath} has problems`, "run `agent-mesh doctor` to see them");
    port ??= loaded.config.gateway.port;
    tokens = requiresTokens(loaded.config.gateway);
  }
  if (values.stdio) {
    const rest = ["start", "--stdio"];
    if (configPath) rest.push("--config", resolve(io.cwd, configPath));
    if (values.sandbox) rest.push("--sandbox");
    if (PACKAGE_ROOT.split(sep).includes("node_modules"))
      return { kind: "stdio", command: "npx", args: ["-y", "@agent-mesh/gateway", ...rest] };
    return {
      kind: "stdio",
      command: "node",
      args: [join(PACKAGE_ROOT, "dist", "bin.js"), ...rest],
    };
  }
  const record = port === undefined && !text(values, "config") ? readRecord(io.env) : undefined;
  if (record) return { kind: "http", url: record.url, tokens: record.tokens || tokens };
  return { kind: "http", url: `http://127.0.0.1:${port ?? 7420}/mcp`, tokens };
}
