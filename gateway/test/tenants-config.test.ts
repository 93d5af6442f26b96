import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { enabledPlatforms } from "../src/config/enabled-platforms.js";
import { formatIssue, parseConfig } from "../src/config/load.js";
import { configSecrets } from "../src/config/secrets.js";
import { tenantConfig, tenantEnvironment } from "../src/tenants/tenant-config.js";
import { runCli } from "./cli-io.js";
import { firstPartyPlatforms } from "./platforms.js";

function parse(yaml: string) {
  return parseConfig(yaml, "mesh.yaml", firstPartyPlatforms, {});
}

function issues(yaml: string): string[] {
  const result = parse(yaml);
  return result.ok ? [] : result.issues.map(formatIssue);
}

const TWO_TENANTS = `integrations:
  aws: {}
tenants:
  acme:
    integrations:
      vercel: { token: acme-vercel-token-value }
    servers:
      tickets: { command: node, args: [t.js], env: { TICKETS_TOKEN: acme-tickets-token } }
    policy:
      rules:
        - { id: no-env, effect: deny, tools: ["vercel_env_*"] }
  globex: {}
`;

describe("tenants: in mesh.yaml", () => {
  it("gives each tenant only its own integrations, servers and policy", () => {
    const result = parse(TWO_TENANTS);
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
    const acme = tenantConfig(result.config, "acme");
    expect(Object.keys(acme.integrations ?? {})).toEqual(["vercel"]);
    expect(Object.keys(acme.servers)).toEqual(["tickets"]);
    expect(acme.policy?.rules.map((r) => r.id)).toEqual(["no-env"]);
    // Refusals name the rule's line in mesh.yaml.
    expect(acme.policy?.sources.rules).toEqual(["mesh.yaml:11"]);
    const globex = tenantConfig(result.config, "globex");
    expect(globex.integrations).toEqual({});
    expect(globex.servers).toEqual({});
    expect(globex.tenants).toEqual({});
    // Every tenant's credentials are scrubbed from logs, started or not.
    expect(configSecrets(result.config, firstPartyPlatforms)).toEqual(
      expect.arrayContaining(["acme-vercel-token-value", "acme-tickets-token"]),
    );
  });

  it("loads the platforms a tenant enables even when the top level does not", () => {
    expect(enabledPlatforms(TWO_TENANTS, ["aws", "vercel", "stripe"])).toEqual(["aws", "vercel"]);
  });

  it("refuses a client whose tenant is not under tenants:, suggesting the nearest", () => {
    const found = issues(`gateway:
  clients:
    ci: { token: ci-token-0123456789abcdef, tenant: acmee }
tenants:
  acme: {}
`);
    expect(found).toEqual([
      expect.stringMatching(
        /mesh\.yaml:3.*gateway\.clients\.ci\.tenant.*no tenant named "acmee"; did you mean `acme`\?/,
      ),
    ]);
  });

  it("refuses a bad tenant name and an unknown key in a tenant", () => {
    expect(issues(`tenants:\n  Acme: {}\n`).join("\n")).toMatch(/tenant names are lower-case/);
    expect(issues(`tenants:\n  acme: { integration: {} }\n`).join("\n")).toMatch(
      /integration.*integrations/s,
    );
  });

  it("keeps the gateway's platform credentials from a tenant's platforms, not its endpoints", () => {
    const env = tenantEnvironment(
      { VERCEL_TOKEN: "gateway-token", VERCEL_API_URL: "http://127.0.0.1:1", PATH: "/bin" },
      firstPartyPlatforms,
    );
    expect(env).toEqual({ VERCEL_API_URL: "http://127.0.0.1:1", PATH: "/bin" });
  });

  it("creates an API key only for a tenant of mesh.yaml", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mesh-tenant-keys-"));
    try {
      const file = join(dir, "mesh.yaml");
      await writeFile(file, TWO_TENANTS);
      const env = { AGENT_MESH_HOME: dir };
      const base = ["keys", "create", "--client", "ci", "--role", "viewer", "--config", file];
      const typo = await runCli([...base, "--tenant", "acmee", "--json"], { env });
      expect(typo.code).toBe(2);
      expect(typo.stderr).toMatch(/--tenant "acmee" is not a tenant of mesh\.yaml/);
      expect(typo.stderr).toContain("acme, globex");
      const made = await runCli([...base, "--tenant", "acme", "--json"], { env });
      expect(made.code, made.stderr).toBe(0);
      expect(JSON.parse(made.stdout)).toMatchObject({ client: "ci", tenant: "acme" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
