import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { acceptAll, useGitHubSandbox } from "./setup.js";

const gh = useGitHubSandbox();

type Pull = {
  number: number;
  head: string;
  base: string;
  state: string;
  merged: boolean;
  head_sha: string;
};

describe("github_pull_create", () => {
  it("opens a pull request into the default branch", async () => {
    const session = await gh.connect();
    // A fresh repo state per file: acme/api has feature/login with its seeded PR; close the loop
    // on acme/docs? It is read-only. Use acme/api with a duplicate to see GitHub's 422 first.
    const dup = expectEnvelope(
      await session.call("github_pull_create", {
        repo: "acme/api",
        title: "Again",
        head: "feature/login",
      }),
      "invalid_request",
    );
    expect(dup.message).toContain("A pull request already exists for acme:feature/login.");
    gh.sandbox.recorder.clear();
    const out = structured<Pull>(
      await session.call("github_pull_create", {
        repo: "acme/api",
        title: "Login on main",
        head: "feature/login",
        base: "feature/conflict",
        body: "Details",
        draft: true,
      }),
    );
    expect(out).toMatchObject({ head: "feature/login", base: "feature/conflict", state: "open" });
    const [req] = gh.sandbox.recorder.to("github", "/repos/acme/api/pulls");
    expect(req?.body).toEqual({
      title: "Login on main",
      head: "feature/login",
      base: "feature/conflict",
      body: "Details",
      draft: true,
    });
  });

  it("answers 422 for a head branch that does not exist", async () => {
    const session = await gh.connect();
    const env = expectEnvelope(
      await session.call("github_pull_create", {
        repo: "acme/web",
        title: "x",
        head: "nope",
        base: "main",
      }),
      "invalid_request",
    );
    expect(env.details).toMatchObject({ platform_code: "invalid", status: 422 });
  });
});

describe("github_pull_list and github_pull_get", () => {
  it("lists open pull requests (untrusted) and gets one with mergeability and checks", async () => {
    const session = await gh.connect();
    const list = structured<{ pulls: { notice: string; data: Pull[] } }>(
      await session.call("github_pull_list", { repo: "acme/web", base: "main" }),
    );
    expect(list.pulls.notice).toMatch(/Untrusted/);
    expect(list.pulls.data.map((p) => p.head)).toEqual(["feature/conflict", "feature/login"]);
    const login = list.pulls.data.find((p) => p.head === "feature/login")!;
    gh.sandbox.recorder.clear();
    const pr = structured<{
      mergeable: boolean;
      mergeable_state: string;
      checks: { state: string; total: number };
      body: { data: string };
    }>(await session.call("github_pull_get", { repo: "acme/web", number: login.number }));
    expect(pr).toMatchObject({
      mergeable: true,
      mergeable_state: "clean",
      checks: { state: "success", total: 2 },
    });
    expect(pr.body.data).toBe("Adds the login form.");
    expect(gh.sent()).toEqual([
      `GET /repos/acme/web/pulls/${login.number}`,
      `GET /repos/acme/web/commits/${login.head_sha}/check-runs`,
    ]);
    expectEnvelope(
      await session.call("github_pull_get", { repo: "acme/web", number: 999 }),
      "not_found",
    );
  });
});

describe("github_pull_merge", () => {
  it("is not sent before confirmation; the confirmation names repo, number and base", async () => {
    const session = await gh.connect();
    const refused = expectEnvelope(
      await session.call("github_pull_merge", {
        repo: "acme/web",
        number: 3,
        base: "main",
        method: "squash",
      }),
      "confirmation_required",
    );
    expect(refused.message).toContain("Merge pull request #3 of acme/web into main (squash).");
    expect(gh.sent()).toEqual([]);
    const token = (refused.details as { confirm_token: string }).confirm_token;
    const out = structured<{ merged: boolean; sha: string }>(
      await session.call("github_pull_merge", {
        repo: "acme/web",
        number: 3,
        base: "main",
        method: "squash",
        confirm_token: token,
      }),
    );
    expect(out.merged).toBe(true);
    const merge = gh.sandbox.recorder.to("github", "/repos/acme/web/pulls/3/merge");
    expect(merge).toHaveLength(1);
    expect(merge[0]?.method).toBe("PUT");
    expect(merge[0]?.body).toMatchObject({
      merge_method: "squash",
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    const after = structured<Pull>(
      await session.call("github_pull_get", { repo: "acme/web", number: 3 }),
    );
    expect(after).toMatchObject({ merged: true, state: "closed" });
  });

  it("refuses, without merging, when the pull request targets another base than confirmed", async () => {
    const session = await gh.connect({}, { onElicit: acceptAll });
    const env = expectEnvelope(
      await session.call("github_pull_merge", { repo: "acme/api", number: 3, base: "release" }),
      "conflict",
    );
    expect(env.message).toContain("merges into main, not release");
    expect(gh.sandbox.recorder.to("github", /\/merge$/)).toHaveLength(0);
  });

  it("answers conflict for GitHub's 405 on a pull request with conflicts", async () => {
    const session = await gh.connect({}, { onElicit: acceptAll });
    const env = expectEnvelope(
      await session.call("github_pull_merge", { repo: "acme/web", number: 4, base: "main" }),
      "conflict",
    );
    expect(env.details).toMatchObject({ status: 405 });
    expect(env.message).toContain("Pull Request is not mergeable");
  });
});
