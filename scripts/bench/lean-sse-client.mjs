// A minimal client for the legacy HTTP+SSE transport (MCP 2024-11-05), for load on peers that
// speak only it (mcp-hub): one GET event stream per session for every answer, one JSON-RPC POST
// per request over node:http keep-alive connections. Same shape as lean-http-client.mjs.
import { Agent, request } from "node:http";

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function postJson(url, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json" } },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode < 300 ? resolve() : reject(new Error(`POST ${url}: ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Opens the event stream; resolves with the message endpoint and a way to await answers. */
function openStream(url) {
  return new Promise((resolve, reject) => {
    const pending = new Map();
    const req = request(url, { headers: { accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk) => {
        buffer += chunk;
        for (let at = buffer.indexOf("\n\n"); at >= 0; at = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          let event = "message";
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trimStart();
          }
          if (event === "endpoint") {
            resolve({ endpoint: new URL(data, url).href, pending, close: () => req.destroy() });
          } else if (event === "message" && data) {
            const message = JSON.parse(data);
            const waiter = message.id !== undefined && pending.get(message.id);
            if (waiter) {
              pending.delete(message.id);
              waiter(message);
            }
          }
        }
      });
      res.on("error", () => {});
    });
    req.on("error", reject);
    req.end();
  });
}

export async function openSseSession(url) {
  const stream = await openStream(url);
  let id = 0;
  const rpc = async (method, params) => {
    const ask = id++;
    const answer = new Promise((resolve) => stream.pending.set(ask, resolve));
    await postJson(stream.endpoint, JSON.stringify({ jsonrpc: "2.0", id: ask, method, params }));
    const message = await answer;
    if (message.error || message.result?.isError) throw new Error(JSON.stringify(message));
    return message.result;
  };
  await rpc("initialize", {
    protocolVersion: "2024-11-05",
    capabilities: {},
    clientInfo: { name: "bench", version: "0" },
  });
  await postJson(
    stream.endpoint,
    JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  );
  return {
    call: (name, args) => rpc("tools/call", { name, arguments: args }),
    list: () => rpc("tools/list", {}),
    async close() {
      stream.close();
    },
  };
}
