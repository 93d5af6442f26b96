import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useGitHubSandbox } from "./setup.js";

const gh = useGitHubSandbox();
const ISSUES = { GITHUB_TOOLSETS: "issues,pulls,repos" };

type Issue = {
  number: number;
  title: string;
  author: string;
  body: string | null;
  labels: string[];
};

describe("github_issue_create, github_issue_list and github_issue_comment", () => {
  it("opens an issue, lists it (bodies untrusted, pull requests left out) and comments on it", async () => {
    const session = await gh.connect(ISSUES);
    const created = structured<Issue>(
      await session.call("github_issue_create", {
        repo: "acme/web",
        title: "Deploy failed",
        body: "See run 12",
        labels: ["ci"],
        assignees: ["octocat"],
      }),
    );
    expect(created).toMatchObject({
      title: "Deploy failed",
      labels: ["ci"],
      author: "sandbox-bot",
    });
    const [req] = gh.sandbox.recorder.to("github", "/repos/acme/web/issues");
    expect(req?.body).toEqual({
      title: "Deploy failed",
      body: "See run 12",
      labels: ["ci"],
      assignees: ["octocat"],
    });
    expect(req?.status).toBe(201);
    const list = structured<{ issues: { notice: string; data: Issue[] } }>(
      await session.call("github_issue_list", { repo: "acme/web" }),
    );
    expect(list.issues.notice).toMatch(/Untrusted/);
    expect(list.issues.data.map((i) => i.title)).toEqual([
      "Deploy failed",
      "Feature request",
      "Login page is slow",
    ]);
    const labelled = structured<{ issues: { data: Issue[] } }>(
      await session.call("github_issue_list", { repo: "acme/web", labels: ["ci"] }),
    );
    expect(labelled.issues.data.map((i) => i.number)).toEqual([created.number]);
    gh.sandbox.recorder.clear();
    const comment = structured<{ id: number; number: number; html_url: string }>(
      await session.call("github_issue_comment", {
        repo: "acme/web",
        number: created.number,
        body: "Re-running.",
      }),
    );
    expect(comment.html_url).toContain(`#issuecomment-${comment.id}`);
    expect(gh.sandbox.recorder.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ["POST", `/repos/acme/web/issues/${created.number}/comments`, { body: "Re-running." }],
    ]);
    expectEnvelope(
      await session.call("github_issue_comment", { repo: "acme/web", number: 4242, body: "x" }),
      "not_found",
    );
  });

  it("in lockdown, hides text by users without push access", async () => {
    const session = await gh.connect({ ...ISSUES, GITHUB_LOCKDOWN: "true" });
    const list = structured<{ issues: { data: Issue[] } }>(
      await session.call("github_issue_list", { repo: "acme/api" }),
    );
    const outsider = list.issues.data.find((i) => i.title === "Feature request");
    expect(outsider?.body).toMatch(/hidden by GITHUB_LOCKDOWN/);
    const member = list.issues.data.find((i) => i.title === "Login page is slow");
    expect(member?.body).toBe("It takes 5 s to render.");
    const pr = structured<{ body: { data: string } }>(
      await session.call("github_pull_get", { repo: "acme/api", number: 4 }),
    );
    expect(pr.body.data).toMatch(/hidden by GITHUB_LOCKDOWN/);
  });

  it("answers 422 for an issue without a title, before GitHub is asked", async () => {
    const session = await gh.connect(ISSUES);
    expectEnvelope(
      await session.call("github_issue_create", { repo: "acme/web", title: "" }),
      "invalid_request",
    );
    expect(gh.sent()).toEqual([]);
  });
});

describe("github_repo_get and github_file_get", () => {
  it("gets a repository's default branch, visibility and permissions", async () => {
    const session = await gh.connect(ISSUES);
    const repo = structured<{ default_branch: string; visibility: string; permission: string }>(
      await session.call("github_repo_get", { repo: "acme/api" }),
    );
    expect(repo).toMatchObject({
      default_branch: "main",
      visibility: "private",
      permission: "admin",
    });
    const docs = structured<{ permission: string }>(
      await session.call("github_repo_get", { repo: "acme/docs" }),
    );
    expect(docs.permission).toBe("pull");
    expect(gh.sent()).toEqual(["GET /repos/acme/api", "GET /repos/acme/docs"]);
  });

  it("reads a file at a ref (base64 decoded, untrusted) and lists a directory", async () => {
    const session = await gh.connect(ISSUES);
    const file = structured<{
      content: { notice: string; data: string };
      size: number;
      type: string;
    }>(
      await session.call("github_file_get", {
        repo: "acme/web",
        path: "src/index.ts",
        ref: "v1.0.0",
      }),
    );
    expect(file).toMatchObject({
      type: "file",
      content: { data: 'export const hello = "world";\n' },
    });
    const [req] = gh.sandbox.recorder.to("github");
    expect(req?.query).toEqual({ ref: "v1.0.0" });
    const dir = structured<{ type: string; entries: Array<{ name: string; type: string }> }>(
      await session.call("github_file_get", { repo: "acme/web", path: "" }),
    );
    expect(dir.type).toBe("dir");
    expect(dir.entries.map((e) => e.name).sort()).toEqual(["README.md", "package.json", "src"]);
    expectEnvelope(
      await session.call("github_file_get", { repo: "acme/web", path: "missing.txt" }),
      "not_found",
    );
  });
});
