// Measures the GitHub server against its sandbox stand-in: a real MCP client in process,
// @octokit/rest unmodified, the stand-in on loopback. Also prints the size of the tool list the
// default toolsets publish (issue 17 keeps it under 25 KB). Prints tables; never asserts.

import { connectInMemory } from "@agent-mesh/core/testing";
import { platform } from "@agent-mesh/mcp-github";
import { startSandbox } from "@agent-mesh/sandbox";
import { fmt, measure, table } from "./measure.mjs";

const N = Math.min(Number(process.env.BENCH_CALLS ?? 5000), 1000);
const sandbox = await startSandbox({ platforms: ["github"] });
const all = "actions,releases,pulls,issues,repos";
const session = await connectInMemory(platform, {
  env: { ...sandbox.env, GITHUB_TOOLSETS: all },
});
const call = (name, args) => async (i) => {
  const result = await session.call(name, typeof args === "function" ? args(i) : args);
  if (result.isError) throw new Error(`${name}: ${result.content?.[0]?.text}`);
};

const listSize = async (env) => {
  const s = await connectInMemory(platform, { env: { ...sandbox.env, ...env } });
  const { tools } = await s.client.listTools();
  await s.close();
  return { count: tools.length, bytes: JSON.stringify(tools).length };
};

await call("github_workflow_dispatch", { repo: "acme/web", workflow: "ci.yml", ref: "main" })(0);
const runs = await session.call("github_run_list", { repo: "acme/web", limit: 1 });
const runId = runs.structuredContent.runs[0].id;
let comments = 0;
const rows = [
  await measure(
    "github_run_get (run + jobs, 2 requests)",
    call("github_run_get", { repo: "acme/web", run_id: runId }),
    N,
  ),
  await measure(
    "github_issue_comment (POST, new key each)",
    // measure() warms up with the same indexes it then measures: count calls so that every
    // call is new (a repeated key would be a replay, not a POST).
    call("github_issue_comment", () => {
      comments += 1;
      return {
        repo: "acme/web",
        number: 1,
        body: `bench ${comments}`,
        idempotency_key: `bench-${comments}`,
      };
    }),
    N,
  ),
];

console.log(`\nagent-mesh GitHub server against the sandbox (Node ${process.version})\n`);
table(
  ["tool", "p50 ms", "p99 ms", "calls/s"],
  rows.map((r) => [r.label, fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.perSecond, 0)]),
);
const byDefault = await listSize({});
const everything = await listSize({ GITHUB_TOOLSETS: all });
console.log("\nGitHub tools/list size (JSON of names, descriptions, schemas, annotations)\n");
table(
  ["toolsets", "tools", "KB"],
  [
    ["default (actions, releases, pulls, repos)", byDefault.count, fmt(byDefault.bytes / 1024, 1)],
    ["all five", everything.count, fmt(everything.bytes / 1024, 1)],
  ],
);
await session.close();
await sandbox.close();
