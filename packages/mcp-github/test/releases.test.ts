import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { acceptAll, useGitHubSandbox } from "./setup.js";

const gh = useGitHubSandbox();

type Release = {
  id: number;
  tag_name: string;
  name: string | null;
  draft: boolean;
  prerelease: boolean;
  target_commitish: string;
  body?: string | null;
};

describe("github_release_create", () => {
  it("creates a release and its tag from the target, with GitHub's generated notes", async () => {
    const session = await gh.connect();
    const out = structured<Release>(
      await session.call("github_release_create", {
        repo: "acme/web",
        tag: "v1.1.0",
        target: "main",
        name: "One point one",
        notes: "Highlights",
        generate_notes: true,
        prerelease: true,
      }),
    );
    expect(out).toMatchObject({
      tag_name: "v1.1.0",
      name: "One point one",
      prerelease: true,
      draft: false,
    });
    expect(out.body).toContain("## What's Changed");
    const [req] = gh.sandbox.recorder.to("github", "/repos/acme/web/releases");
    expect(req?.body).toEqual({
      tag_name: "v1.1.0",
      target_commitish: "main",
      name: "One point one",
      body: "Highlights",
      generate_release_notes: true,
      draft: false,
      prerelease: true,
    });
    expect(req?.status).toBe(201);
  });

  it("answers GitHub's 422 (already_exists) for a tag that has a release", async () => {
    const session = await gh.connect();
    const env = expectEnvelope(
      await session.call("github_release_create", { repo: "acme/web", tag: "v1.0.0" }),
      "invalid_request",
    );
    expect(env.message).toContain("Validation Failed");
    expect(env.details).toMatchObject({ platform_code: "already_exists", status: 422 });
  });

  it("a retry with the same idempotency_key creates one release", async () => {
    const session = await gh.connect();
    const args = { repo: "acme/api", tag: "v2.0.0", idempotency_key: "rel-2" };
    const first = structured<Release>(await session.call("github_release_create", args));
    const second = structured<Release>(await session.call("github_release_create", args));
    expect(second.id).toBe(first.id);
    expect(gh.sandbox.recorder.to("github", "/repos/acme/api/releases")).toHaveLength(1);
  });
});

describe("github_release_list and github_release_get", () => {
  it("lists releases newest first and gets one by tag or the latest, notes marked untrusted", async () => {
    const session = await gh.connect();
    await session
      .call("github_release_create", { repo: "acme/docs", tag: "v9.9.9" })
      .catch(() => {});
    const list = structured<{ releases: Release[]; next_cursor: string | null }>(
      await session.call("github_release_list", { repo: "acme/web", limit: 1 }),
    );
    expect(list.releases).toHaveLength(1);
    expect(list.next_cursor).not.toBeNull();
    const byTag = structured<{ tag_name: string; notes: { notice: string; data: string | null } }>(
      await session.call("github_release_get", { repo: "acme/web", tag: "v1.0.0" }),
    );
    expect(byTag.notes).toMatchObject({ data: "First release." });
    expect(byTag.notes.notice).toMatch(/Untrusted/);
    expect(gh.sent().at(-1)).toBe("GET /repos/acme/web/releases/tags/v1.0.0");
    const latest = structured<{ tag_name: string }>(
      await session.call("github_release_get", { repo: "acme/web" }),
    );
    expect(latest.tag_name).toBe("v1.0.0");
    expectEnvelope(
      await session.call("github_release_get", { repo: "acme/web", tag: "v0.0.1" }),
      "not_found",
    );
  });
});

describe("github_release_delete", () => {
  it("asks first, sends nothing before the yes, then deletes by tag", async () => {
    const session = await gh.connect();
    await session.call("github_release_create", { repo: "acme/web", tag: "v3.0.0" });
    gh.sandbox.recorder.clear();
    const refused = expectEnvelope(
      await session.call("github_release_delete", { repo: "acme/web", tag: "v3.0.0" }),
      "confirmation_required",
    );
    expect(refused.message).toContain("Delete the release v3.0.0 of acme/web");
    expect(gh.sent()).toEqual([]);
    const token = (refused.details as { confirm_token: string }).confirm_token;
    const out = structured<{ deleted: boolean; release_id: number }>(
      await session.call("github_release_delete", {
        repo: "acme/web",
        tag: "v3.0.0",
        confirm_token: token,
      }),
    );
    expect(out.deleted).toBe(true);
    expect(gh.sent()).toEqual([
      "GET /repos/acme/web/releases/tags/v3.0.0",
      `DELETE /repos/acme/web/releases/${out.release_id}`,
    ]);
    const elicited = await gh.connect({}, { onElicit: acceptAll });
    expectEnvelope(
      await elicited.call("github_release_delete", { repo: "acme/web", tag: "v3.0.0" }),
      "not_found",
    );
  });
});
