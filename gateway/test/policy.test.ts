import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CLIENTS_YAML,
  envelope,
  lineOf,
  type PolicyMesh,
  sample,
  startPolicyMesh,
  toolNames,
} from "./policy-mesh.js";

// Every policy feature over real HTTP, with the SDK client, as three named clients (ci, dev,
// remote), in enforcing and permissive modes, against the Vercel stand-in.

const POLICY = `policy:
  mode: MODE
  default: allow
  trusted_proxies: [127.0.0.1/32, "::1/128"]
  ip_allow: [127.0.0.0/8, "::1/128", 10.0.0.0/8]
  clients:
    ci:
      resources:
        project: [web, "ap?"]
    remote:
      ip_allow: [10.0.0.0/8]
  rules:
    - id: ci-no-env-writes
      clients: [ci]
      tools: [vercel_env_set]
      effect: deny
    - id: no-docs-env
      roles: [developer]
      tools: [vercel_env_list]
      args: { project: "doc*" }
      effect: deny
    - id: destructive-office-hours
      annotations: { destructive: true }
      when: { days: [mon, tue, wed, thu, fri], hours: "09:00-18:00", time_zone: Europe/Berlin }
      effect: allow
    - id: destructive-otherwise
      annotations: { destructive: true }
      effect: deny
  limits:
    - id: dev-projects
      clients: [dev]
      tools: ["vercel_project_*"]
      rate: 3/min
`;

const yaml = (mode: "enforcing" | "permissive", extra = "") =>
  `${CLIENTS_YAML}integrations:\n  vercel: {}\n${extra}${POLICY.replace("MODE", mode)}`;

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ platforms: ["vercel"], stepMs: 10 * 60_000 });
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
});

