import { ADMIN_PREFIX } from "../../serve/admin-routes.js";
import { adminRequest, runningGatewayUrl } from "../admin-client.js";
import { text, type Values } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";
import { meshForCommand } from "../mesh-for-cli.js";

/**
 * `agent-mesh tools approve <server> [tool]`: through the running gateway (operator routes), which
 * writes mesh.lock and shows the tools at once; else with an in-process mesh over mesh.yaml.
 */
export async function approveCommand(args: string[], values: Values, io: Io): Promise<number> {
  const [server, tool, ...extra] = args;
  if (!server || extra.length > 0) {
    throw new CliError(
      "tools approve: which server?",
      "agent-mesh tools approve <server> [<tool>]",
      2,
    );
  }
  const url = values.local || text(values, "config") ? undefined : runningGatewayUrl(io, values);
  let approved: string[];
  if (url) {
    ({ approved } = await adminRequest<{ approved: string[] }>(
      io,
      url,
      "POST",
      `${ADMIN_PREFIX}/tools/approve`,
      {
        server,
        ...(tool ? { tool } : {}),
      },
    ));
  } else {
    const running = await meshForCommand(io, values);
    try {
      approved = running.mesh.approveTools(server, tool);
    } catch (err) {
      throw new CliError((err as Error).message, "`agent-mesh doctor` lists the quarantined tools");
    } finally {
      await running.close();
    }
  }
  io.out(
    `${server}: pinned ${approved.length} tool${approved.length === 1 ? "" : "s"} in mesh.lock (${approved.join(", ")})\n`,
  );
  return 0;
}
