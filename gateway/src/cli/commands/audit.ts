import { openAuditStore } from "../../audit/open.js";
import type { AuditRecord } from "../../audit/record.js";
import type { AuditQuery, VerifyResult } from "../../audit/store.js";
import { discoverConfig } from "../../config/discover.js";
import { parseDuration } from "../../config/duration.js";
import { formatIssue } from "../../config/load.js";
import { loadConfigWithPlatforms } from "../../config/load-enabled.js";
import { ADMIN_PREFIX } from "../../serve/admin-routes.js";
import { adminRequest, runningGatewayUrl } from "../admin-client.js";
import { MESH_OPTIONS, parse, text, type Values } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";

export const AUDIT_HELP = `Usage: agent-mesh audit [--since 1h] [--client X] [--tenant T] [--tool PATTERN] [--code C] [--limit N] [--json]
       agent-mesh audit verify

Prints recent records of the audit log: every tool call (caller, address, tool, outcome,
duration, policy rule, approval; arguments redacted), approval decisions, policy violations,
config reloads and quarantines. \`verify\` walks the hash chain and exits 1 at the first edited
or deleted record. It reads the running gateway's log (/admin, operator role) when one runs,
else the database in mesh.yaml (\`database:\`, default the embedded one in $AGENT_MESH_HOME/data).
  --since D       only records newer than D (30m, 1h, 7d)
  --client X      only calls of client X
  --tenant T      only tenant T's records (docs/tenants.md); a tenant's operator sees only its own
  --tool PATTERN  only tools matching the glob (aws_s3_*)
  --code C        only this outcome (ok, policy_denied, confirmation_required, ...)
  --limit N       at most N records, the newest (default 100)
  --json          JSON lines, one record each
  --url URL       the running gateway's MCP URL; --local reads the database directly
  --config FILE   mesh.yaml whose \`database:\` to read (implies --local)
`;

export async function auditCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "audit",
    argv,
    {
      ...MESH_OPTIONS,
      url: { type: "string" },
      local: { type: "boolean" },
      since: { type: "string" },
      client: { type: "string" },
      tenant: { type: "string" },
      tool: { type: "string" },
      code: { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean" },
    },
    true,
  );
  if (values.help) {
    io.out(AUDIT_HELP);
    return 0;
  }
  const [action, ...extra] = positionals;
  if (values.sandbox) throw new CliError("audit: --sandbox has no meaning here", undefined, 2);
  if ((action !== undefined && action !== "verify") || extra.length > 0) {
    throw new CliError(
      `audit: unknown argument "${positionals.join(" ")}"`,
      "use `agent-mesh audit` or `agent-mesh audit verify`",
      2,
    );
  }
  const source = await openSource(io, values);
  try {
    if (action === "verify") {
      const result = await source.verify();
      if (values.json) io.out(`${JSON.stringify(result)}\n`);
      else if (result.ok)
        io.out(`audit log intact: ${result.records} records, hash chain verified\n`);
      else
        io.out(
          `audit log BROKEN at record ${result.broken?.seq}: ${result.broken?.problem} (${result.records} records)\n`,
        );
      return result.ok ? 0 : 1;
    }
    const records = await source.query(queryOf(values));
    if (values.json) {
      for (const record of records) io.out(`${JSON.stringify(record)}\n`);
      return 0;
    }
    io.out(table(records));
    return 0;
  } finally {
    await source.close();
  }
}

interface Source {
  query(query: AuditQuery): Promise<AuditRecord[]>;
  verify(): Promise<VerifyResult>;
  close(): Promise<void>;
}

async function openSource(io: Io, values: Values): Promise<Source> {
  const url = values.local || text(values, "config") ? undefined : runningGatewayUrl(io, values);
  if (url) {
    return {
      async query(query) {
        const params = new URLSearchParams();
        for (const [key, value] of Object.entries(query))
          if (value !== undefined) params.set(key, String(value));
        const answer = await adminRequest<{ records: AuditRecord[] }>(
          io,
          url,
          "GET",
          `${ADMIN_PREFIX}/audit?${params}`,
        );
        return answer.records;
      },
      verify: () => adminRequest<VerifyResult>(io, url, "GET", `${ADMIN_PREFIX}/audit/verify`),
      close: async () => {},
    };
  }
  const path = discoverConfig(text(values, "config"), io.env, io.cwd);
  let database: string | undefined;
  if (path) {
    const loaded = await loadConfigWithPlatforms(path, io.env);
    if (!loaded.ok) {
      throw new CliError(
        `the config has problems:\n${loaded.issues.map(formatIssue).join("\n")}`,
        "fix them; `agent-mesh doctor` explains each",
      );
    }
    database = loaded.config.database;
  }
  try {
    return await openAuditStore(database, io.env);
  } catch (err) {
    throw new CliError(`the audit log cannot be opened: ${(err as Error).message}`);
  }
}

function queryOf(values: Values): AuditQuery {
  const since = text(values, "since");
  let sinceMs: number | undefined;
  if (since !== undefined) {
    const ms = parseDuration(since);
    if (ms === undefined)
      throw new CliError(`--since "${since}" is not a duration`, "write it like 30m, 1h or 7d", 2);
    sinceMs = Date.now() - ms;
  }
  const limitText = text(values, "limit");
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new CliError(`--limit must be a whole number above 0, not "${limitText}"`, undefined, 2);
  return {
    since: sinceMs,
    client: text(values, "client"),
    tenant: text(values, "tenant"),
    tool: text(values, "tool"),
    code: text(values, "code"),
    limit,
  };
}

function table(records: AuditRecord[]): string {
  if (records.length === 0) return "no audit records match\n";
  const rows = records.map((r) => [
    new Date(r.at).toISOString().replace("T", " ").slice(0, 19),
    r.kind,
    r.tenant ? `${r.tenant}/${r.caller}` : r.caller,
    r.tool ?? "-",
    r.outcome,
    r.duration_ms === undefined ? "-" : String(Math.round(r.duration_ms)),
    [r.rule, approvalText(r.approval)].filter(Boolean).join(" ") || "-",
  ]);
  const head = ["TIME (UTC)", "KIND", "CALLER", "TOOL", "OUTCOME", "MS", "RULE / APPROVAL"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd()}\n`;
  return line(head) + rows.map(line).join("");
}

function approvalText(approval: unknown): string | undefined {
  if (!approval || typeof approval !== "object") return undefined;
  const { via, id, by } = approval as { via?: string; id?: string; by?: string };
  return [via ? `approved:${via}` : "approval", id, by ? `by ${by}` : undefined]
    .filter(Boolean)
    .join(" ");
}
