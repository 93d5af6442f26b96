import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = join(ROOT, "gateway", "dist", "bin.js");

/** A shell command shown in the docs, where it is shown. */
interface Shown {
  command: string;
  where: string;
}

/**
 * How a documented command is proved to work:
 * - `run`: this file runs it (an `agent-mesh` command that needs no running gateway) and expects
 *   exit code 0, or one of `exitCodes` (doctor exits 1 when it finds something to fix);
 * - `serve`: this file starts it from the repository's root, waits for the line that says it
 *   serves, checks that URL answers, and stops it;
 * - `by`: another test or CI runs it; that file must still contain `needle`;
 * - `external`: it needs a program this machine does not have; say what covers the rest.
 */
type Proof =
  | { run: true; exitCodes?: number[] }
  | { serve: RegExp }
  | { by: string; needle: string }
  | { external: string };

const PROOFS: Array<[RegExp, Proof]> = [
  [
    /^npm install --global pnpm@[\d.]+ && pnpm install && pnpm build/,
    { by: ".ci/run", needle: "pnpm build" },
  ],
  [/^pnpm test$/, { by: ".ci/run", needle: "pnpm test" }],
  [/^pnpm agent-mesh start( |$)/, { by: "gateway/test/bin.test.ts", needle: '"start"' }],
  [/^agent-mesh start --sandbox( &)?$/, { by: "gateway/test/docs.test.ts", needle: '"--sandbox"' }],
  [/^pnpm agent-mesh start --sandbox$/, { by: "gateway/test/docs.test.ts", needle: '"--sandbox"' }],
  [/^agent-mesh tools --sandbox$/, { run: true }],
  [/^agent-mesh call \S+( \w+=\S+)* --sandbox$/, { run: true }],
  [/^agent-mesh audit( |$)/, { run: true }],
  [
    /^agent-mesh call vercel_deployment_(create|get|cancel) /,
    { by: "gateway/test/cli-flow.test.ts", needle: "vercel_deployment_cancel" },
  ],
  [
    /^pnpm agent-mesh tools \| pnpm agent-mesh call <tool>/,
    { by: "gateway/test/cli-flow.test.ts", needle: '"call"' },
  ],
  [
    /^npx -y @modelcontextprotocol\/inspector --cli /,
    { by: "conformance/test/inspector.test.ts", needle: "--cli" },
  ],
  [
    /^curl .*\/metrics/,
    { by: "gateway/test/pipeline.test.ts", needle: "agent_mesh_tool_calls_total" },
  ],
  [
    /^pnpm --filter @agent-mesh\/\S+ pack --pack-destination /,
    { by: "gateway/test/packed-tarballs.test.ts", needle: "--pack-destination" },
  ],
  [
    /^pnpm new-platform \w+ --title /,
    { by: "templates/generator/test/end-to-end.test.ts", needle: "--title" },
  ],
  [/^agent-mesh doctor$/, { run: true, exitCodes: [0, 1] }],
  [
    /^agent-mesh connect (cursor|vscode|claude-desktop)( --\w+)*$/,
    { by: "gateway/test/cli-connect.test.ts", needle: '"--stdio", "--print"' },
  ],
  [
    /^agent-mesh init && agent-mesh doctor$/,
    { by: "gateway/test/cli-init.test.ts", needle: '"init"' },
  ],
  [
    /^(echo 'source <\(agent-mesh completion (bash|zsh)\)'|agent-mesh completion fish >)/,
    { by: "gateway/test/completion-shells.test.ts", needle: "agent-mesh completion" },
  ],
  [
    /^agent-mesh approvals (list|approve apr_\S+|deny apr_\S+ --reason .+)$/,
    { by: "gateway/test/approvals.test.ts", needle: '"--reason", "not during the freeze"' },
  ],
  [
    /^agent-mesh start --sandbox --config examples\/workflows\/mesh\.yaml &$/,
    { by: "gateway/test/workflows-examples.test.ts", needle: "configPath: EXAMPLES" },
  ],
  [
    /^agent-mesh workflows (list|run \w+( \w+=\S+)*|runs( --json)?|show run_\S+)$/,
    { by: "gateway/test/workflows-examples.test.ts", needle: '"workflows", "run"' },
  ],
  [
    /^agent-mesh tools approve \w+( \w+)?$/,
    { by: "gateway/test/pinning.test.ts", needle: '"tools", "approve"' },
  ],
  [
    /^git diff mesh\.lock$/,
    { external: "plain git on the user's repository; pinning.test.ts checks what mesh.lock holds" },
  ],
  [/^pnpm sandbox$/, { serve: /listening on (http:\/\/127\.0\.0\.1:\d+)\/mcp/ }],
  [
    /^node packages\/sandbox\/dist\/bin\.js( --platform \w+ -- <command>)?$/,
    { by: "packages/sandbox/test/sandbox.test.ts", needle: "../dist/bin.js" },
  ],
  [
    /^agent-mesh keys (create|list|revoke)( |$)/,
    { by: "gateway/test/docs-auth.test.ts", needle: "keys-create" },
  ],
  [
    /^(docker (build|run|tag|push) |aws (ecr|secretsmanager) |terraform (init|apply)$)/,
    {
      external:
        "needs Docker Hub or an AWS account, neither reachable here; deploy-artifacts.test.ts checks the Dockerfile, the Terraform module and these docs statically",
    },
  ],
  [
    /^claude mcp add /,
    {
      external:
        "Claude Code's CLI is not on this machine; `agent-mesh connect claude-code` writes the same entry (cli-connect.test.ts) and every server it names starts in its own package's bin test",
    },
  ],
];

