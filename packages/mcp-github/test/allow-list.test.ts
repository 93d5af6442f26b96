import { readEnvelope } from "@agent-mesh/core";
import { expectEnvelope } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { acceptAll, useGitHubSandbox } from "./setup.js";

const gh = useGitHubSandbox();
const ALL = "actions,releases,pulls,issues,repos,security";

/** Valid arguments for every tool, on the one allowed repository. */
const BASE: Record<string, Record<string, unknown>> = {
  github_workflow_list: { repo: "acme/web" },
  github_workflow_dispatch: { repo: "acme/web", workflow: "ci.yml", ref: "main", wait_seconds: 0 },
  github_run_list: { repo: "acme/web", workflow: "ci.yml", branch: "main", event: "push" },
  github_run_get: { repo: "acme/web", run_id: 1 },
  github_run_logs_get: { repo: "acme/web", job_id: 11 },
  github_run_cancel: { repo: "acme/web", run_id: 1 },
  github_run_rerun: { repo: "acme/web", run_id: 1 },
  github_release_create: { repo: "acme/web", tag: "v5.0.0", target: "main", name: "n", notes: "b" },
  github_release_list: { repo: "acme/web" },
  github_release_get: { repo: "acme/web", tag: "v1.0.0" },
  github_release_delete: { repo: "acme/web", tag: "v1.0.0" },
  github_pull_create: {
    repo: "acme/web",
    title: "t",
    head: "feature/login",
    base: "main",
    body: "b",
  },
  github_pull_list: { repo: "acme/web", base: "main" },
  github_pull_get: { repo: "acme/web", number: 3 },
  github_pull_merge: { repo: "acme/web", number: 3, base: "main", commit_title: "t" },
  github_issue_create: { repo: "acme/web", title: "t", body: "b", labels: ["x"], assignees: ["y"] },
  github_issue_list: { repo: "acme/web", labels: ["bug"] },
  github_issue_comment: { repo: "acme/web", number: 1, body: "b" },
  github_repo_get: { repo: "acme/web" },
  github_file_get: { repo: "acme/web", path: "README.md", ref: "main" },
  github_code_scanning_alert_list: { repo: "acme/web", ref: "refs/heads/main" },
  github_code_scanning_alert_get: { repo: "acme/web", alert_number: 1 },
  github_code_scanning_alert_dismiss: {
    repo: "acme/web",
    alert_number: 3,
    dismissed_reason: "won't fix",
    dismissed_comment: "c",
  },
  github_dependabot_alert_list: { repo: "acme/web", ecosystem: "npm" },
  github_dependabot_alert_get: { repo: "acme/web", alert_number: 1 },
  github_dependabot_alert_dismiss: {
    repo: "acme/web",
    alert_number: 3,
    dismissed_reason: "not_used",
    dismissed_comment: "c",
  },
  github_secret_scanning_alert_list: { repo: "acme/web", secret_type: "aws_access_key_id" },
};

/** Values that try to reach another repository through a path, a ref, a name or a URL. */
const HOSTILE = [
  "other/secret",
  "acme/api",
  "acme/..",
  "..",
  "../../other/secret",
  "../../../repos/other/secret/contents/README.md",
  "acme/web/../../other/secret",
  "%2e%2e/%2e%2e/other/secret",
  "https://api.github.com/repos/other/secret",
  "main/../../../../other/secret/releases",
  "?owner=other&repo=secret",
  "#/../../other",
  "..\\..\\other\\secret",
];

const allowedPath = /^\/repos\/acme\/web(\/|$)|^\/_sandbox\/logs\//;

