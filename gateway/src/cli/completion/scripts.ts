import { type CommandSpec, clientIds, SHELLS } from "./spec.js";

/** The words each command's first argument completes to; tools are asked for lazily. */
function staticWords(spec: CommandSpec): string | undefined {
  if (spec.argument === "clients") return clientIds().join(" ");
  if (spec.argument === "shells") return SHELLS.join(" ");
  return undefined;
}

export function bashScript(specs: CommandSpec[]): string {
  const flagCases = specs.map((s) => `    ${s.name}) words="${s.flags.join(" ")}" ;;`).join("\n");
  const argCases = specs
    .filter((s) => s.argument)
    .map((s) =>
      s.argument === "tools"
        ? `    ${s.name}) words="$(agent-mesh __complete tools 2>/dev/null)" ;;`
        : `    ${s.name}) words="${staticWords(s)}" ;;`,
    )
    .join("\n");
  return `# agent-mesh completion for bash: source <(agent-mesh completion bash)
_agent_mesh() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd="\${COMP_WORDS[1]}" words=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${specs.map((s) => s.name).join(" ")} --help --version" -- "$cur") )
    return
  fi
  if [[ "$cur" == -* ]]; then
    case "$cmd" in
${flagCases}
    esac
  elif [ "$COMP_CWORD" -eq 2 ]; then
    case "$cmd" in
${argCases}
    esac
  fi
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F _agent_mesh agent-mesh
`;
}

export function zshScript(specs: CommandSpec[]): string {
  const flagCases = specs
    .map((s) => `      ${s.name}) compadd -- ${s.flags.join(" ")} ;;`)
    .join("\n");
  const argCases = specs
    .filter((s) => s.argument)
    .map((s) =>
      s.argument === "tools"
        ? `      ${s.name}) compadd -- \${(f)"$(agent-mesh __complete tools 2>/dev/null)"} ;;`
        : `      ${s.name}) compadd -- ${staticWords(s)} ;;`,
    )
    .join("\n");
  return `#compdef agent-mesh
# agent-mesh completion for zsh: source <(agent-mesh completion zsh), after compinit
_agent_mesh() {
  if (( CURRENT == 2 )); then
    compadd -- ${specs.map((s) => s.name).join(" ")}
    return
  fi
  local cmd=\${words[2]}
  if [[ \${words[CURRENT]} == -* ]]; then
    case $cmd in
${flagCases}
    esac
  elif (( CURRENT == 3 )); then
    case $cmd in
${argCases}
    esac
  fi
}
compdef _agent_mesh agent-mesh
`;
}

export function fishScript(specs: CommandSpec[]): string {
  const lines = [
    "# agent-mesh completion for fish: agent-mesh completion fish > ~/.config/fish/completions/agent-mesh.fish",
    "complete -c agent-mesh -f",
    `complete -c agent-mesh -n __fish_use_subcommand -a "${specs.map((s) => s.name).join(" ")}"`,
  ];
  for (const spec of specs) {
    const when = `"__fish_seen_subcommand_from ${spec.name}"`;
    lines.push(
      `complete -c agent-mesh -n ${when} ${spec.flags.map((flag) => `-l ${flag.slice(2)}`).join(" ")}`,
    );
    if (spec.argument === "tools")
      lines.push(
        `complete -c agent-mesh -n ${when} -a "(agent-mesh __complete tools 2>/dev/null)"`,
      );
    else if (spec.argument)
      lines.push(`complete -c agent-mesh -n ${when} -a "${staticWords(spec)}"`);
  }
  return `${lines.join("\n")}\n`;
}
