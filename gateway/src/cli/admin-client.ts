import { text, type Values } from "./args.js";
import { CliError } from "./cli-error.js";
import type { Io } from "./io.js";
import { readRecord } from "./running-gateway.js";

/** The running gateway's MCP URL: --url, AGENT_MESH_URL, or the one `agent-mesh start` runs. */
export function runningGatewayUrl(io: Io, values: Values): string | undefined {
  return text(values, "url") ?? io.env.AGENT_MESH_URL ?? readRecord(io.env)?.url;
}

/**
 * A request to the running gateway's operator routes (/admin/...), with AGENT_MESH_TOKEN as the
 * bearer token. Refusals become one-line errors that say what to do.
 */
export async function adminRequest<T>(
  io: Io,
  gatewayUrl: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<T> {
  let url: URL;
  try {
    url = new URL(path, gatewayUrl);
  } catch {
    throw new CliError(
      `"${gatewayUrl}" is not a URL`,
      "give the gateway's MCP URL, e.g. http://127.0.0.1:7420/mcp",
      2,
    );
  }
  const token = io.env.AGENT_MESH_TOKEN;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new CliError(
      `no gateway answers at ${gatewayUrl}: ${(err as Error).message}`,
      "start one with `agent-mesh start`",
    );
  }
  const answer = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    json = undefined;
  }
  if (response.ok) return json as T;
  const message =
    (json as { error?: unknown; message?: unknown } | undefined)?.error ??
    (json as { error?: { message?: unknown } } | undefined)?.error?.message ??
    answer.slice(0, 300);
  if (response.status === 401) {
    throw new CliError(
      `the gateway at ${gatewayUrl} wants a bearer token${token ? " and refused AGENT_MESH_TOKEN" : ""}`,
      "export AGENT_MESH_TOKEN with the token of a client that has the operator role",
    );
  }
  if (response.status === 403) {
    throw new CliError(
      String(typeof message === "string" ? message : JSON.stringify(message)),
      "use the token of a client with `roles: [operator]` in gateway.clients (AGENT_MESH_TOKEN)",
    );
  }
  throw new CliError(typeof message === "string" ? message : JSON.stringify(message));
}
