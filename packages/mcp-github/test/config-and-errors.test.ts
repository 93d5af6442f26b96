import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID, sandboxAppKey } from "@agent-mesh/sandbox";
import { describe, expect, it } from "vitest";
import { useGitHubSandbox } from "./setup.js";

const gh = useGitHubSandbox();

const WRITE_TOOLS = [
  "github_workflow_dispatch",
  "github_run_cancel",
  "github_run_rerun",
  "github_release_create",
  "github_release_delete",
  "github_pull_create",
  "github_pull_merge",
  "github_issue_create",
  "github_issue_comment",
];

describe("credentials", () => {
  it("without credentials, lists its tools and answers not_configured naming GITHUB_TOKEN", async () => {
    const session = await gh.connect({ GITHUB_TOKEN: "" });
    const { tools } = await session.client.listTools();
    expect(tools).toHaveLength(17);
    const env = expectEnvelope(
      await session.call("github_repo_get", { repo: "acme/web" }),
      "not_configured",
    );
    expect(env.message).toContain("GITHUB_TOKEN");
    expect(env.details).toMatchObject({ variables: ["GITHUB_TOKEN"] });
    expect(gh.sent()).toEqual([]);
  });

  it("names the missing GitHub App settings when only some are set", async () => {
    const session = await gh.connect({ GITHUB_TOKEN: "", GITHUB_APP_ID: "1" });
    const env = expectEnvelope(await session.call("github_repo_get", {}), "not_configured");
    expect(env.details).toMatchObject({
      variables: ["GITHUB_TOKEN", "GITHUB_APP_PRIVATE_KEY", "GITHUB_APP_INSTALLATION_ID"],
    });
  });

  it("answers authentication_error for a rejected token, without echoing it", async () => {
    const session = await gh.connect({ GITHUB_TOKEN: "ghp_wrongToken123" });
    const result = await session.call("github_repo_get", { repo: "acme/web" });
    const env = expectEnvelope(result, "authentication_error");
    expect(env.message).toContain("Bad credentials");
    expect(env.details).toMatchObject({ status: 401 });
    expect(JSON.stringify(result)).not.toContain("ghp_wrongToken123");
    const [req] = gh.sandbox.recorder.to("github");
    expect(req?.headers.authorization).toBe("token ghp_wrongToken123");
  });

  it("authenticates as a GitHub App installation with @octokit/auth-app", async () => {
    const session = await gh.connect({
      GITHUB_TOKEN: "",
      GITHUB_APP_ID,
      GITHUB_APP_PRIVATE_KEY: sandboxAppKey().privateKey.replace(/\n/g, "\\n"),
      GITHUB_APP_INSTALLATION_ID: String(GITHUB_APP_INSTALLATION_ID),
    });
    const repo = structured<{ full_name: string }>(
      await session.call("github_repo_get", { repo: "acme/web" }),
    );
    expect(repo.full_name).toBe("acme/web");
    const [mint, get] = gh.sandbox.recorder.to("github");
    expect(`${mint?.method} ${mint?.path}`).toBe(
      `POST /app/installations/${GITHUB_APP_INSTALLATION_ID}/access_tokens`,
    );
    expect(mint?.headers.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/i);
    expect(get?.headers.authorization).toMatch(/^token ghs_/);
  });

  it("reports an App installation GitHub does not know without leaking the private key", async () => {
    const key = sandboxAppKey().privateKey;
    const session = await gh.connect({
      GITHUB_TOKEN: "",
      GITHUB_APP_ID,
      GITHUB_APP_PRIVATE_KEY: key,
      GITHUB_APP_INSTALLATION_ID: "1",
    });
    const result = await session.call("github_repo_get", { repo: "acme/web" });
    expectEnvelope(result, "not_found");
    expect(JSON.stringify(result)).not.toContain("PRIVATE KEY");
    expect(gh.sent()).toEqual(["POST /app/installations/1/access_tokens"]);
  });

  it("reaches GitHub Enterprise Server through the base URL", async () => {
    const session = await gh.connect({ GITHUB_API_URL: `${gh.sandbox.urls.github}/api/v3` });
    structured(await session.call("github_repo_get", { repo: "acme/web" }));
    expect(gh.sent()).toEqual(["GET /api/v3/repos/acme/web"]);
  });

  it("answers upstream_unavailable when GitHub cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const session = await gh.connect({ GITHUB_API_URL: `http://127.0.0.1:${port}` });
    expectEnvelope(
      await session.call("github_repo_get", { repo: "acme/web" }),
      "upstream_unavailable",
    );
  });
});

