import { describe, expect, it } from "vitest";
import { data, type Envelope, useVercelSandbox } from "./setup.js";

const vercel = useVercelSandbox();

describe("vercel_project_list", () => {
  it("lists projects with their repositories and pages through them", async () => {
    const session = await vercel.connect();
    const first = data<{
      projects: Array<{ name: string; repository: string | null }>;
      next_cursor: string | null;
    }>(await session.call("vercel_project_list", { limit: 2 }));
    expect(first.projects).toEqual([
      expect.objectContaining({ name: "web", repository: "acme/web", production_branch: "main" }),
      expect.objectContaining({ name: "api", repository: "acme/api" }),
    ]);
    const second = data<{ projects: Array<{ name: string }>; next_cursor: string | null }>(
      await session.call("vercel_project_list", { limit: 2, cursor: first.next_cursor }),
    );
    expect(second).toEqual({
      projects: [expect.objectContaining({ name: "docs", repository: null })],
      next_cursor: null,
    });
    const search = data<{ projects: Array<{ name: string }> }>(
      await session.call("vercel_project_list", { search: "ap" }),
    );
    expect(search.projects.map((p) => p.name)).toEqual(["api"]);
  });
});

describe("vercel_env_list and vercel_env_set", () => {
  it("lists names, targets and types but never values", async () => {
    const session = await vercel.connect();
    const result = await session.call("vercel_env_list", { project: "web" });
    expect(data(result)).toMatchObject({
      project: "web",
      variables: [
        { key: "DATABASE_URL", type: "encrypted", targets: ["production", "preview"] },
        {
          key: "NEXT_PUBLIC_FLAG",
          type: "plain",
          targets: ["production", "preview", "development"],
        },
      ],
      next_cursor: null,
    });
    expect(JSON.stringify(result)).not.toContain("hunter2");
    expect(JSON.stringify(result)).not.toContain("plain-flag-value");
    const dev = data<{ variables: Array<{ key: string }> }>(
      await session.call("vercel_env_list", { project: "web", target: "development" }),
    );
    expect(dev.variables.map((v) => v.key)).toEqual(["NEXT_PUBLIC_FLAG"]);
  });

  it("sets a variable without echoing its value, and overwrites on a second set", async () => {
    const session = await vercel.connect();
    const value = "sk_live_very_secret_value";
    const result = await session.call("vercel_env_set", {
      project: "api",
      key: "STRIPE_KEY",
      value,
      type: "plain",
      targets: ["production"],
    });
    expect(data(result)).toMatchObject({
      project: "api",
      key: "STRIPE_KEY",
      type: "plain",
      targets: ["production"],
    });
    expect(JSON.stringify(result)).not.toContain(value);
    const sent = vercel.sandbox.recorder.to("vercel", "/v10/projects/api/env").at(-1);
    expect(sent?.body).toEqual({ key: "STRIPE_KEY", value, type: "plain", target: ["production"] });
    expect(sent?.query).toMatchObject({ upsert: "true" });
    const again = await session.call("vercel_env_set", {
      project: "api",
      key: "STRIPE_KEY",
      value: "rotated-value-2",
      targets: ["production"],
    });
    expect(data<{ id: string }>(again).id).toBe(data<{ id: string }>(result).id);
    const listed = data<{ variables: Array<{ key: string }> }>(
      await session.call("vercel_env_list", { project: "api" }),
    );
    expect(listed.variables.filter((v) => v.key === "STRIPE_KEY")).toHaveLength(1);
  });

  it("rejects a malformed key before sending anything", async () => {
    const session = await vercel.connect();
    const before = vercel.sandbox.recorder.to("vercel").length;
    const result = data<Envelope>(
      await session.call("vercel_env_set", { project: "api", key: "1-BAD KEY", value: "v" }),
    );
    expect(result.code).toBe("invalid_request");
    expect(result.message).toContain("key: use letters, digits and underscores");
    expect(vercel.sandbox.recorder.to("vercel")).toHaveLength(before);
  });
});
