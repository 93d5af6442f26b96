import { parse, text } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";
import { readRecord } from "../running-gateway.js";

export const STATUS_HELP = `Usage: agent-mesh status [--url URL] [--json]

Shows the running gateway: each downstream (state, tools, restarts, last error), sessions,
shared state, and calls and errors since it started (from /metrics). It finds the gateway as
\`tools\` and \`call\` do: --url, AGENT_MESH_URL, or the one \`agent-mesh start\` runs; the
token comes from AGENT_MESH_TOKEN. Exits 1 when none runs.
  --url URL       the gateway's MCP URL (default: the running one)
  --json          the same, as JSON
`;

interface DownstreamHealth {
  kind?: string;
  state: string;
  tools?: number;
  restarts?: number;
  last_error?: string;
  not_configured?: string[];
}

interface Health {
  status: string;
  sessions: number;
  tools?: number;
  state?: { kind: string; ok: boolean; target?: string; error?: string };
  downstreams?: Record<string, DownstreamHealth>;
}

export interface GatewayStatus {
  url: string;
  status: string;
  sessions: number;
  tools: number;
  state: { kind: string; ok: boolean; target?: string; error?: string } | null;
  calls: { total: number; errors: number };
  downstreams: Array<{
    name: string;
    kind: string;
    state: string;
    tools: number;
    restarts: number;
    last_error: string | null;
  }>;
}

export async function statusCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse("status", argv, { url: { type: "string" }, json: { type: "boolean" } });
  if (values.help) {
    io.out(STATUS_HELP);
    return 0;
  }
  const url = text(values, "url") ?? io.env.AGENT_MESH_URL ?? readRecord(io.env)?.url;
  if (!url) {
    throw new CliError(
      "no running gateway found",
      "start one with `agent-mesh start`, or give its URL with --url or AGENT_MESH_URL",
    );
  }
  const status = await gatewayStatus(url, io.env.AGENT_MESH_TOKEN);
  if (values.json) {
    io.out(`${JSON.stringify(status, null, 2)}\n`);
    return 0;
  }
  io.out(`gateway ${status.url}: ${status.status}\n`);
  io.out(
    `sessions ${status.sessions}, tools ${status.tools}, calls ${status.calls.total} (${status.calls.errors} failed)\n`,
  );
  io.out(
    `shared state: ${status.state ? `${status.state.kind}${status.state.target ? ` ${status.state.target}` : ""}, ${status.state.ok ? "ok" : `unreachable: ${status.state.error ?? ""}`}` : "memory"}\n\n`,
  );
  const width = Math.max(10, ...status.downstreams.map((d) => d.name.length));
  io.out(`${"DOWNSTREAM".padEnd(width)}  ${"STATE".padEnd(10)}  TOOLS  RESTARTS  LAST ERROR\n`);
  for (const d of status.downstreams) {
    io.out(
      `${d.name.padEnd(width)}  ${d.state.padEnd(10)}  ${String(d.tools).padStart(5)}  ${String(d.restarts).padStart(8)}  ${d.last_error ?? "-"}\n`,
    );
  }
  return 0;
}

/** Reads the gateway's /health and /metrics, with the same bearer token /mcp takes. */
export async function gatewayStatus(
  url: string,
  token: string | undefined,
): Promise<GatewayStatus> {
  let endpoint: URL;
  try {
    endpoint = new URL(url);
  } catch {
    throw new CliError(
      `"${url}" is not a URL`,
      "give the gateway's MCP URL, e.g. http://127.0.0.1:7420/mcp",
      2,
    );
  }
  const health = JSON.parse(await get(new URL("/health", endpoint), url, token)) as Health;
  const metrics = await get(new URL("/metrics", endpoint), url, token);
  return {
    url,
    status: health.status,
    sessions: health.sessions,
    tools: health.tools ?? 0,
    state: health.state ?? null,
    calls: {
      total: sumMetric(metrics, "agent_mesh_tool_calls_total"),
      errors: sumMetric(metrics, "agent_mesh_tool_call_errors_total"),
    },
    downstreams: Object.entries(health.downstreams ?? {}).map(([name, d]) => ({
      name,
      kind: d.kind ?? "",
      state: d.state,
      tools: d.tools ?? 0,
      restarts: d.restarts ?? 0,
      last_error:
        d.last_error ??
        (d.not_configured ? `not configured: ${d.not_configured.join("; ")}` : null),
    })),
  };
}

async function get(address: URL, url: string, token: string | undefined): Promise<string> {
  let response: Response;
  try {
    response = await fetch(address, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  } catch (err) {
    const cause =
      (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    throw new CliError(
      `no gateway answers at ${url}: ${cause}`,
      "start one with `agent-mesh start`",
    );
  }
  if (response.status === 401) {
    throw new CliError(
      `the gateway at ${url} wants a bearer token${token ? " and refused AGENT_MESH_TOKEN" : ""}`,
      "export AGENT_MESH_TOKEN with one of its clients' tokens (gateway.clients or gateway.tokens)",
    );
  }
  if (!response.ok) throw new CliError(`${address.pathname} at ${url} answered ${response.status}`);
  return response.text();
}

/** The sum of a Prometheus counter over all its label sets. */
function sumMetric(text: string, name: string): number {
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (Number.isFinite(value)) total += value;
  }
  return total;
}
