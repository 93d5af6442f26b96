import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { acceptAll, useVercelSandbox } from "./setup.js";

const vercel = useVercelSandbox();

describe("vercel_project_list", () => {
  it("lists projects with their repositories and pages through them", async () => {
    const session = await vercel.connect();
    const first = structured<{
      projects: Array<{ name: string; repository: string | null }>;
      next_cursor: string | null;
    }>(await session.call("vercel_project_list", { limit: 2 }));
    expect(first.projects).toEqual([
      expect.objectContaining({ name: "web", repository: "acme/web", production_branch: "main" }),
      expect.objectContaining({ name: "api", repository: "acme/api" }),
    ]);
    const second = structured<{ projects: Array<{ name: string }>; next_cursor: string | null }>(
      await session.call("vercel_project_list", { limit: 2, cursor: first.next_cursor }),
    );
    expect(second).toEqual({
      projects: [expect.objectContaining({ name: "docs", repository: null })],
      next_cursor: null,
    });
    const search = structured<{ projects: Array<{ name: string }> }>(
      await session.call("vercel_project_list", { search: "ap" }),
    );
    expect(search.projects.map((p) => p.name)).toEqual(["api"]);
  });
});

describe("vercel_env_list and vercel_env_set", () => {
  it("lists names, targets and types but never values", async () => {
    const session = await vercel.connect();
    const result = await session.call("vercel_env_list", { project: "web" });
    expect(structured(result)).toMatchObject({
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
    const dev = structured<{ variables: Array<{ key: string }> }>(
      await session.call("vercel_env_list", { project: "web", target: "development" }),
    );
    expect(dev.variables.map((v) => v.key)).toEqual(["NEXT_PUBLIC_FLAG"]);
  });

  it("asks first, never showing the value, and sends nothing until the user agrees", async () => {
    const session = await vercel.connect();
    const value = "sk_live_never_shown_value";
    const before = vercel.sandbox.recorder.to("vercel").length;
    const args = { project: "api", key: "STRIPE_KEY", value, targets: ["production"] };
    const ask = expectEnvelope(await session.call("vercel_env_set", args), "confirmation_required");
    expect(ask.message).toContain(
      "Set STRIPE_KEY in Vercel project api for production, replacing any value it has there",
    );
    expect(JSON.stringify(ask)).not.toContain(value);
    expect(vercel.sandbox.recorder.to("vercel")).toHaveLength(before);
    const done = await session.call("vercel_env_set", {
      ...args,
      confirm_token: ask.details?.confirm_token,
    });
    expect(structured(done)).toMatchObject({ key: "STRIPE_KEY", targets: ["production"] });
    expect(
      vercel.sandbox.recorder.to("vercel", "/v10/projects/api/env").at(-1)?.body,
    ).toMatchObject({ key: "STRIPE_KEY", value });
  });

  it("shows its value as writeOnly, so clients and the gateway's audit treat it as secret", async () => {
    const session = await vercel.connect();
    const { tools } = await session.client.listTools();
    const envSet = tools.find((tool) => tool.name === "vercel_env_set");
    const properties = envSet?.inputSchema.properties as Record<string, { writeOnly?: boolean }>;
    expect(properties.value?.writeOnly).toBe(true);
    expect(properties.key?.writeOnly).toBeUndefined();
  });

  it("sets a variable without echoing its value, and overwrites on a second set", async () => {
    const session = await vercel.connect({}, { onElicit: acceptAll });
    const value = "sk_live_very_secret_value";
    const result = await session.call("vercel_env_set", {
      project: "api",
      key: "STRIPE_KEY",
      value,
      type: "plain",
      targets: ["production"],
    });
    expect(structured(result)).toMatchObject({
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
    expect(structured<{ id: string }>(again).id).toBe(structured<{ id: string }>(result).id);
    const listed = structured<{ variables: Array<{ key: string }> }>(
      await session.call("vercel_env_list", { project: "api" }),
    );
    expect(listed.variables.filter((v) => v.key === "STRIPE_KEY")).toHaveLength(1);
  });

  it("rejects a malformed key before sending anything", async () => {
    const session = await vercel.connect();
    const before = vercel.sandbox.recorder.to("vercel").length;
    const result = expectEnvelope(
      await session.call("vercel_env_set", { project: "api", key: "1-BAD KEY", value: "v" }),
    );
    expect(result.code).toBe("invalid_request");
    expect(result.message).toContain("key: use letters, digits and underscores");
    expect(vercel.sandbox.recorder.to("vercel")).toHaveLength(before);
  });
});
