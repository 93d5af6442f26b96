import { writeFile } from "node:fs/promises";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers.js";
import {
  CLIENTS_YAML,
  envelope,
  lineOf,
  type PolicyMesh,
  startPolicyMesh,
  toolNames,
} from "./policy-mesh.js";

// The policy reloads with mesh.yaml; a bad one is reported with its file, line and key, and the
// last good one stays in force.

const base = `${CLIENTS_YAML}integrations:\n  vercel: {}\n`;
const denyEnvList = `${base}policy:
  rules:
    - id: ci-no-env
      clients: [ci]
      tools: [vercel_env_*]
      effect: deny
`;

describe("policy reloads", () => {
  let sandbox: RunningSandbox;
  let t: PolicyMesh;
  beforeAll(async () => {
    sandbox = await startSandbox({ platforms: ["vercel"] });
    t = await startPolicyMesh(denyEnvList, sandbox, { watch: true });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it("keeps the last good policy when the new one is bad, and applies a good one", async () => {
    const ci = await t.client("ci");
    const call = () => ci.callTool({ name: "vercel_env_list", arguments: { project: "web" } });
    expect(await toolNames(ci)).not.toContain("vercel_env_list");
    expect(envelope(await call()).code).toBe("policy_denied");

    // A bad time zone: reported with file, line and key; the deny rule still holds.
    const bad = `${denyEnvList}      when: { time_zone: Moon/Base }\n`;
    await writeFile(t.file, bad);
    const error = await eventually(
      () => t.logs.find((line) => line.level === "error"),
      45_000,
      "the reload error",
    );
    const message = String(error.message);
    expect(message).toContain("still running the last good config");
    expect(message).toContain(`mesh.yaml:${lineOf(bad, "when:")}:`);
    expect(message).toContain(
      'policy.rules[0].when.time_zone: "Moon/Base" is not an IANA time zone',
    );
    expect(envelope(await call()).code).toBe("policy_denied");

    // A good edit: env tools are allowed again, project listing is denied, and the refusal
    // names the new rule's line.
    const good = `${base}policy:
  rules:
    - id: ci-no-projects
      clients: [ci]
      tools: [vercel_project_list]
      effect: deny
`;
    await writeFile(t.file, good);
    await eventually(async () => !(await call()).isError, 45_000, "the new policy");
    expect(await toolNames(ci)).toContain("vercel_env_list");
    expect(await toolNames(ci)).not.toContain("vercel_project_list");
    const refused = await ci.callTool({ name: "vercel_project_list", arguments: {} });
    expect(envelope(refused).message).toContain(
      `rule ci-no-projects (mesh.yaml:${lineOf(good, "- id: ci-no-projects")})`,
    );
  });
});
