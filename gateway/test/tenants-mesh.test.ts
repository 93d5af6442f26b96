import { dirname, join } from "node:path";
import { type Caller, createLogger } from "@agent-mesh/core";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Mesh } from "../src/mesh.js";
import { config, eventually } from "./helpers.js";
import { firstPartyPlatforms } from "./platforms.js";

const ENV_SERVER = join(dirname(new URL(import.meta.url).pathname), "fixtures", "env-server.mjs");
const envy = (tenant: string) =>
  `      envy:\n        command: ${JSON.stringify(process.execPath)}\n        args: [${JSON.stringify(ENV_SERVER)}]\n        env: { TENANT_NAME: ${tenant} }\n`;

/** acme denies itself Vercel's env tools; globex has no policy of its own (the top level's). */
const yaml = (acmeToken: string, withGlobex = true) => `integrations:
  aws: {}
tenants:
  acme:
    integrations:
      vercel: { token: ${acmeToken} }
    servers:
${envy("acme")}    policy:
      rules:
        - { id: no-env, effect: deny, tools: ["vercel_env_*"] }
${
  withGlobex
    ? `  globex:
    integrations:
      vercel: { token: globex-vercel-token-abcdef }
`
    : ""
}`;

const caller = (tenant: string): Caller => ({
  id: `${tenant}-user`,
  name: `${tenant} user`,
  kind: "token",
  roles: [],
  tenant,
});

/** The in-process mesh: starting tenants on demand, their policies, reloads, list_changed. */
describe("tenants in one mesh", () => {
  let sandbox: RunningSandbox;
  let mesh: Mesh;
  const sessions: Client[] = [];
  const connect = async (who: Caller) => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "tenant-session", version: "1" });
    await mesh.connectSession(who).connect(serverSide);
    await client.connect(clientSide);
    sessions.push(client);
    return client;
  };
  const names = async (client: Client) => (await client.listTools()).tools.map((t) => t.name);

  beforeAll(async () => {
    sandbox = await startSandbox({ stepMs: 20 });
    mesh = new Mesh({
      platforms: firstPartyPlatforms,
      env: { ...sandbox.env, AGENT_MESH_LOG_LEVEL: "error" },
      logger: createLogger({ name: "agent-mesh", level: "error" }),
    });
    await mesh.apply(config(yaml("sandbox-vercel-token")));
    await mesh.settled(30_000);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(sessions.map((s) => s.close()));
    await mesh?.close();
    await sandbox?.close();
  });

  it("starts nothing of a tenant until its first request", async () => {
    expect(mesh.health()).toMatchObject({ tenants_started: 0 });
    // aws, and the gateway's own tools (the `mesh` downstream).
    expect(mesh.list().map((d) => d.name)).toEqual(["aws", "mesh"]);
    const acme = await connect(caller("acme"));
    expect(mesh.health()).toMatchObject({ tenants_started: 0 });
    await eventually(async () => (await names(acme)).includes("env_report"), 90_000);
    expect(mesh.health()).toMatchObject({ tenants_started: 1 });
    // The top level is untouched: its catalog still has only aws (and the mesh's own tools).
    expect(
      [...mesh.catalog.tools.keys()].every((n) => n.startsWith("aws_") || n.startsWith("mesh_")),
    ).toBe(true);
  }, 120_000);

  it("keeps telling the top level's subscribers of mesh://status once a tenant has its own", async () => {
    const ops = await connect({ id: "ops", name: "ops", kind: "cli", roles: [] });
    const seen: string[] = [];
    ops.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      seen.push(n.params.uri);
    });
    await ops.subscribeResource({ uri: "mesh://status" });
    // acme's first request starts its downstreams, its own `mesh` server among them.
    const acme = await connect(caller("acme"));
    await eventually(async () => (await names(acme)).includes("mesh_status_get"), 90_000);
    await acme.callTool({ name: "mesh_status_get", arguments: {} });
    await ops.callTool({ name: "mesh_status_get", arguments: {} });
    await eventually(() => seen.includes("mesh://status"), 30_000);
  }, 120_000);

  it("applies each tenant's own policy: acme's rule hides the tool from acme only", async () => {
    const acme = await connect(caller("acme"));
    const globex = await connect(caller("globex"));
    expect(await names(acme)).not.toContain("vercel_env_list");
    expect(await names(acme)).toContain("vercel_project_list");
    expect(await names(globex)).toContain("vercel_env_list");
    const refused = await acme.callTool({ name: "vercel_env_list", arguments: { project: "web" } });
    expect(refused.isError).toBe(true);
    const text = JSON.stringify(refused.content);
    expect(text).toContain("policy_denied");
    expect(text).toContain("no-env");
  });

  it("moves a started tenant to its new credentials on reload, telling only its sessions", async () => {
    const acme = await connect(caller("acme"));
    const globex = await connect(caller("globex"));
    await names(acme);
    await names(globex);
    let acmeTold = 0;
    let globexTold = 0;
    acme.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      acmeTold++;
    });
    globex.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      globexTold++;
    });

    // acme's new mesh.yaml also drops its envy server: its tools go, and acme is told.
    const next = yaml("acme-rotated-token-123456").replace(envy("acme"), "      {}\n");
    await mesh.apply(config(next));
    await eventually(() => acmeTold > 0, 30_000, "acme's tools/list_changed");
    expect(await names(acme)).not.toContain("env_report");
    sandbox.recorder.clear();
    await acme.callTool({ name: "vercel_project_list", arguments: {} });
    expect(sandbox.recorder.to("vercel").map((r) => r.headers.authorization)).toEqual([
      "Bearer acme-rotated-token-123456",
    ]);
    // globex's lists did not change: it was told nothing.
    await globex.listTools();
    expect(globexTold).toBe(0);
  }, 120_000);

  it("refuses a removed tenant's sessions on their next request", async () => {
    const globex = await connect(caller("globex"));
    expect(await names(globex)).toContain("vercel_project_list");
    await mesh.apply(config(yaml("sandbox-vercel-token", false)));
    await expect(globex.listTools()).rejects.toThrow(/tenant "globex".*does not serve/);
    expect(mesh.health()).toMatchObject({ tenants_started: 1 });
  });
});
