import { describe, expect, it } from "vitest";
import { formatIssue, parseConfig } from "../src/config/load.js";
import { firstPartyPlatforms } from "../src/platforms.js";

function issues(yaml: string, env: Record<string, string> = {}) {
  const result = parseConfig(yaml, "mesh.yaml", firstPartyPlatforms, env);
  if (result.ok) throw new Error("expected the config to be refused");
  return result.issues.map(formatIssue);
}

function valid(yaml: string, env: Record<string, string> = {}) {
  const result = parseConfig(yaml, "mesh.yaml", firstPartyPlatforms, env);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
  return result.config;
}

describe("mesh.yaml", () => {
  it("is optional in every part: an empty file is the defaults", () => {
    const config = valid("");
    expect(config.gateway).toMatchObject({
      port: 7420,
      host: "127.0.0.1",
      timeout: 300_000,
      tokens: [],
    });
    expect(config.integrations).toBeUndefined();
    expect(config.servers).toEqual({});
    expect(config.tools).toMatchObject({ search: "auto", search_threshold: 200 });
  });

  it("reads integrations in the seed's shape, servers of both kinds and tool rules", () => {
    const config = valid(
      `integrations:
  vercel:
    token: \${VERCEL_TOKEN}
    team_id: team_abc
    timeout: 2m
servers:
  files:
    command: npx
    args: [-y, "@modelcontextprotocol/server-filesystem", /tmp]
    env: { DEBUG: "1" }
    tool_timeouts: { read_file: 10s }
  remote:
    url: https://mcp.example.com/mcp
    headers: { Authorization: "Bearer \${REMOTE_TOKEN:-none}" }
    prefix: rm
tools:
  deny: ["*_delete"]
`,
      { VERCEL_TOKEN: "tok_from_env_123456" },
    );
    expect(config.integrations?.vercel).toEqual({
      enabled: true,
      timeout: 120_000,
      tool_timeouts: undefined,
      tools: undefined,
      values: { token: "tok_from_env_123456", teamId: "team_abc" },
    });
    expect(config.servers.files).toMatchObject({
      command: "npx",
      env: { DEBUG: "1" },
      tool_timeouts: { read_file: 10_000 },
    });
    expect(config.servers.remote).toMatchObject({
      headers: { Authorization: "Bearer none" },
      prefix: "rm",
    });
    expect(config.tools.deny).toEqual(["*_delete"]);
  });

  it("takes a platform's list settings as YAML lists and checks each entry", () => {
    const config = valid(
      `integrations:
  aws:
    region: eu-west-1
    tables: [agent-mesh-agent, agent-mesh-archive]
    state_machines:
      - arn:aws:states:eu-west-1:123456789012:stateMachine:release-*
`,
    );
    expect(config.integrations?.aws?.values).toEqual({
      region: "eu-west-1",
      tables: "agent-mesh-agent,agent-mesh-archive",
      stateMachines: "arn:aws:states:eu-west-1:123456789012:stateMachine:release-*",
    });
    expect(issues("integrations:\n  aws:\n    state_machines: [release]\n")).toEqual([
      "mesh.yaml:3:21: integrations.aws.state_machines: not a valid value for AGENT_MESH_AWS_STATE_MACHINES (Step Functions state machine ARNs that may be started and read (`*` patterns allowed)): list state machine ARNs (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME)",
    ]);
  });

  it("interpolates ${VAR}, ${VAR:-default} and $$", () => {
    const config = valid(
      `servers:\n  a:\n    command: "\${HOME_DIR:-/srv}/run"\n    args: ["\${NAME}", "$$\{NAME}", "$$5"]\n`,
      { NAME: "x" },
    );
    expect(config.servers.a).toMatchObject({ command: "/srv/run", args: ["x", "${NAME}", "$5"] });
  });

  it("names an unset variable, with its line and key", () => {
    expect(
      issues("servers:\n  a:\n    command: run\n    env:\n      TOKEN: ${GITHUB_TOKEN}\n"),
    ).toEqual([
      "mesh.yaml:5:14: servers.a.env.TOKEN: ${GITHUB_TOKEN} is not set; export GITHUB_TOKEN or write ${GITHUB_TOKEN:-default}",
    ]);
  });

  it("refuses unknown keys and suggests the nearest valid one", () => {
    expect(issues("server:\n  a:\n    command: x\n")).toEqual([
      "mesh.yaml:1:1: server: unknown key; did you mean `servers`?",
    ]);
    expect(issues("servers:\n  a:\n    comand: x\n")).toEqual([
      "mesh.yaml:3:5: servers.a.comand: unknown key; did you mean `command`?",
    ]);
    expect(issues("servers:\n  a:\n    command: x\n    arg: [y]\n")).toEqual([
      "mesh.yaml:4:5: servers.a.arg: unknown key; did you mean `args`?",
    ]);
    expect(issues("integrations:\n  vercel:\n    team: my-team\n")).toEqual([
      "mesh.yaml:3:5: integrations.vercel.team: unknown key; did you mean `team_id`?",
    ]);
    expect(issues("integrations:\n  vercell: {}\n")).toEqual([
      "mesh.yaml:2:3: integrations.vercell: unknown key; did you mean `vercel`?",
    ]);
    expect(issues("gateway:\n  prot: 80\n")[0]).toContain("did you mean `port`?");
  });

  it("refuses a server with both command and url", () => {
    expect(issues("servers:\n  a:\n    command: x\n    url: http://localhost/mcp\n")[0]).toContain(
      "either `command`",
    );
  });

  it("says what is wrong with a value, where", () => {
    expect(issues("gateway:\n  port: http\n")).toEqual([
      "mesh.yaml:2:9: gateway.port: must be a number",
    ]);
    expect(issues("gateway:\n  timeout: soon\n")[0]).toBe(
      'mesh.yaml:2:12: gateway.timeout: "soon" is not a duration; write it like 500ms, 30s, 5m or 1h',
    );
    expect(issues("servers:\n  a:\n    url: ftp://example.com\n")[0]).toContain(
      "servers.a.url: url must be an http:// or https:// URL",
    );
    expect(issues("servers:\n  Bad Name:\n    command: x\n")).toEqual([
      "mesh.yaml:2:3: servers.Bad Name: server names are lower-case letters, digits, _ and -, up to 32",
    ]);
    expect(issues("tools:\n  search: sometimes\n")[0]).toMatch(/^mesh\.yaml:2:11: tools\.search: /);
    expect(issues("gateway:\n  tokens: [short]\n")[0]).toContain("at least 16 characters");
  });

  it("checks integration values against the platform's settings without echoing them", () => {
    const [issue] = issues("integrations:\n  vercel:\n    base_url: not-a-url-s3cr3t\n");
    expect(issue).toMatch(
      /^mesh\.yaml:3:15: integrations\.vercel\.base_url: not a valid value for VERCEL_API_URL/,
    );
    expect(issue).not.toContain("s3cr3t");
  });

  it("reports YAML syntax errors and duplicate keys with their line", () => {
    expect(issues("servers:\n  a: [unclosed\n")[0]).toMatch(/^mesh\.yaml:\d+:\d+: not valid YAML/);
    expect(issues("gateway:\n  port: 1\n  port: 2\n")[0]).toMatch(
      /^mesh\.yaml:3:3: not valid YAML: Map keys must be unique/,
    );
  });

  it("checks the workflows section, and refuses unknown policy keys", () => {
    expect(issues("workflows:\n  deploy: {}\n")[0]).toMatch(
      /^mesh\.yaml:2:11: workflows\.deploy(\.steps)?: /,
    );
    expect(issues("policy:\n  deny: [vercel_*]\n")[0]).toMatch(
      /^mesh\.yaml:2:3: policy\.deny: unknown key; known keys: mode, default, rules, /,
    );
    expect(valid("policy:\nworkflows:\n").servers).toEqual({});
  });

  it("refuses a top level that is not a mapping", () => {
    expect(issues("- a\n- b\n")[0]).toMatch(/^mesh\.yaml:1:1: /);
  });

  it("reads named clients with a token from the environment or its SHA-256, and checks them", () => {
    const digest = "a".repeat(64);
    const config = valid(
      `gateway:
  clients:
    ci:
      token: \${CI_TOKEN}
      roles: [deployer]
    alice:
      token_sha256: ${digest}
      name: Alice
`,
      { CI_TOKEN: "ci-token-0123456789abcdef" },
    );
    expect(config.gateway.clients).toEqual({
      ci: { token: "ci-token-0123456789abcdef", roles: ["deployer"] },
      alice: { token_sha256: digest, name: "Alice", roles: [] },
    });
    expect(issues("gateway:\n  clients:\n    ci:\n      token: short\n")).toEqual([
      "mesh.yaml:4:14: gateway.clients.ci.token: a token must be at least 16 characters",
    ]);
    expect(issues("gateway:\n  clients:\n    ci: { roles: [a] }\n")[0]).toContain(
      "give a client exactly one of `token` or `token_sha256`",
    );
    expect(issues("gateway:\n  clients:\n    ci: { token_sha256: abc }\n")[0]).toContain(
      "64 hex digits",
    );
  });
});
