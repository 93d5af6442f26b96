import { describe, expect, it } from "vitest";
import { errorResult, PlatformError, readEnvelope } from "../src/index.js";

describe("the one envelope builder", () => {
  it("puts the envelope in the text, with isError and no structuredContent", () => {
    const result = errorResult(
      "gateway",
      "github_issue_create",
      new PlatformError("upstream_unavailable", "github is down", {
        details: { server: "github" },
      }),
    );
    expect(result.isError).toBe(true);
    // structuredContent must match the tool's output schema, which describes success.
    expect(result.structuredContent).toBeUndefined();
    const [text] = result.content as Array<{ type: string; text: string }>;
    const envelope = JSON.parse(text!.text);
    expect(envelope).toMatchObject({
      error: "PlatformError",
      platform: "gateway",
      operation: "github_issue_create",
      code: "upstream_unavailable",
      message: "github is down",
      details: { server: "github" },
    });
    expect(readEnvelope(result)).toEqual(envelope);
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