/** Every line of every sh/bash/console block in README.md and docs/, continuations joined. */
async function shownCommands(): Promise<Shown[]> {
  const files = ["README.md", ...(await markdownUnder(join(ROOT, "docs")))];
  const shown: Shown[] = [];
  for (const file of files) {
    const path = file.startsWith("/") ? file : join(ROOT, file);
    const lines = (await readFile(path, "utf8")).split("\n");
    let inBlock = false;
    let pending = "";
    lines.forEach((line, index) => {
      const fence = /^\s*```(\w*)/.exec(line);
      if (fence) {
        inBlock = !inBlock && ["sh", "bash", "shell", "console"].includes(fence[1]!);
        return;
      }
      if (!inBlock) return;
      const text = line.trim();
      if (!text || text.startsWith("#")) return;
      if (text.endsWith("\\")) {
        pending += `${text.slice(0, -1).trim()} `;
        return;
      }
      const command = (pending + text).replace(/\s{2,}#.*$/, "").trim();
      pending = "";
      shown.push({ command, where: `${relative(ROOT, path)}:${index + 1}` });
    });
  }
  return shown;
}

async function markdownUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return markdownUnder(path);
      return Promise.resolve(entry.name.endsWith(".md") ? [path] : []);
    }),
  );
  return nested.flat().sort();
}

/** Splits a command line into words as sh does for the quoting the docs use. */
function words(command: string): string[] {
  const out: string[] = [];
  const pattern = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (const match of command.matchAll(pattern)) out.push(match[1] ?? match[2] ?? match[3]!);
  return out;
}

function proofOf(command: string): Proof | undefined {
  return PROOFS.find(([pattern]) => pattern.test(command))?.[1];
}

describe("every command README.md and docs/ show", () => {
  let shown: Shown[];
  let home: string;
  beforeAll(async () => {
    shown = await shownCommands();
    home = await mkdtemp(join(tmpdir(), "mesh-docs-commands-"));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it("is run by a test, or says why it cannot be run here", () => {
    expect(shown.length).toBeGreaterThan(10);
    const unproved = shown.filter(({ command }) => !proofOf(command));
    expect(
      unproved.map(({ command, where }) => `${where}: ${command}`),
      "add each to PROOFS in gateway/test/docs-commands.test.ts with the test that runs it",
    ).toEqual([]);
  });

  it("names tests that exist and still run what the docs show", async () => {
    for (const [pattern, proof] of PROOFS) {
      if (!("by" in proof)) continue;
      const path = join(ROOT, proof.by);
      expect(existsSync(path), `${proof.by} (for ${pattern})`).toBe(true);
      expect(await readFile(path, "utf8"), `${proof.by} runs ${pattern}`).toContain(proof.needle);
    }
  });

  it("runs the agent-mesh commands that need no running gateway, in the order shown", async () => {
    const runnable = shown.flatMap(({ command, where }) => {
      const proof = proofOf(command);
      return proof && "run" in proof ? [{ command, where, codes: proof.exitCodes ?? [0] }] : [];
    });
    expect(runnable.length).toBeGreaterThan(3);
    for (const { command, where, codes } of runnable) {
      const args = words(command).slice(1);
      const result = await runCli(args, home);
      expect(codes, `${where}: ${command} exited ${result.code}\n${result.stderr}`).toContain(
        result.code,
      );
      expect(result.stderr, `${where}: ${command} logs no internal error`).not.toContain(
        '"level":"error"',
      );
    }
  }, 600_000);

  it("starts the servers the docs show, and each answers where it says it listens", async () => {
    const served = shown.flatMap(({ command, where }) => {
      const proof = proofOf(command);
      return proof && "serve" in proof ? [{ command, where, ready: proof.serve }] : [];
    });
    expect(served.length).toBeGreaterThan(0);
    for (const { command, where, ready } of served) {
      const url = await serveUntilReady(command, ready, async (base) => {
        const health = await fetch(`${base}/health`);
        expect(health.status, `${where}: ${command} answers /health`).toBe(200);
      });
      expect(url, where).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
  }, 180_000);
});

/**
 * Runs a documented command in its own process group (PORT=0 picks a free port), waits for the
 * line that says where it serves, hands that URL to `check`, then stops the whole group.
 */
async function serveUntilReady(
  command: string,
  ready: RegExp,
  check: (url: string) => Promise<void>,
): Promise<string> {
  const child = spawn("sh", ["-c", command], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: "0", AGENT_MESH_LOG_LEVEL: "error" },
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const url = await eventually(() => ready.exec(output)?.[1], 150_000, `"${command}" to serve`);
    await check(url);
    return url;
  } finally {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await exited;
  }
}

function runCli(args: string[], home: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: home,
      env: { ...process.env, AGENT_MESH_HOME: home, AGENT_MESH_LOG_LEVEL: "error" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdin.end();
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
