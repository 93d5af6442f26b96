import type { PendingApproval } from "../../approvals/store.js";
import { ADMIN_PREFIX } from "../../serve/admin-routes.js";
import { adminRequest, runningGatewayUrl } from "../admin-client.js";
import { parse, text } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";

export const APPROVALS_HELP = `Usage: agent-mesh approvals list | approve <id> | deny <id> [--reason TEXT] [--url URL] [--json]

Destructive calls wait for a person. A client that cannot ask its user gets an approval id;
an operator decides here, against the running gateway (never through a model's MCP session),
and the caller repeats the call with approval_id set: it then runs once, for exactly those
arguments. With tokens, AGENT_MESH_TOKEN must belong to a client with the operator role.
  list            requests not yet expired: id, caller, tool, what will happen, status
  approve <id>    let that one call run once
  deny <id>       refuse it (--reason is shown to the caller)
  --url URL       the gateway's MCP URL (default: the running one)
  --json          print JSON
`;

export async function approvalsCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "approvals",
    argv,
    { url: { type: "string" }, json: { type: "boolean" }, reason: { type: "string" } },
    true,
  );
  if (values.help) {
    io.out(APPROVALS_HELP);
    return 0;
  }
  const [action = "list", id, ...extra] = positionals;
  if (!["list", "approve", "deny"].includes(action) || extra.length > 0) {
    throw new CliError(
      `approvals: unknown action "${positionals.join(" ")}"`,
      "use list, approve <id> or deny <id>",
      2,
    );
  }
  if (action !== "list" && !id) {
    throw new CliError(
      `approvals ${action}: which one?`,
      "give the approval id from `agent-mesh approvals list`",
      2,
    );
  }
  const url = runningGatewayUrl(io, values);
  if (!url) {
    throw new CliError(
      "no running gateway found: approvals live in the running gateway's state",
      "start one with `agent-mesh start`, or give its URL with --url or AGENT_MESH_URL",
    );
  }
  if (action === "list") {
    const { approvals } = await adminRequest<{ approvals: PendingApproval[] }>(
      io,
      url,
      "GET",
      `${ADMIN_PREFIX}/approvals`,
    );
    if (values.json) {
      io.out(`${JSON.stringify(approvals, null, 2)}\n`);
      return 0;
    }
    if (approvals.length === 0) {
      io.out("no approval requests waiting\n");
      return 0;
    }
    for (const a of approvals) {
      io.out(
        `${a.id}  ${a.status.padEnd(8)}  ${a.caller}  ${a.tool}  until ${a.expires_at}\n  ${a.what}\n`,
      );
    }
    return 0;
  }
  const decided = await adminRequest<PendingApproval>(
    io,
    url,
    "POST",
    `${ADMIN_PREFIX}/approvals/${encodeURIComponent(id!)}/${action}`,
    text(values, "reason") ? { reason: text(values, "reason") } : {},
  );
  if (values.json) io.out(`${JSON.stringify(decided, null, 2)}\n`);
  else
    io.out(
      `${decided.id} ${decided.status}: ${decided.tool} for ${decided.caller}${action === "approve" ? " may now run once (the caller repeats the call with approval_id)" : ""}\n`,
    );
  return 0;
}