describe("an enforcing policy", () => {
  let t: PolicyMesh;
  // Wednesday 2026-11-25 11:00 in Berlin.
  let now = new Date("2026-11-25T10:00:00Z");
  const text = yaml("enforcing");
  beforeAll(async () => {
    t = await startPolicyMesh(text, sandbox, { clock: () => now });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    sandbox.recorder.clear();
  });

  it("hides a denied tool from the caller it denies, and refuses it naming the rule's line", async () => {
    const ci = await t.client("ci");
    const dev = await t.client("dev");
    const ciTools = await toolNames(ci);
    expect(ciTools).toContain("vercel_env_list");
    expect(ciTools).not.toContain("vercel_env_set");
    expect(await toolNames(dev)).toContain("vercel_env_set");

    const refused = await ci.callTool({
      name: "vercel_env_set",
      arguments: { project: "web", key: "FLAG", value: "1", target: ["preview"] },
    });
    expect(refused.isError).toBe(true);
    const found = envelope(refused);
    expect(found.code).toBe("policy_denied");
    const line = lineOf(text, "- id: ci-no-env-writes");
    expect(found.message).toContain(`rule ci-no-env-writes (mesh.yaml:${line})`);
    expect(found.message).toContain("client ci");
    expect(found.details).toMatchObject({ rule: "ci-no-env-writes", source: `mesh.yaml:${line}` });
    expect(String(found.details?.allow)).toContain(`effect: allow }\` above mesh.yaml:${line}`);
    expect(sandbox.recorder.to("vercel")).toEqual([]);
  });

  it("matches argument globs: dev may list web's variables but not docs'", async () => {
    const dev = await t.client("dev");
    expect(await toolNames(dev)).toContain("vercel_env_list"); // a conditional rule never hides
    const ok = await dev.callTool({ name: "vercel_env_list", arguments: { project: "web" } });
    expect(ok.isError).toBeFalsy();
    expect(sandbox.recorder.to("vercel", "/v10/projects/web/env")).toHaveLength(1);
    sandbox.recorder.clear();
    const refused = await dev.callTool({ name: "vercel_env_list", arguments: { project: "docs" } });
    expect(envelope(refused).code).toBe("policy_denied");
    expect(envelope(refused).message).toContain(
      `rule no-docs-env (mesh.yaml:${lineOf(text, "- id: no-docs-env")})`,
    );
    expect(sandbox.recorder.to("vercel")).toEqual([]);
  });

  it("keeps a client to its resource list before any platform request", async () => {
    const ci = await t.client("ci");
    const outside = await ci.callTool({ name: "vercel_env_list", arguments: { project: "docs" } });
    const found = envelope(outside);
    expect(found.code).toBe("policy_denied");
    expect(found.message).toContain('project "docs"');
    expect(found.message).toContain("policy.clients.ci.resources.project");
    expect(found.details).toMatchObject({ argument: "project", allowed: ["web", "ap?"] });
    // A declared resource argument left out is refused too: the tool's default is not assumed.
    const unnamed = await ci.callTool({ name: "vercel_deployment_list", arguments: {} });
    expect(envelope(unnamed).code).toBe("policy_denied");
    expect(envelope(unnamed).message).toContain("must name `project`");
    expect(sandbox.recorder.to("vercel")).toEqual([]);

    const inside = await ci.callTool({ name: "vercel_env_list", arguments: { project: "api" } });
    expect(inside.isError).toBeFalsy();
    expect(sandbox.recorder.to("vercel", "/v10/projects/api/env")).toHaveLength(1);
  });

  it("refuses an address outside the client's or the mesh's allow-list, believing only trusted proxies", async () => {
    // remote may call only from 10.0.0.0/8; the test connects from loopback.
    const direct = await t.client("remote");
    const refused = await direct.callTool({ name: "vercel_project_list", arguments: {} });
    expect(envelope(refused).code).toBe("policy_denied");
    expect(envelope(refused).message).toMatch(/from (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/);
    expect(envelope(refused).message).toContain("policy.clients.remote.ip_allow");

    // Loopback is a trusted proxy here, so its X-Forwarded-For names the caller.
    const proxied = await t.client("remote", { "x-forwarded-for": "203.0.113.9, 10.1.2.3" });
    const ok = await proxied.callTool({ name: "vercel_project_list", arguments: {} });
    expect(ok.isError).toBeFalsy();

    const outside = await t.client("remote", { "x-forwarded-for": "203.0.113.9" });
    const meshWide = await outside.callTool({ name: "vercel_project_list", arguments: {} });
    expect(envelope(meshWide).code).toBe("policy_denied");
    expect(envelope(meshWide).message).toContain("203.0.113.9");
    expect(envelope(meshWide).message).toContain("outside policy.ip_allow");
    expect(sandbox.recorder.to("vercel", "/v10/projects")).toHaveLength(1);
  });

  it("applies a rule's time window in its time zone, by the injected clock", async () => {
    const dev = await t.client("dev");
    const cancel = () =>
      dev.callTool({
        name: "vercel_deployment_cancel",
        arguments: { deployment_id: "dpl_missing" },
      });
    // Wednesday 11:00 Berlin: inside office hours, so the call reaches the Vercel server, whose
    // own confirmation step answers.
    now = new Date("2026-11-25T10:00:00Z");
    const inside = envelope(await cancel());
    expect(inside.code).not.toBe("policy_denied");
    expect(inside.platform).toBe("vercel");

    // Wednesday 18:30 Berlin (17:30 UTC): after hours there, though not in UTC.
    now = new Date("2026-11-25T17:30:00Z");
    const late = await cancel();
    expect(envelope(late).code).toBe("policy_denied");
    const found = envelope(late);
    expect(found.message).toContain(
      `rule destructive-otherwise (mesh.yaml:${lineOf(text, "- id: destructive-otherwise")})`,
    );
    expect(found.message).toContain(
      `Rule destructive-office-hours (mesh.yaml:${lineOf(text, "- id: destructive-office-hours")}) allows it with during mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin`,
    );
    // Saturday noon: the wrong day.
    now = new Date("2026-11-28T11:00:00Z");
    expect(envelope(await cancel()).code).toBe("policy_denied");
    // The tool stays listed: the window may open.
    expect(await toolNames(dev)).toContain("vercel_deployment_cancel");
    now = new Date("2026-11-25T10:00:00Z");
  });

  it("limits a client's rate with retry_after_ms, leaving other clients their own budgets", async () => {
    const dev = await t.client("dev");
    const ci = await t.client("ci");
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await dev.callTool({ name: "vercel_project_list", arguments: {} });
      outcomes.push(result.isError ? envelope(result).code : "ok");
      if (result.isError) {
        const details = envelope(result).details as { retry_after_ms: number };
        expect(details.retry_after_ms).toBeGreaterThan(0);
        expect(details.retry_after_ms).toBeLessThanOrEqual(60_000);
        expect(envelope(result).message).toContain("dev-projects");
      }
    }
    expect(outcomes).toEqual(["ok", "ok", "ok", "rate_limited", "rate_limited"]);
    expect(sandbox.recorder.to("vercel", "/v10/projects")).toHaveLength(3);
    const other = await ci.callTool({ name: "vercel_project_list", arguments: {} });
    expect(other.isError).toBeFalsy();
  });

  it("counts every violation on /metrics and logs a warning", async () => {
    const metrics = await t.metrics();
    expect(metrics).toContain("# TYPE agent_mesh_policy_violations_total counter");
    expect(
      sample(metrics, "agent_mesh_policy_violations_total", { kind: "rule", mode: "enforcing" }),
    ).toBeGreaterThanOrEqual(4);
    expect(
      sample(metrics, "agent_mesh_policy_violations_total", { kind: "rate", mode: "enforcing" }),
    ).toBe(2);
    expect(
      sample(metrics, "agent_mesh_policy_violations_total", { kind: "ip", mode: "enforcing" }),
    ).toBe(2);
    const warning = t.logs.find(
      (line) => line.level === "warn" && line.kind === "resource" && line.caller === "ci",
    );
    expect(warning?.message).toBe("policy refused vercel_env_list");
    expect(warning?.reason).toContain('may not use project "docs"');
  });
});

