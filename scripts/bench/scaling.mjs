// What grows with the mesh (issue 22): tools/list time and bytes, and the per-call routing cost,
// with 10, 100 and 1,000 tools spread over 50 generated in-process servers (platforms), all in
// this process. A call is timed through Mesh.callTool (the one pipeline every caller uses) and
// on the platform's runtime directly; the difference is the gateway's per-call cost, which
// should not grow with the catalog.
import { createLogger, createRuntime, definePlatform, defineTool } from "@agent-mesh/core";
import { Mesh, meshSchema, STDIO_CALLER } from "@agent-mesh/gateway";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ListToolsResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { fmt, measure, table } from "./measure.mjs";

const SERVERS = 50;
const CALLS = Number(process.env.BENCH_SCALING_CALLS ?? 2000);
const annotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

/** `tools` tools spread round-robin over SERVERS platforms named gen1..gen50. */
function generate(tools) {
  const perServer = Array.from({ length: SERVERS }, () => []);
  for (let i = 0; i < tools; i++) {
    const server = i % SERVERS;
    perServer[server].push(
      defineTool({
        name: `gen${server + 1}_thing${i}_get`,
        title: `Thing ${i}`,
        description: `Returns thing ${i}'s input, as a generated tool of a scaling benchmark.`,
        input: z.object({ n: z.number(), label: z.string().optional() }),
        output: z.object({ n: z.number() }),
        annotations,
        run: async ({ n }) => ({ n }),
      }),
    );
  }
  return perServer.map((defs, server) =>
    definePlatform({
      name: `gen${server + 1}`,
      title: `Generated ${server + 1}`,
      version: "0.0.0",
      description: "A generated server for the scaling benchmark.",
      config: {},
      client: () => ({}),
      tools: defs,
      mapError: () => undefined,
    }),
  );
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

async function start(platforms, search) {
  const mesh = new Mesh({ platforms, logger: createLogger({ name: "bench", level: "error" }) });
  await mesh.apply(meshSchema(platforms).parse({ tools: { search } }));
  await mesh.settled(60_000);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await mesh.connectSession(STDIO_CALLER).connect(serverSide);
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(clientSide);
  return { mesh, client };
}

const rows = [];
for (const size of [10, 100, 1000]) {
  const platforms = generate(size);
  const searching = await start(platforms, "on");
  const searchBytes = Buffer.byteLength(
    JSON.stringify(await searching.client.request({ method: "tools/list" }, ListToolsResultSchema)),
  );
  await searching.client.close();
  await searching.mesh.close();
  const { mesh, client } = await start(platforms, "off");
  const listTimes = [];
  let bytes = 0;
  let listed = 0;
  for (let i = 0; i < 30; i++) {
    const started = performance.now();
    const result = await client.request({ method: "tools/list" }, ListToolsResultSchema);
    listTimes.push(performance.now() - started);
    bytes = Buffer.byteLength(JSON.stringify(result));
    listed = result.tools.length;
  }
  const target = "gen1_thing0_get";
  const viaMesh = await measure(
    "mesh",
    (n) => mesh.callTool({ caller: STDIO_CALLER, name: target, arguments: { n } }),
    CALLS,
  );
  const runtime = createRuntime(platforms[0], { env: {} });
  const direct = await measure("runtime", (n) => runtime.call(target, { n }), CALLS);
  await client.close();
  await mesh.close();
  rows.push([
    `${size} tools, ${SERVERS} servers`,
    listed,
    fmt(median(listTimes), 2),
    bytes,
    searchBytes,
    fmt(viaMesh.p50 * 1000, 1),
    fmt(direct.p50 * 1000, 1),
    fmt((viaMesh.p50 - direct.p50) * 1000, 1),
    fmt(viaMesh.p99 * 1000, 0),
  ]);
}
console.log(
  `\nWhat grows with the mesh: generated in-process servers, ${CALLS} calls per row (Node ${process.version}, ${new Date().toISOString()})\n`,
);
table(
  [
    "catalog",
    "tools",
    "tools/list ms",
    "tools/list bytes",
    "search mode bytes",
    "call p50 µs",
    "runtime p50 µs",
    "routing p50 µs",
    "call p99 µs",
  ],
  rows,
);
console.log(
  "  tools/list (search: off): median of 30 over an in-memory MCP session; search mode: the list with search: on;\n  call: Mesh.callTool (the pipeline) on one tool;",
);
console.log(
  "  runtime: the same tool on its platform runtime directly; routing = call - runtime (the gateway's own cost).\n",
);