describe("GITHUB_REPOS holds against every argument of every tool", () => {
  it("answers policy_denied for a repository outside the list, sending nothing", async () => {
    const session = await gh.connect(
      { GITHUB_REPOS: "acme/web", GITHUB_TOOLSETS: ALL },
      { onElicit: acceptAll },
    );
    for (const [tool, args] of Object.entries(BASE)) {
      for (const repo of ["other/secret", "acme/api"]) {
        const env = expectEnvelope(await session.call(tool, { ...args, repo }), "policy_denied");
        expect(env.message).toContain("GITHUB_REPOS");
      }
    }
    expect(gh.sent()).toEqual([]);
  });

  it("no string argument of any tool makes a request outside the allowed repository", async () => {
    const session = await gh.connect(
      { GITHUB_REPOS: "acme/web", GITHUB_TOOLSETS: ALL },
      { onElicit: acceptAll },
    );
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(BASE).sort());
    let calls = 0;
    for (const tool of tools) {
      const base = BASE[tool.name]!;
      const props = (tool.inputSchema.properties ?? {}) as Record<
        string,
        { type?: string; items?: { type?: string } }
      >;
      for (const [field, schema] of Object.entries(props)) {
        for (const value of HOSTILE) {
          let hostile: unknown;
          if (schema.type === "string") hostile = value;
          else if (schema.type === "array" && schema.items?.type === "string") hostile = [value];
          else continue;
          if (field === "cursor" || field === "idempotency_key" || field === "confirm_token")
            continue;
          const result = await session.call(tool.name, { ...base, [field]: hostile });
          calls++;
          if (result.isError) {
            const env = readEnvelope(result);
            expect(env?.code, `${tool.name}.${field}=${value}`).not.toBe("confirmation_required");
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(200);
    const outside = gh.sandbox.recorder
      .to("github")
      .filter((r) => !allowedPath.test(r.path))
      .map((r) => `${r.method} ${r.path}`);
    expect(outside).toEqual([]);
    // And the stand-in saw requests at all: the allowed repository is still reachable.
    expect(gh.sent().length).toBeGreaterThan(0);
  }, 120_000);

  it("with a glob (acme/*), no repo value walks out of the owner's repositories", async () => {
    const session = await gh.connect(
      { GITHUB_REPOS: "acme/*", GITHUB_TOOLSETS: ALL },
      { onElicit: acceptAll },
    );
    for (const [tool, args] of Object.entries(BASE)) {
      for (const repo of ["acme/..", "acme/.", "acme/%2e%2e", "acme/web/..", "acme/..%2fother"]) {
        expectEnvelope(await session.call(tool, { ...args, repo }), "invalid_request");
      }
    }
    expect(gh.sent()).toEqual([]);
  });

  it("takes globs: acme/* allows acme/api, still not other/secret", async () => {
    const session = await gh.connect({ GITHUB_REPOS: "acme/*", GITHUB_TOOLSETS: ALL });
    expect((await session.call("github_repo_get", { repo: "acme/api" })).isError).toBeFalsy();
    expectEnvelope(
      await session.call("github_repo_get", { repo: "other/secret" }),
      "policy_denied",
    );
    expectEnvelope(await session.call("github_repo_get", { repo: "acme/.." }), "invalid_request");
  });

  it("uses the first listed repository when none is given, and needs the list", async () => {
    const session = await gh.connect({ GITHUB_REPOS: "acme/api,acme/*" });
    await session.call("github_repo_get", {});
    expect(gh.sent()).toEqual(["GET /repos/acme/api"]);
    const none = await gh.connect({ GITHUB_REPOS: "" });
    const env = expectEnvelope(
      await none.call("github_repo_get", { repo: "acme/web" }),
      "not_configured",
    );
    expect(env.details).toMatchObject({ variables: ["GITHUB_REPOS"] });
  });

  it("refuses a destructive call outside the list before anyone is asked", async () => {
    let asked = 0;
    const session = await gh.connect(
      { GITHUB_REPOS: "acme/web", GITHUB_TOOLSETS: ALL },
      {
        onElicit: () => {
          asked++;
          return { action: "accept", content: { confirm: true } };
        },
      },
    );
    expectEnvelope(
      await session.call("github_pull_merge", { repo: "other/secret", number: 1, base: "main" }),
      "policy_denied",
    );
    expect(asked).toBe(0);
    expect(gh.sent()).toEqual([]);
  });
});
