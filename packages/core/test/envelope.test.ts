import { describe, expect, it } from "vitest";
import { errorResult, PlatformError, readEnvelope } from "../src/index.js";

describe("the one envelope builder", () => {
  it("puts the envelope in text and structuredContent, with isError", () => {
    const result = errorResult(
      "gateway",
      "github_issue_create",
      new PlatformError("upstream_unavailable", "github is down", {
        details: { server: "github" },
      }),
    );
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({
      error: "PlatformError",
      platform: "gateway",
      operation: "github_issue_create",
      code: "upstream_unavailable",
      message: "github is down",
      details: { server: "github" },
    });
    const [text] = result.content as Array<{ type: string; text: string }>;
    expect(JSON.parse(text!.text)).toEqual(result.structuredContent);
    expect(readEnvelope(result)).toBe(result.structuredContent);
  });

  it("reads no envelope from successes or foreign errors", () => {
    expect(readEnvelope({ structuredContent: { error: "PlatformError", code: "timeout" } })).toBe(
      undefined,
    );
    expect(readEnvelope({ isError: true, structuredContent: { error: "Other" } })).toBeUndefined();
    expect(
      readEnvelope({ isError: true, structuredContent: { error: "PlatformError", code: "nope" } }),
    ).toBeUndefined();
  });
});
