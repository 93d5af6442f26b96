import { Redactor, readEnvelope } from "@agent-mesh/core";
import {
  type CallToolResult,
  CallToolResultSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { discoverConfig } from "../../config/discover.js";
import { formatIssue } from "../../config/load.js";
import { loadConfigWithPlatforms } from "../../config/load-enabled.js";
import { configSecrets } from "../../config/secrets.js";
import type { Downstream } from "../../downstream/downstream.js";
import { hookSecretChecks } from "../../hooks/index.js";
import type { Mesh } from "../../mesh.js";
import type { MeshState } from "../../state/index.js";
import { MESH_OPTIONS, parse, text, type Values } from "../args.js";
import type { Io } from "../io.js";
import { meshForCommand } from "../mesh-for-cli.js";

export const DOCTOR_HELP = `Usage: agent-mesh doctor [--config FILE] [--sandbox] [--json]

Checks the config, the shared state (Redis, when state.redis is set), every integration's
credentials (with one read-only call each) and every server's reachability, and says what to fix. Never prints a secret. Exits 1 if anything is wrong.
  --json          the same checks as JSON: { ok, config, checks: [{ name, ok, detail, fix }], notes }
`;

interface Check {
  ok: boolean;
  name: string;
  detail: string;
  fix?: string;
}

/** What doctor found; the text and the JSON output are two renderings of it. */
export interface DoctorReport {
  ok: boolean;
  config: { path: string | null; ok: boolean; issues: string[] };
  checks: Check[];
  notes: string[];
}

export async function doctorCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse("doctor", argv, { ...MESH_OPTIONS, json: { type: "boolean" } });
  if (values.help) {
    io.out(DOCTOR_HELP);
    return 0;
  }
  const report = await diagnose(io, values);
  if (values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else io.out(renderReport(report));
  return report.ok ? 0 : 1;
}

export function renderReport(report: DoctorReport): string {
  const { config } = report;
  let out = "";
  if (!config.path) {
    out += "config: no mesh.yaml; every first-party platform, configured from the environment\n";
  } else if (!config.ok) {
    out += `✗ config: ${config.path} has ${config.issues.length} problem(s):\n`;
    for (const issue of config.issues) out += `  ${issue}\n`;
    return out;
  } else {
    out += `✓ config: ${config.path}\n`;
  }
  for (const result of report.checks) {
    out += `${result.ok ? "✓" : "✗"} ${result.name}: ${result.detail}${result.fix ? `\n    fix: ${result.fix}` : ""}\n`;
  }
  for (const note of report.notes) out += `note: ${note}\n`;
  const failed = report.checks.filter((c) => !c.ok).length;
  out += failed === 0 ? "\nall good\n" : `\n${failed} problem${failed === 1 ? "" : "s"} to fix\n`;
  return out;
}

async function diagnose(io: Io, values: Values): Promise<DoctorReport> {
  const configPath = discoverConfig(text(values, "config"), io.env, io.cwd) ?? null;
  const notes = nodeNotes(process.versions.node);
  if (configPath) {
    const loaded = await loadConfigWithPlatforms(configPath, io.env);
    if (!loaded.ok) {
      return {
        ok: false,
        config: { path: configPath, ok: false, issues: loaded.issues.map(formatIssue) },
        checks: [],
        notes,
      };
    }
  }
  const running = await meshForCommand(io, values);
  try {
    const redactor = new Redactor().add(...configSecrets(running.config, running.platforms));
    const checks = [
      ...stateCheck(running.state),
      // The gateway's own downstream (`mesh`) has nothing to configure: what mesh.yaml names.
      ...(await Promise.all(
        running.mesh
          .list()
          .filter((downstream) => downstream.spec.kind !== "mesh")
          .map((downstream) => check(downstream)),
      )),
      ...quarantineChecks(running.mesh),
      ...hookSecretChecks(running.mesh),
    ].map((result) => ({
      ...result,
      detail: redactor.text(result.detail),
      ...(result.fix ? { fix: redactor.text(result.fix) } : {}),
    }));
    return {
      ok: checks.every((c) => c.ok),
      config: { path: configPath, ok: true, issues: [] },
      checks,
      notes: [...notes, ...findingNotes(running.mesh)],
    };
  } finally {
    await running.close();
  }
}

/** Third-party tools hidden until an operator accepts them: each one is a problem to look at. */
function quarantineChecks(mesh: Mesh): Check[] {
  return mesh.pinning.quarantined.map(({ server, tool, reason }) => ({
    ok: false,
    name: `${server}/${tool}`,
    detail: `quarantined: ${
      reason === "changed"
        ? "its description, schema or annotations changed since it was pinned in mesh.lock"
        : reason === "new"
          ? "a new tool, not in mesh.lock"
          : "its description or schema looks like prompt injection"
    }`,
    fix: `review it (\`agent-mesh tools ${tool} --local\` is hidden; see the server's changelog), then \`agent-mesh tools approve ${server} ${tool}\``,
  }));
}

/** Scan findings that only warn (pinning.on_finding: warn). */
function findingNotes(mesh: Mesh): string[] {
  const quarantined = new Set(mesh.pinning.quarantined.map((q) => `${q.server}/${q.tool}`));
  return mesh.pinning.findings
    .filter(({ server, tool }) => !quarantined.has(`${server}/${tool}`))
    .flatMap(({ server, findings }) =>
      findings.map((finding) => `possible prompt injection in ${server}: ${finding.message}`),
    );
}

/**
 * Node 20 is supported, but the AWS SDK warns (nine lines, on every process) that its releases
 * after early January 2027 need Node 22; mcp-aws turns that warning off and doctor says it once.
 */
export function nodeNotes(version: string): string[] {
  const major = Number(version.split(".")[0]);
  return major < 22
    ? [
        `Node ${version}: supported; AWS SDK releases from January 2027 need Node 22, so plan to move (the SDK's own warning is hidden)`,
      ]
    : [];
}

function stateCheck(state: MeshState): Check[] {
  const health = state.health();
  if (health.kind === "memory") return [];
  if (health.ok) return [{ ok: true, name: "state", detail: `Redis at ${health.target}` }];
  return [
    {
      ok: false,
      name: "state",
      detail: `Redis at ${health.target} is unreachable: ${health.error}`,
      fix: "check state.redis in mesh.yaml and that Redis is running; until then, calls with an idempotency key or a confirmation answer upstream_unavailable",
    },
  ];
}

async function check(downstream: Downstream): Promise<Check> {
  const { name, spec } = downstream;
  if (downstream.state !== "ready") {
    return {
      ok: false,
      name,
      detail: `${downstream.state}: ${downstream.lastError ?? "no detail"}`,
      fix:
        spec.kind === "stdio"
          ? "check `command`, `args` and `env` in mesh.yaml; run the command by hand to see its output"
          : "check `url` and `headers` in mesh.yaml and that the server is running",
    };
  }
  if (spec.kind !== "platform") {
    const { tools, resources, prompts } = downstream.listing;
    return {
      ok: true,
      name,
      detail: `reachable (${spec.kind}): ${tools.length} tools, ${resources.length} resources, ${prompts.length} prompts`,
    };
  }
  if (spec.configProblems?.length) {
    return {
      ok: false,
      name,
      detail: `not configured: ${spec.configProblems.join("; ")}`,
      fix: `set the variables named above, or the keys under integrations.${name} in mesh.yaml`,
    };
  }
  const probe = downstream.listing.tools.find(isSafeProbe);
  if (!probe)
    return {
      ok: true,
      name,
      detail: "configured (no read-only tool to check the credentials with)",
    };
  try {
    const result = await downstream.request<CallToolResult>(
      { method: "tools/call", params: { name: probe.name, arguments: {} } },
      CallToolResultSchema,
      { timeout: 30_000 },
    );
    if (!result.isError)
      return { ok: true, name, detail: `credentials accepted (checked with ${probe.name})` };
    const envelope = readEnvelope(result);
    return {
      ok: false,
      name,
      detail: `${envelope?.code ?? "error"}: ${envelope?.message ?? "the check call failed"}`,
      fix: fixFor(envelope?.code, name),
    };
  } catch (err) {
    return {
      ok: false,
      name,
      detail: `the check call failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

/** A read-only tool with no required arguments can be called just to test the credentials. */
function isSafeProbe(tool: Tool): boolean {
  const required = (tool.inputSchema as { required?: string[] }).required ?? [];
  return tool.annotations?.readOnlyHint === true && required.length === 0;
}

function fixFor(code: string | undefined, name: string): string | undefined {
  if (code === "authentication_error")
    return `the credentials for ${name} were rejected: create a new token and set it`;
  if (code === "permission_denied")
    return `the credentials for ${name} lack a permission (see the message); widen the token's scope or team`;
  if (code === "upstream_unavailable" || code === "timeout")
    return `${name} could not be reached; check the network or its API URL setting`;
  return undefined;
}
