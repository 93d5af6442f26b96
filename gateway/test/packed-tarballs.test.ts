import { execFile, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// What a user gets from `npx -y <tarball>`: each published bin is packed as `pnpm publish` would,
// installed from the tarball alone into an empty folder (workspace packages are not on npm, so
// only the bundled bin can work), and spawned over stdio for a real SDK client. One install per
// tarball, all at once, from npm's cache when it has the packages.

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
/** Installing the AWS SDK on a cold cache and a busy machine takes a while; nothing is skipped. */
const INSTALL_TIMEOUT = 600_000;

interface Packed {
  dir: string;
  bin: string;
  args: string[];
  /** Tools the bin must list (the platforms' committed manifests). */
  tools: string[];
}

function manifestTools(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(root, dir, "tools.json"), "utf8")) as {
    tools: { name: string }[];
  };
  return manifest.tools.map((tool) => tool.name);
}

const vercel = manifestTools("packages/mcp-vercel");
const aws = manifestTools("packages/mcp-aws");
const PACKAGES: Packed[] = [
  { dir: "packages/mcp-vercel", bin: "mcp-vercel", args: [], tools: vercel },
  { dir: "packages/mcp-aws", bin: "mcp-aws", args: [], tools: aws },
  // --sandbox loads the sandbox lazily, with s3rver in a child process and dynalite's LevelDB.
  {
    dir: "gateway",
    bin: "agent-mesh",
    args: ["start", "--stdio", "--sandbox"],
    tools: [...vercel, ...aws],
  },
];

let work: string;
const installed = new Map<string, string>();

/** `pnpm pack` the package into a folder of its own, then `npm install` that tarball alone. */
async function packAndInstall(packed: Packed): Promise<void> {
  const folder = join(work, packed.bin);
  const tarballs = join(folder, "tarball");
  await mkdir(tarballs, { recursive: true });
  await run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(root, packed.dir) });
  const [tarball] = readdirSync(tarballs);
  const project = join(folder, "project");
  await mkdir(project);
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", join(tarballs, tarball ?? "")],
    { cwd: project, maxBuffer: 16 * 1024 * 1024 },
  );
  installed.set(packed.bin, join(project, "node_modules", ".bin", packed.bin));
}

/** The child's environment: no credentials of the developer's, a state folder of its own. */
function childEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(AWS_|VERCEL_|AGENT_MESH_)/.test(key)) continue;
    env[key] = value;
  }
  env.AGENT_MESH_HOME = join(work, "home");
  return env;
}

async function connect(packed: Packed): Promise<Client> {
  const command = installed.get(packed.bin);
  if (command === undefined) throw new Error(`${packed.bin} was not installed`);
  // The user at this client says yes when a destructive call asks (aws_kv_set overwrites).
  const client = new Client(
    { name: "packed-tarball-test", version: "1.0.0" },
    { capabilities: { elicitation: {} } },
  );
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: {} }));
  await client.connect(
    new StdioClientTransport({ command, args: packed.args, env: childEnv(), stderr: "pipe" }),
  );
  return client;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "agent-mesh-packed-"));
  await Promise.all(PACKAGES.map(packAndInstall));
}, INSTALL_TIMEOUT);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("each published bin, installed from its packed tarball alone", () => {
  it.each(PACKAGES)("$bin lists its tools over stdio", async (packed) => {
    const client = await connect(packed);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(packed.tools));
    } finally {
      await client.close();
    }
  });

  it("the gateway's --sandbox serves DynamoDB and S3 calls from the tarball install", async () => {
    const gateway = PACKAGES.find((packed) => packed.bin === "agent-mesh");
    if (gateway === undefined) throw new Error("no gateway in PACKAGES");
    const client = await connect(gateway);
    try {
      const marker = `packed-${Date.now()}`;
      const set = await client.callTool({
        name: "aws_kv_set",
        arguments: { key: "packed/test", value: { marker } },
      });
      expect(set.isError, JSON.stringify(set)).toBeFalsy();
      const got = await client.callTool({ name: "aws_kv_get", arguments: { key: "packed/test" } });
      expect(got.isError, JSON.stringify(got)).toBeFalsy();
      expect(got.structuredContent).toMatchObject({ found: true });
      expect(JSON.stringify(got.structuredContent)).toContain(marker);

      const put = await client.callTool({
        name: "aws_artifact_put",
        arguments: { key: "packed/report.md", content: marker },
      });
      expect(put.isError, JSON.stringify(put)).toBeFalsy();
      const read = await client.callTool({
        name: "aws_artifact_get",
        arguments: { key: "packed/report.md" },
      });
      expect(read.isError, JSON.stringify(read)).toBeFalsy();
      expect(JSON.stringify(read.structuredContent)).toContain(marker);
    } finally {
      await client.close();
    }
  });

  it("the gateway's dashboard finds htmx and its stylesheet from the tarball install", async () => {
    const command = installed.get("agent-mesh");
    if (command === undefined) throw new Error("agent-mesh was not installed");
    const child = spawn(command, ["start", "--port", "0", "--no-watch"], {
      env: childEnv(),
      stdio: ["ignore", "ignore", "pipe"],
    });
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        let text = "";
        child.stderr.on("data", (chunk) => {
          text += chunk;
          const match = /listening on (http:\/\/[^/\s]+)\/mcp/.exec(text);
          if (match) resolve(match[1]!);
        });
        child.once("exit", (code) => reject(new Error(`agent-mesh exited ${code}:\n${text}`)));
      });
      const htmx = await fetch(`${origin}/dashboard/assets/htmx.min.js`);
      expect(htmx.status).toBe(200);
      expect(await htmx.text()).toContain("htmx");
      const css = await fetch(`${origin}/dashboard/assets/dashboard.css`);
      expect(css.status).toBe(200);
      const page = await fetch(`${origin}/dashboard`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('src="/dashboard/assets/htmx.min.js"');
    } finally {
      child.kill("SIGTERM");
    }
  }, 120_000);
});
