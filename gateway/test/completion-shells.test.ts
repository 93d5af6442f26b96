import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers.js";

// The completion scripts run in the real shells: bash's complete function, zsh's (with its
// completion system loaded) and fish's `complete -C`. CI installs zsh and fish; elsewhere a
// missing shell skips its test, with the reason in the test's name.
const HERE = dirname(fileURLToPath(import.meta.url));
const BIN = join(HERE, "..", "bin", "agent-mesh.js");
const SHELL_PATHS: Record<string, string> = {
  bash: "/bin/bash",
  zsh: "/usr/bin/zsh",
  fish: "/usr/bin/fish",
};
const required = process.env.CI === "true";
const has = (shell: string) => existsSync(SHELL_PATHS[shell]!);

let dir: string;
let env: Record<string, string>;
/** The running sandbox gateway the scripts ask for tool names, as a user's would. */
let gateway: ChildProcess | undefined;

/** Runs `script` in `shell`, with `agent-mesh` on the PATH as a user has it after install. */
function run(shell: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(SHELL_PATHS[shell]!, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${shell} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mesh-completion-"));
  const shim = join(dir, "agent-mesh");
  await writeFile(
    shim,
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`,
  );
  await chmod(shim, 0o755);
  env = {
    PATH: `${dir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    HOME: dir,
    ZDOTDIR: dir,
    XDG_CONFIG_HOME: join(dir, "config"),
    XDG_DATA_HOME: join(dir, "data"),
    AGENT_MESH_HOME: dir,
    AGENT_MESH_LOG_LEVEL: "error",
  };
  const started = spawn(process.execPath, [BIN, "start", "--sandbox", "--port", "0"], {
    env: { ...process.env, AGENT_MESH_HOME: dir, AGENT_MESH_LOG_LEVEL: "info" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  gateway = started;
  let log = "";
  started.stderr!.on("data", (chunk) => {
    log += chunk;
  });
  await eventually(
    () => {
      if (started.exitCode !== null) throw new Error(`the gateway exited:\n${log}`);
      return log.includes("tools ready") && existsSync(join(dir, "gateway.json"));
    },
    90_000,
    "the sandbox gateway to be ready",
  );
}, 120_000);
afterAll(async () => {
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((resolve) => gateway!.once("exit", resolve));
    gateway.kill("SIGTERM");
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

for (const shell of ["bash", "zsh", "fish"]) {
  const present = has(shell);
  if (required && !present) {
    it(`${shell} is installed (CI installs it)`, () => {
      expect.fail(`${SHELL_PATHS[shell]} is missing: .ci/run installs zsh and fish`);
    });
  }
}

describe.skipIf(!has("bash"))("bash completion, executed", () => {
  const complete = (line: string[]) =>
    run("bash", [
      "-c",
      `source <(agent-mesh completion bash)
COMP_WORDS=(${line.map((w) => `"${w}"`).join(" ")}); COMP_CWORD=${line.length - 1}
_agent_mesh; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ]);

  it("completes commands, options and tool names", async () => {
    expect(words(await complete(["agent-mesh", "do"]))).toEqual(["doctor"]);
    expect(words(await complete(["agent-mesh", "tools", "--w"]))).toEqual(["--wide"]);
    expect(words(await complete(["agent-mesh", "completion", "f"]))).toEqual(["fish"]);
    const tools = words(await complete(["agent-mesh", "call", "vercel_deployment_g"]));
    expect(tools).toEqual(["vercel_deployment_get"]);
  }, 120_000);
});

describe.skipIf(!has("zsh"))("zsh completion, executed", () => {
  // compadd is zsh's builtin inside completion widgets; a function of that name stands in for it
  // and prints the candidates, which zsh would then match against what was typed.
  const complete = (line: string[]) =>
    run("zsh", [
      "-c",
      `autoload -U compinit && compinit -u -d "$HOME/.zcompdump"
source <(agent-mesh completion zsh)
compadd() { [[ $1 == -- ]] && shift; print -l -- "$@" }
words=(${line.map((w) => `"${w}"`).join(" ")}); CURRENT=${line.length}
_agent_mesh`,
    ]);

  it("registers for agent-mesh and offers commands, options and tool names", async () => {
    const registered = await run("zsh", [
      "-c",
      `autoload -U compinit && compinit -u -d "$HOME/.zcompdump"
source <(agent-mesh completion zsh); print -- $_comps[agent-mesh]`,
    ]);
    expect(registered.trim()).toBe("_agent_mesh");
    expect(words(await complete(["agent-mesh", "do"]))).toContain("doctor");
    expect(words(await complete(["agent-mesh", "tools", "--w"]))).toContain("--wide");
    const tools = words(await complete(["agent-mesh", "call", "v"]));
    expect(tools).toContain("vercel_deployment_get");
    expect(tools).toContain("aws_artifact_list");
  }, 120_000);
});

describe.skipIf(!has("fish"))("fish completion, executed", () => {
  const complete = (line: string) =>
    run("fish", [
      "--no-config",
      "-c",
      `agent-mesh completion fish | source; complete -C ${JSON.stringify(line)}`,
    ]);
  const candidates = (text: string) =>
    text
      .split("\n")
      .map((l) => l.split("\t")[0]!)
      .filter(Boolean);

  it("completes commands, options and tool names", async () => {
    expect(candidates(await complete("agent-mesh do"))).toEqual(["doctor"]);
    expect(candidates(await complete("agent-mesh tools --w"))).toEqual(["--wide"]);
    const tools = candidates(await complete("agent-mesh call vercel_deployment_g"));
    expect(tools).toEqual(["vercel_deployment_get"]);
  }, 120_000);
});
