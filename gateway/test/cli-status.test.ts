import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRecord } from "../src/cli/running-gateway.js";
import { meshSchema } from "../src/config/schema.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { runCli } from "./cli-io.js";
import { fixtureYaml, startTestMesh, type TestMesh } from "./helpers.js";
import { firstPartyPlatforms } from "./platforms.js";

const TOKEN = "status-token-0123456789abcdef";
const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");

/** `agent-mesh status` and tool-name completion against a gateway serving HTTP in this process. */
describe("agent-mesh status and completion against a running gateway", () => {
  let t: TestMesh;
  let gateway: HttpGateway;
  let home: string;
  let session: Client;
  const withToken = () => ({ AGENT_MESH_HOME: home, AGENT_MESH_TOKEN: TOKEN });

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "mesh-status-"));
    t = await startTestMesh(`servers:\n${fixtureYaml("fixture")}`);
    gateway = await serveHttp(
      t.mesh,
      meshSchema(firstPartyPlatforms).parse({ gateway: { port: 0, tokens: [TOKEN] } }).gateway,
    );
    session = new Client({ name: "status-test", version: "1" });
    await session.connect(
      new StreamableHTTPClientTransport(new URL(gateway.url), {
        requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
      }),
    );
  });
  afterAll(async () => {
    await session.close();
    await gateway.close();
    await t.close();
    await rm(home, { recursive: true, force: true });
  });

  it("shows downstreams, sessions and calls, as text and as JSON", async () => {
    const env = { ...withToken(), AGENT_MESH_URL: gateway.url };
    expect((await runCli(["call", "vercel_project_list"], { env })).code).toBe(0);
    const failed = await runCli(["call", "vercel_deployment_get", "deployment_id=dpl_nope"], {
      env,
    });
    expect(failed.code).toBe(1);

    const json = await runCli(["status", "--json"], { env });
    expect(json.code).toBe(0);
    const status = JSON.parse(json.stdout);
    expect(status).toMatchObject({
      url: gateway.url,
      status: "ok",
      state: { kind: "memory", ok: true },
      calls: { total: 2, errors: 1 },
    });
    expect(status.sessions).toBeGreaterThanOrEqual(1);
    // Every first-party platform, whichever are registered, plus the stdio fixture and the
    // gateway's own tools (status, workflows) as the in-process downstream `mesh`.
    expect(status.downstreams.map((d: { name: string }) => d.name).sort()).toEqual(
      [...firstPartyPlatforms.map((platform) => platform.name), "fixture", "mesh"].sort(),
    );
    expect(status.downstreams.find((d: { name: string }) => d.name === "fixture")).toMatchObject({
      kind: "stdio",
      state: "ready",
      restarts: 0,
      last_error: null,
    });

    const text = await runCli(["status"], { env });
    expect(text.stdout).toContain(`gateway ${gateway.url}: ok`);
    expect(text.stdout).toMatch(/calls 2 \(1 failed\)/);
    expect(text.stdout).toMatch(/^DOWNSTREAM\s+STATE\s+TOOLS\s+RESTARTS\s+LAST ERROR$/m);
    expect(text.stdout).toMatch(/^fixture\s+ready\s+\d+\s+0\s+-$/m);
    expect(text.stdout + text.stderr).not.toContain(TOKEN);
  });

  it("finds the gateway `agent-mesh start` recorded, and needs its token", async () => {
    const recorded = await mkdtemp(join(tmpdir(), "mesh-status-record-"));
    try {
      writeRecord(
        { AGENT_MESH_HOME: recorded },
        {
          url: gateway.url,
          pid: process.pid,
          sandbox: true,
          tokens: true,
          started_at: new Date().toISOString(),
        },
      );
      const found = await runCli(["status"], {
        env: { AGENT_MESH_HOME: recorded, AGENT_MESH_TOKEN: TOKEN },
      });
      expect(found.code).toBe(0);
      expect(found.stdout).toContain(`gateway ${gateway.url}`);
      // connect points a client at the same gateway, with the token as a variable.
      const connect = await runCli(["connect", "cursor", "--print"], {
        cwd: recorded,
        env: { AGENT_MESH_HOME: recorded, HOME: recorded },
      });
      expect(JSON.parse(connect.stdout).mcpServers.mesh).toEqual({
        url: gateway.url,
        headers: { Authorization: "Bearer ${env:AGENT_MESH_TOKEN}" },
      });
      const refused = await runCli(["status"], { env: { AGENT_MESH_HOME: recorded } });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("wants a bearer token");
      expect(refused.stderr).toContain("export AGENT_MESH_TOKEN");
    } finally {
      await rm(recorded, { recursive: true, force: true });
    }
  });

  it("says so and exits 1 when no gateway runs", async () => {
    const none = await runCli(["status"], { env: { AGENT_MESH_HOME: home } });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no running gateway found");
    expect(none.stderr).toContain("agent-mesh start");
    const gone = await runCli(["status", "--url", "http://127.0.0.1:9/mcp"], {
      env: { AGENT_MESH_HOME: home },
    });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("no gateway answers at http://127.0.0.1:9/mcp");
  });

  it("completes tool names from the running gateway, and nothing (quietly) without one", async () => {
    const names = await runCli(["__complete", "tools"], {
      env: { ...withToken(), AGENT_MESH_URL: gateway.url },
    });
    expect(names.code).toBe(0);
    expect(names.stdout.split("\n")).toEqual(
      expect.arrayContaining(["vercel_project_list", "wait"]),
    );
    const none = await runCli(["__complete", "tools"], { env: { AGENT_MESH_HOME: home } });
    expect(none).toMatchObject({ code: 0, stdout: "", stderr: "" });
  });

  it("the bash script completes commands, flags, clients and (through the real bin) tool names", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mesh-completion-"));
    try {
      // `agent-mesh` on the PATH is the built CLI, as an installed one would be, and the script
      // is loaded as the docs say: source <(agent-mesh completion bash).
      await writeFile(
        join(dir, "agent-mesh"),
        `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`,
      );
      await chmod(join(dir, "agent-mesh"), 0o755);
      const lines = [
        ["co"],
        ["connect", ""],
        ["call", "--"],
        ["status", "--j"],
        ["call", "vercel_project_l"],
      ];
      const body = lines
        .map(
          (words) =>
            `COMP_WORDS=(agent-mesh ${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length}; _agent_mesh; echo "\${COMPREPLY[*]}"`,
        )
        .join("\n");
      const { stdout } = await promisify(execFile)(
        "bash",
        ["-c", `source <(agent-mesh completion bash)\n${body}`],
        {
          env: {
            PATH: `${dir}:${process.env.PATH}`,
            AGENT_MESH_URL: gateway.url,
            AGENT_MESH_TOKEN: TOKEN,
            AGENT_MESH_HOME: home,
          },
        },
      );
      const [commands, clients, flags, status, tools] = stdout.trim().split("\n");
      expect(commands).toBe("costs connect completion");
      expect(clients).toBe("claude-code claude-desktop cursor vscode windsurf");
      expect(flags?.split(" ")).toEqual(expect.arrayContaining(["--args", "--yes", "--raw"]));
      expect(status).toBe("--json");
      expect(tools).toBe("vercel_project_list");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
