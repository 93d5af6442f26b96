import { openAuditStore } from "../../audit/open.js";
import { discoverConfig } from "../../config/discover.js";
import { parseDuration } from "../../config/duration.js";
import { formatIssue } from "../../config/load.js";
import { loadConfigWithPlatforms } from "../../config/load-enabled.js";
import {
  COSTS_DEFAULTS,
  type CostGrouping,
  type CostReport,
  type CostRow,
  costReport,
  pricesFrom,
} from "../../costs/index.js";
import { parse, text } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";

export const COSTS_HELP = `Usage: agent-mesh costs [--since 7d] [--by platform|tool|client|tenant] [--tenant T] [--json]

Prints calls, errors, reported usage (Bedrock tokens, Twilio SMS segments, Stripe charges) and
their cost per platform, tool or client, with totals, from the audit log in the database that
mesh.yaml names (\`database:\`, default the embedded one in $AGENT_MESH_HOME/data). Usage is priced
with \`costs.prices\` in mesh.yaml over published list prices (the report says as of when).
  --since D       the period: calls newer than D (30m, 24h, 7d; default 7d)
  --by G          group by platform (default), tool, client or tenant
  --tenant T      only tenant T's calls (docs/tenants.md)
  --json          the report as one JSON object (rows, totals, days)
  --config FILE   the mesh.yaml to read
`;

const GROUPINGS: readonly CostGrouping[] = ["platform", "tool", "client", "tenant"];

export async function costsCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse("costs", argv, {
    config: { type: "string", short: "c" },
    since: { type: "string" },
    by: { type: "string" },
    tenant: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    io.out(COSTS_HELP);
    return 0;
  }
  const since = text(values, "since") ?? "7d";
  const ms = parseDuration(since);
  if (ms === undefined)
    throw new CliError(`--since "${since}" is not a duration`, "write it like 30m, 24h or 7d", 2);
  const by = (text(values, "by") ?? "platform") as CostGrouping;
  if (!GROUPINGS.includes(by))
    throw new CliError(
      `--by "${by}" is not a grouping`,
      "use --by platform, tool, client or tenant",
      2,
    );

  const path = discoverConfig(text(values, "config"), io.env, io.cwd);
  let database: string | undefined;
  let prices = COSTS_DEFAULTS.prices;
  if (path) {
    const loaded = await loadConfigWithPlatforms(path, io.env);
    if (!loaded.ok) {
      throw new CliError(
        `the config has problems:\n${loaded.issues.map(formatIssue).join("\n")}`,
        "fix them; `agent-mesh doctor` explains each",
      );
    }
    database = loaded.config.database;
    prices = loaded.config.costs.prices;
  }
  let store: Awaited<ReturnType<typeof openAuditStore>>;
  try {
    store = await openAuditStore(database, io.env);
  } catch (err) {
    throw new CliError(
      `the audit log cannot be opened: ${(err as Error).message}`,
      "the cost report reads the audit log; check `database:` in mesh.yaml",
    );
  }
  try {
    const report = await costReport(store.db, {
      since: Date.now() - ms,
      by,
      prices: pricesFrom(prices),
      tenant: text(values, "tenant"),
    });
    io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : table(report, since));
    return 0;
  } finally {
    await store.close();
  }
}

function table(report: CostReport, since: string): string {
  const meters = [...new Set(report.rows.flatMap((row) => Object.keys(row.usage)))].sort();
  const money = (n: number) => `${n.toFixed(4)}`;
  const cells = (key: string, row: Omit<CostRow, "key">) => [
    key,
    String(row.calls),
    String(row.errors),
    ...meters.map((m) => String(row.usage[m] ?? 0)),
    money(row.cost) + (row.unpriced > 0 ? ` (+${row.unpriced} unpriced)` : ""),
  ];
  const head = [
    report.by.toUpperCase(),
    "CALLS",
    "ERRORS",
    ...meters.map((m) => m.toUpperCase()),
    `COST (${report.currency})`,
  ];
  const rows = [...report.rows.map((row) => cells(row.key, row)), cells("TOTAL", report.totals)];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (r: string[]) =>
    `${r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd()}\n`;
  const pricing = report.list_prices
    ? `list prices as of ${report.prices_as_of}; set costs.prices in mesh.yaml for yours`
    : `prices from mesh.yaml (as of ${report.prices_as_of})`;
  const title = `Usage and cost in the last ${since}, by ${report.by} (${pricing})\n`;
  if (report.rows.length === 0) return `${title}no calls recorded in this period\n`;
  return title + line(head) + rows.slice(0, -1).map(line).join("") + line(rows.at(-1) ?? []);
}
