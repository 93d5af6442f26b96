import { createServer } from "node:net";
import { expectEnvelope } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useVercelSandbox } from "./setup.js";

const vercel = useVercelSandbox();

describe("Vercel failures become the standard envelope", () => {
  it("a rejected token: authentication_error naming VERCEL_TOKEN, the token never shown", async () => {
    const token = "tok_wrong_but_secret_123";
    const session = await vercel.connect({ VERCEL_TOKEN: token });
    const result = await session.call("vercel_project_list", {});
    expect(expectEnvelope(result)).toMatchObject({
      error: "PlatformError",
      platform: "vercel",
      operation: "vercel_project_list",
      code: "authentication_error",
    });
    expect(expectEnvelope(result).message).toContain("VERCEL_TOKEN");
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it("a team the token cannot access: permission_denied", async () => {
    const session = await vercel.connect({ VERCEL_TEAM_ID: "team_other" });
    const result = expectEnvelope(await session.call("vercel_project_list", {}));
    expect(result.code).toBe("permission_denied");
    expect(result.message).toContain("VERCEL_TEAM_ID");
  });

  it("throttling: rate_limited with the retry delay", async () => {
    const session = await vercel.connect();
    const result = expectEnvelope(await session.call("vercel_env_list", { project: "throttled" }));
    expect(result.code).toBe("rate_limited");
    expect(result.details?.retry_after_seconds).toBeGreaterThan(0);
  });

  it("no token: not_configured naming the variable, the tools still listed", async () => {
    const session = await vercel.connect({ VERCEL_TOKEN: "" });
    expect((await session.client.listTools()).tools).toHaveLength(8);
    const result = expectEnvelope(
      await session.call("vercel_deployment_get", { deployment_id: "dpl_1" }),
    );
    expect(result).toMatchObject({
      code: "not_configured",
      details: { variables: ["VERCEL_TOKEN"] },
    });
  });

  it("an unreachable API: upstream_unavailable at once", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address() as { port: number };
        probe.close(() => resolve(address.port));
      });
    });
    const session = await vercel.connect({ VERCEL_API_URL: `http://127.0.0.1:${port}` });
    const result = expectEnvelope(await session.call("vercel_project_list", {}));
    expect(result.code).toBe("upstream_unavailable");
    expect(result.message).toContain(`127.0.0.1:${port}`);
  });
});
