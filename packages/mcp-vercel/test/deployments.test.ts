import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useVercelSandbox, waitUntilDone } from "./setup.js";

const vercel = useVercelSandbox();
type Deployment = {
  id: string;
  state: string;
  target: string;
  url: string;
  ref: string;
  project: string;
  aliases: string[];
};

describe("vercel_deployment_create and vercel_deployment_get", () => {
  it("deploys a branch to production from the project's linked repo and is later reported READY", async () => {
    const session = await vercel.connect();
    const created = structured<Deployment>(
      await session.call("vercel_deployment_create", {
        project: "web",
        ref: "main",
        target: "production",
      }),
    );
    expect(created).toMatchObject({
      state: "QUEUED",
      target: "production",
      project: "web",
      ref: "main",
    });
    expect(created.url).toMatch(/^https:\/\/web-.*\.vercel\.app$/);
    const [post] = vercel.sandbox.recorder.to("vercel", "/v13/deployments");
    expect(post?.body).toEqual({
      name: "web",
      project: "prj_web",
      target: "production",
      gitSource: { type: "github", repoId: 1001, ref: "main" },
    });
    expect(post?.query).toEqual({ teamId: "team_sandbox" });
    expect(await waitUntilDone(session, created.id)).toMatchObject({
      state: "READY",
      error_message: null,
    });
    const ready = structured<Deployment>(
      await session.call("vercel_deployment_get", { deployment_id: created.url }),
    );
    expect(ready).toMatchObject({ id: created.id, state: "READY", aliases: ["web.vercel.app"] });
  });

  it("reports a failed build as ERROR with Vercel's message", async () => {
    const session = await vercel.connect();
    const created = structured<Deployment>(
      await session.call("vercel_deployment_create", { project: "api", ref: "broken-feature" }),
    );
    expect(created.target).toBe("preview");
    expect(await waitUntilDone(session, created.id)).toEqual(
      expect.objectContaining({
        state: "ERROR",
        error_message: 'Command "npm run build" exited with 1',
      }),
    );
  });

  it("names the arguments it takes and the one meant when a name is wrong, sending nothing", async () => {
    const session = await vercel.connect();
    const before = vercel.sandbox.recorder.requests.length;
    const refused = expectEnvelope(
      await session.call("vercel_deployment_get", { id: "dpl_1" }),
      "invalid_request",
    );
    expect(refused.message).toContain('unknown argument "id"; did you mean deployment_id?');
    expect(refused.message).toContain("This tool takes: deployment_id (required).");
    const missing = expectEnvelope(await session.call("vercel_deployment_create", { ref: "main" }));
    expect(missing.message).toMatch(/This tool takes: project \(required\), ref \(required\)/);
    expect(vercel.sandbox.recorder.requests.length).toBe(before);
  });

  it("refuses a project without a git repository before creating anything", async () => {
    const session = await vercel.connect();
    const before = vercel.sandbox.recorder.to("vercel", "/v13/deployments").length;
    const result = await session.call("vercel_deployment_create", { project: "docs", ref: "main" });
    expect(expectEnvelope(result)).toMatchObject({
      code: "invalid_request",
      operation: "vercel_deployment_create",
    });
    expect(expectEnvelope(result).message).toContain("not connected to a git repository");
    expect(vercel.sandbox.recorder.to("vercel", "/v13/deployments")).toHaveLength(before);
  });

  it("passes on Vercel's refusal of an unknown ref and of an unknown project", async () => {
    const session = await vercel.connect();
    const ref = expectEnvelope(
      await session.call("vercel_deployment_create", { project: "web", ref: "missing-branch" }),
    );
    expect(ref.code).toBe("invalid_request");
    expect(ref.message).toContain("missing-branch");
    expect(ref.message).toContain("incorrect_git_source_info");
    const project = expectEnvelope(
      await session.call("vercel_deployment_create", { project: "nope", ref: "main" }),
    );
    expect(project).toMatchObject({
      code: "not_found",
      message: "Vercel: Project not found (not_found)",
    });
  });

  it("creates one deployment when the same call is retried with an idempotency key", async () => {
    const session = await vercel.connect();
    const args = { project: "api", ref: "retry-me", idempotency_key: "deploy-42" };
    const before = vercel.sandbox.recorder.to("vercel", "/v13/deployments").length;
    const first = structured<Deployment>(await session.call("vercel_deployment_create", args));
    const second = structured<Deployment>(await session.call("vercel_deployment_create", args));
    expect(second.id).toBe(first.id);
    expect(vercel.sandbox.recorder.to("vercel", "/v13/deployments")).toHaveLength(before + 1);
    const reused = expectEnvelope(
      await session.call("vercel_deployment_create", { ...args, ref: "other" }),
    );
    expect(reused.code).toBe("conflict");
    expect(vercel.sandbox.recorder.to("vercel", "/v13/deployments")).toHaveLength(before + 1);
  });

  it("rejects a bad target without calling Vercel", async () => {
    const session = await vercel.connect();
    const result = expectEnvelope(
      await session.call("vercel_deployment_create", {
        project: "web",
        ref: "main",
        target: "staging",
      }),
    );
    expect(result.code).toBe("invalid_request");
    expect(result.message).toContain("target");
  });

  it("answers not_found for an unknown deployment", async () => {
    const session = await vercel.connect();
    const result = expectEnvelope(
      await session.call("vercel_deployment_get", { deployment_id: "dpl_nope" }),
    );
    expect(result).toMatchObject({
      code: "not_found",
      message: "Vercel: Deployment not found (not_found)",
    });
  });
});

describe("vercel_deployment_list", () => {
  it("filters by project and pages with a cursor, newest first", async () => {
    const session = await vercel.connect();
    const ids: string[] = [];
    for (const ref of ["a", "b", "c"]) {
      ids.push(
        structured<Deployment>(
          await session.call("vercel_deployment_create", {
            project: "prj_api",
            ref: `list-${ref}`,
          }),
        ).id,
      );
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const page1 = structured<{ deployments: Deployment[]; next_cursor: string | null }>(
      await session.call("vercel_deployment_list", { project: "api", limit: 2 }),
    );
    expect(page1.deployments.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    expect(page1.next_cursor).not.toBeNull();
    const page2 = structured<{ deployments: Deployment[]; next_cursor: string | null }>(
      await session.call("vercel_deployment_list", {
        project: "api",
        limit: 2,
        cursor: page1.next_cursor,
      }),
    );
    expect(page2.deployments.map((d) => d.id)).toContain(ids[0]);
    expect(page2.deployments.every((d) => d.project === "api")).toBe(true);
    const request = vercel.sandbox.recorder.to("vercel", "/v6/deployments").at(-1);
    expect(request?.query).toMatchObject({ projectId: "prj_api", limit: "2" });
  });

  it("filters by target and state", async () => {
    const session = await vercel.connect();
    const result = structured<{ deployments: Deployment[] }>(
      await session.call("vercel_deployment_list", { target: "production", state: ["READY"] }),
    );
    expect(result.deployments.length).toBeGreaterThan(0);
    expect(result.deployments.every((d) => d.target === "production" && d.state === "READY")).toBe(
      true,
    );
  });

  it("refuses a cursor it did not issue", async () => {
    const session = await vercel.connect();
    const result = expectEnvelope(
      await session.call("vercel_deployment_list", { cursor: "garbage" }),
    );
    expect(result.code).toBe("invalid_request");
  });
});
