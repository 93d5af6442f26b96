import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../src/index.js";

// The GitHub stand-in's one dismiss route serves both code scanning and Dependabot alerts.
describe("the GitHub stand-in's alert dismiss route", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ platforms: ["github"] });
  });
  afterAll(() => sandbox?.close());

  const patch = async (path: string, body: unknown) => {
    const response = await fetch(`${sandbox.env.GITHUB_API_URL}${path}`, {
      method: "PATCH",
      headers: {
        authorization: `Bearer ${sandbox.env.GITHUB_TOKEN}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  for (const [kind, path, reason, resource] of [
    ["code scanning", "/repos/acme/web/code-scanning/alerts/2", "won't fix", "CodeScanningAlert"],
    ["Dependabot", "/repos/acme/web/dependabot/alerts/2", "tolerable_risk", "DependabotAlert"],
  ] as const) {
    it(`dismisses and reopens a ${kind} alert, refusing an unknown reason with ${resource}`, async () => {
      const dismissed = await patch(path, {
        state: "dismissed",
        dismissed_reason: reason,
        dismissed_comment: "Behind the VPN.",
      });
      expect(dismissed.status).toBe(200);
      expect(dismissed.json).toMatchObject({
        state: "dismissed",
        dismissed_reason: reason,
        dismissed_comment: "Behind the VPN.",
      });
      const reopened = await patch(path, { state: "open" });
      expect(reopened.status).toBe(200);
      expect(reopened.json).toMatchObject({ state: "open", dismissed_reason: null });
      const bad = await patch(path, { state: "dismissed", dismissed_reason: "because" });
      expect(bad.status).toBe(422);
      expect(bad.json.errors).toEqual([
        expect.objectContaining({ resource, field: "dismissed_reason", code: "invalid" }),
      ]);
      const long = await patch(path, {
        state: "dismissed",
        dismissed_reason: reason,
        dismissed_comment: "x".repeat(281),
      });
      expect(long.status).toBe(422);
      expect(await patch(`${path}99`, { state: "open" })).toMatchObject({ status: 404 });
    });
  }
});
