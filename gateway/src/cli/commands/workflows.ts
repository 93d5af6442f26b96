import { readEnvelope } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { cliAnswers } from "../answers.js";
import { parse, TARGET_OPTIONS } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";
import { type MeshTarget, openTarget } from "../target.js";
import { readArguments } from "./call.js";

export const WORKFLOWS_HELP = `Usage: agent-mesh workflows <list | run <name> [key=value ...] | runs [--json] | show <run>> [--url URL | --local] [--config FILE] [--sandbox]

Durable workflows from mesh.yaml's \`workflows:\`, through the running gateway when there is one,
else an in-process mesh.
  list                   the workflows and their params
  run <name> key=value   start a run and follow it until it ends (exit 1 if it failed)
  runs [--json]          the latest runs
  show <run>             one run: each step's status, output and error
`;

const POLL_MS = 500;

export async function workflowsCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "workflows",
    argv,
    { ...TARGET_OPTIONS, json: { type: "boolean" } },
    true,
  );
  const [action, ...rest] = positionals;
  if (values.help || !action) {
    io.out(WORKFLOWS_HELP);
    return values.help ? 0 : 2;
  }
  if (!["list", "run", "runs", "show"].includes(action)) {
    throw new CliError(`workflows: unknown action ${action}`, "use list, run, runs or show", 2);
  }
  const target = await openTarget(io, values, cliAnswers(io, false));
  try {
    const names = (await target.tools()).map((t) => t.name);
    if (!names.includes("mesh_workflow_start")) {
      throw new CliError(
        "this mesh has no workflows",
        "add `workflows:` to mesh.yaml (docs/workflows.md)",
      );
    }
    if (action === "list") {
      const { workflows } = await data(target, "mesh_workflow_list", {});
      for (const w of workflows as Array<{ name: string; description: string; params: string[] }>) {
        io.out(
          `${w.name}${w.params.length ? ` (${w.params.join(", ")})` : ""}${w.description ? `  ${w.description}` : ""}\n`,
        );
      }
      return 0;
    }
    if (action === "runs") {
      const { runs } = await data(target, "mesh_workflow_list", { limit: 50 });
      if (values.json) io.out(`${JSON.stringify(runs, null, 2)}\n`);
      else
        for (const r of runs as Array<Record<string, string>>)
          io.out(`${r.run_id}  ${r.workflow}  ${r.status}  ${r.created_at}  ${r.caller}\n`);
      return 0;
    }
    if (action === "show") {
      if (!rest[0])
        throw new CliError("workflows show: which run?", "agent-mesh workflows runs lists them", 2);
      io.out(
        `${JSON.stringify(await data(target, "mesh_workflow_get", { run_id: rest[0] }), null, 2)}\n`,
      );
      return 0;
    }
    const [name, ...pairs] = rest;
    if (!name)
      throw new CliError(
        "workflows run: which workflow?",
        "agent-mesh workflows list lists them",
        2,
      );
    const params = readArguments(undefined, pairs);
    const { run_id } = await data(target, "mesh_workflow_start", { workflow: name, params });
    io.err(`run ${run_id} started\n`);
    const seen = new Map<string, string>();
    for (;;) {
      const run = await data(target, "mesh_workflow_get", { run_id });
      for (const [id, step] of Object.entries(
        run.steps as Record<string, Record<string, unknown>>,
      )) {
        const status = String(step.status);
        // A waiting step's approval id shows up after it started: a line of its own.
        const key = `${status} ${step.approval_id ?? ""}`;
        const before = seen.get(id);
        if (before === key) continue;
        seen.set(id, key);
        // A step that started and finished between two looks still gets its start line.
        if (before === undefined || before.startsWith("pending")) {
          if (status === "succeeded" || status === "failed") io.err(`  ${id}: running\n`);
        }
        const extra =
          step.approval_id && status === "running"
            ? ` (waiting for approval: agent-mesh approvals approve ${step.approval_id})`
            : "";
        const error = step.error ? `: ${(step.error as { message: string }).message}` : "";
        io.err(`  ${id}: ${status}${error}${extra}\n`);
      }
      if (run.status !== "running") {
        io.err(`run ${run_id} ${String(run.status)}\n`);
        io.out(`${JSON.stringify(run, null, 2)}\n`);
        return run.status === "succeeded" ? 0 : 1;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await target.close();
  }
}

async function data(
  target: MeshTarget,
  tool: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const result: CallToolResult = await target.call(tool, args);
  if (result.isError) {
    const envelope = readEnvelope(result);
    const text = result.content.find((c) => c.type === "text");
    throw new CliError(
      envelope ? envelope.message : text?.type === "text" ? text.text : "the call failed",
    );
  }
  return result.structuredContent as Record<string, unknown>;
}
