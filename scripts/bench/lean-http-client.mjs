// A minimal Streamable HTTP client for load: JSON-RPC POSTs over node:http keep-alive
// connections, reading JSON or SSE responses. The SDK's client (and fetch) cost more CPU than
// the server under load, and client and server share this machine's two cores, so throughput
// is measured with this one.
import { Agent, request } from "node:http";

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(url, headers, body, method = "POST") {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          headers: res.headers,
          status: res.statusCode,
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The JSON-RPC message of a JSON or SSE response body (the last `data:` line for SSE). */
function messageOf(text) {
  if (text.startsWith("{")) return JSON.parse(text);
  const lines = text.split("\n").filter((line) => line.startsWith("data: "));
  return JSON.parse(lines.at(-1).slice(6));
}

/**
 * Opens a session on `url`; each call then goes to the next of `rotate` in turn (a round-robin
 * balancer over replicas that share their sessions in Redis), by default always `url`.
 */
export async function openSession(url, extraHeaders = {}, rotate = [url]) {
  const headers = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    ...extraHeaders,
  };
  const init = await post(
    url,
    headers,
    JSON.stringify({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "bench", version: "0" },
      },
    }),
  );
  const sessionHeaders = {
    ...headers,
    "mcp-session-id": init.headers["mcp-session-id"],
    "mcp-protocol-version": "2025-11-25",
  };
  await post(
    url,
    sessionHeaders,
    JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  );
  let id = 1;
  let turn = 0;
  const rpc = async (method, params) => {
    const response = await post(
      rotate[turn++ % rotate.length],
      sessionHeaders,
      JSON.stringify({ jsonrpc: "2.0", id: id++, method, params }),
    );
    const message = messageOf(response.text);
    if (message.error || message.result?.isError) throw new Error(JSON.stringify(message));
    return message.result;
  };
  return {
    call: (name, args) => rpc("tools/call", { name, arguments: args }),
    list: () => rpc("tools/list", {}),
    async close() {
      await post(url, sessionHeaders, undefined, "DELETE").catch(() => {});
    },
  };
}