describe("GitHub's errors", () => {
  it("answers not_found for a repository the token cannot see", async () => {
    const session = await gh.connect({ GITHUB_REPOS: "*/*" });
    const env = expectEnvelope(
      await session.call("github_repo_get", { repo: "other/secret" }),
      "not_found",
    );
    expect(env.details).toMatchObject({ status: 404 });
  });

  it("answers invalid_request naming the field for bad arguments, sending nothing", async () => {
    const session = await gh.connect();
    const env = expectEnvelope(
      await session.call("github_run_get", { repo: "acme/web", run_id: -1 }),
      "invalid_request",
    );
    expect(env.message).toContain("run_id");
    expectEnvelope(
      await session.call("github_run_get", { repo: "acme/web", run: 1 }),
      "invalid_request",
    );
    expect(gh.sent()).toEqual([]);
  });

  it("maps the primary rate limit (403, x-ratelimit-remaining 0) to rate_limited with the reset time", async () => {
    const reset = Math.ceil(Date.now() / 1000) + 120;
    gh.sandbox.faults.add({
      platform: "github",
      status: 403,
      headers: {
        "content-type": "application/json",
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(reset),
      },
      body: {
        message: "API rate limit exceeded for user ID 9001.",
        documentation_url: "https://docs.github.com/rest",
      },
    });
    const session = await gh.connect();
    const env = expectEnvelope(
      await session.call("github_repo_get", { repo: "acme/web" }),
      "rate_limited",
    );
    expect(env.details).toMatchObject({
      status: 403,
      reset_at: new Date(reset * 1000).toISOString(),
    });
    const wait = (env.details as { retry_after_seconds: number }).retry_after_seconds;
    expect(wait).toBeGreaterThan(100);
    expect(wait).toBeLessThanOrEqual(121);
  });

  it("maps the secondary rate limit (403 with retry-after) to rate_limited", async () => {
    const session = await gh.connect();
    const env = expectEnvelope(
      await session.call("github_run_list", { repo: "acme/throttled" }),
      "rate_limited",
    );
    expect(env.message).toContain("secondary rate limit");
    expect(env.details).toMatchObject({ retry_after_seconds: 60 });
  });

  it("maps 429 with retry-after to rate_limited", async () => {
    gh.sandbox.faults.add({
      platform: "github",
      status: 429,
      headers: { "content-type": "application/json", "retry-after": "7" },
      body: { message: "Too many requests" },
    });
    const session = await gh.connect();
    const env = expectEnvelope(
      await session.call("github_release_list", { repo: "acme/web" }),
      "rate_limited",
    );
    expect(env.details).toMatchObject({ retry_after_seconds: 7, status: 429 });
  });

  it("answers permission_denied for a write without push access", async () => {
    const session = await gh.connect();
    const env = expectEnvelope(
      await session.call("github_release_create", { repo: "acme/docs", tag: "v7.0.0" }),
      "permission_denied",
    );
    expect(env.message).toContain("Resource not accessible");
  });
});

describe("read-only mode and toolsets", () => {
  it("GITHUB_READ_ONLY hides every tool that writes, and they cannot be called", async () => {
    const session = await gh.connect({
      GITHUB_READ_ONLY: "true",
      GITHUB_TOOLSETS: "actions,releases,pulls,issues,repos",
    });
    const names = (await session.client.listTools()).tools.map((t) => t.name);
    expect(names).toHaveLength(11);
    for (const tool of WRITE_TOOLS) expect(names).not.toContain(tool);
    const refused = expectEnvelope(
      await session.call("github_pull_merge", { repo: "acme/web", number: 3, base: "main" }),
      "policy_denied",
    );
    expect(refused.message).toContain("GITHUB_READ_ONLY");
    expect(gh.sent()).toEqual([]);
  });

  it("read-only holds without credentials too", async () => {
    const session = await gh.connect({ GITHUB_READ_ONLY: "yes", GITHUB_TOKEN: "" });
    expect((await session.client.listTools()).tools).toHaveLength(10);
  });

  it("GITHUB_TOOLSETS serves only the named toolsets", async () => {
    const session = await gh.connect({ GITHUB_TOOLSETS: "actions,repos" });
    const names = (await session.client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual([
      "github_file_get",
      "github_repo_get",
      "github_run_cancel",
      "github_run_get",
      "github_run_list",
      "github_run_logs_get",
      "github_run_rerun",
      "github_workflow_dispatch",
      "github_workflow_list",
    ]);
  });

  it("refuses an unknown toolset name with not_configured", async () => {
    const session = await gh.connect({ GITHUB_TOOLSETS: "actions,gists" });
    const env = expectEnvelope(await session.call("github_repo_get", {}), "not_configured");
    expect(env.details).toMatchObject({ variables: ["GITHUB_TOOLSETS"] });
  });

  it("serves actions, releases, pulls and repos by default; the list stays under 25 KB", async () => {
    const session = await gh.connect();
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name).filter((n) => n.startsWith("github_issue_"))).toEqual([]);
    expect(JSON.stringify(tools).length).toBeLessThan(25 * 1024);
  });
});