describe("an enforcing policy in search mode", () => {
  let t: PolicyMesh;
  beforeAll(async () => {
    t = await startPolicyMesh(yaml("enforcing", "tools:\n  search: on\n"), sandbox);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it("searches and describes only what the caller may call, and refuses the rest", async () => {
    const ci = await t.client("ci");
    const dev = await t.client("dev");
    expect(await toolNames(ci)).toEqual([
      "mesh_tool_search",
      "mesh_tool_describe",
      "mesh_tool_call",
    ]);
    const search = async (client: typeof ci) => {
      const result = await client.callTool({
        name: "mesh_tool_search",
        arguments: { query: "vercel env", limit: 50 },
      });
      return (result.structuredContent as { tools: Array<{ name: string }> }).tools.map(
        (tool) => tool.name,
      );
    };
    expect(await search(dev)).toContain("vercel_env_set");
    const found = await search(ci);
    expect(found).toContain("vercel_env_list");
    expect(found).not.toContain("vercel_env_set");
    const described = await ci.callTool({
      name: "mesh_tool_describe",
      arguments: { name: "vercel_env_set" },
    });
    expect(envelope(described).code).toBe("not_found");
    const called = await ci.callTool({
      name: "mesh_tool_call",
      arguments: { name: "vercel_env_set", arguments: { project: "web", key: "A", value: "1" } },
    });
    expect(envelope(called).code).toBe("policy_denied");
    expect(envelope(called).message).toContain("ci-no-env-writes");
  });
});

describe("a permissive policy", () => {
  let t: PolicyMesh;
  beforeAll(async () => {
    t = await startPolicyMesh(yaml("permissive"), sandbox);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    sandbox.recorder.clear();
  });

  it("lets violations through, hides nothing, and records each one", async () => {
    const ci = await t.client("ci");
    expect(await toolNames(ci)).toContain("vercel_env_set");
    const outside = await ci.callTool({ name: "vercel_env_list", arguments: { project: "docs" } });
    expect(outside.isError).toBeFalsy();
    expect(sandbox.recorder.to("vercel", "/v10/projects/docs/env")).toHaveLength(1);

    const remote = await t.client("remote");
    const dev = await t.client("dev");
    expect(
      (await remote.callTool({ name: "vercel_project_list", arguments: {} })).isError,
    ).toBeFalsy();
    for (let i = 0; i < 4; i++) {
      const result = await dev.callTool({ name: "vercel_project_list", arguments: {} });
      expect(result.isError).toBeFalsy();
    }

    const metrics = await t.metrics();
    const count = (kind: string) =>
      sample(metrics, "agent_mesh_policy_violations_total", { kind, mode: "permissive" });
    expect(count("resource")).toBe(1);
    expect(count("ip")).toBe(1);
    expect(count("rate")).toBe(1);
    expect(sample(metrics, "agent_mesh_policy_violations_total", { mode: "enforcing" })).toBe(0);
    const warnings = t.logs.filter(
      (line) => line.message === "policy would refuse vercel_env_list",
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ caller: "ci", kind: "resource" });
  });
});
