import { describe, expect, it } from "vitest";
import { COMMAND_NAMES } from "../src/cli/main.js";
import { runCli } from "./cli-io.js";

describe("agent-mesh completion", () => {
  it("covers every command, in each shell", async () => {
    for (const shell of ["bash", "zsh", "fish"]) {
      const { code, stdout } = await runCli(["completion", shell]);
      expect(code).toBe(0);
      for (const name of COMMAND_NAMES) expect(stdout).toContain(name);
      expect(stdout).toContain("agent-mesh __complete tools");
    }
    const zsh = await runCli(["completion", "zsh"]);
    expect(zsh.stdout).toMatch(/^compdef _agent_mesh agent-mesh$/m);
    const fish = await runCli(["completion", "fish"]);
    expect(fish.stdout).toContain(
      'complete -c agent-mesh -n "__fish_seen_subcommand_from doctor" -l config',
    );
  });

  it("names the shells it knows", async () => {
    const bad = await runCli(["completion", "powershell"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('name one shell (bash, zsh, fish), not "powershell"');
    const help = await runCli(["completion", "--help"]);
    expect(help.stdout).toContain("source <(agent-mesh completion bash)");
  });
});
