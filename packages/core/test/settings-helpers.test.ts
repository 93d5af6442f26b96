import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  allowedResource,
  checkAllowList,
  endpointSetting,
  flagSetting,
  globToRegExp,
  isPlatformError,
  listSetting,
  matchesGlob,
  resolveConfig,
} from "../src/index.js";

const BUCKET = { noun: "bucket", env: "DEMO_BUCKETS" };

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("listSetting", () => {
  const settings = {
    buckets: { env: "DEMO_BUCKETS", schema: listSetting(), description: "Buckets" },
    arns: {
      env: "DEMO_ARNS",
      schema: listSetting(z.string().startsWith("arn:", "list ARNs")),
      description: "ARNs",
    },
  };

  it("reads a comma string from the environment and a list from mesh.yaml", () => {
    const fromEnv = resolveConfig(settings, { env: { DEMO_BUCKETS: " a, b ,,c " } });
    expect(fromEnv).toMatchObject({ ok: true, config: { buckets: ["a", "b", "c"], arns: [] } });
    const fromYaml = resolveConfig(settings, { env: {}, values: { buckets: ["x", "y"] } });
    expect(fromYaml).toMatchObject({ ok: true, config: { buckets: ["x", "y"] } });
  });

  it("checks every item and names the variable", () => {
    const bad = resolveConfig(settings, { env: { DEMO_ARNS: "arn:ok,nope" } });
    expect(bad).toMatchObject({
      ok: false,
      problems: [{ env: "DEMO_ARNS", message: "DEMO_ARNS is invalid: list ARNs" }],
    });
  });
});

describe("flagSetting and endpointSetting", () => {
  const settings = {
    verbose: { env: "DEMO_VERBOSE", schema: flagSetting().default(false), description: "Verbose" },
    s3: endpointSetting("DEMO_S3_URL", "Endpoint for S3 only"),
  };

  it("reads the usual spellings of yes and no, and YAML booleans", () => {
    for (const [raw, value] of [
      ["true", true],
      ["ON", true],
      ["1", true],
      ["no", false],
      ["0", false],
    ] as const) {
      expect(resolveConfig(settings, { env: { DEMO_VERBOSE: raw } })).toMatchObject({
        config: { verbose: value },
      });
    }
    expect(resolveConfig(settings, { env: {}, values: { verbose: true } })).toMatchObject({
      config: { verbose: true },
    });
    expect(resolveConfig(settings, { env: {} })).toMatchObject({ config: { verbose: false } });
  });

  it("refuses anything else, and endpoints that are not URLs", () => {
    const bad = resolveConfig(settings, { env: { DEMO_VERBOSE: "maybe", DEMO_S3_URL: "nope" } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.env)).toEqual(["DEMO_VERBOSE", "DEMO_S3_URL"]);
  });
});

describe("one glob dialect", () => {
  it("matches * across any characters and ? as one, anchored to the whole name", () => {
    expect(matchesGlob("vercel_*", "vercel_env_set")).toBe(true);
    expect(matchesGlob("aws_kv_?et", "aws_kv_get")).toBe(true);
    expect(matchesGlob("aws_kv_?et", "aws_kv_reset")).toBe(false);
    expect(
      matchesGlob(
        "arn:aws:states:*:stateMachine:orders-*",
        "arn:aws:states:eu-west-1:1:stateMachine:orders-v2",
      ),
    ).toBe(true);
    expect(matchesGlob("/aws/lambda/*", "/aws/lambda/api")).toBe(true);
    expect(matchesGlob("a.b", "axb")).toBe(false);
    expect(matchesGlob("plain", "plain")).toBe(true);
    expect(globToRegExp("x*").test("x\ny")).toBe(true);
  });
});

describe("allow-lists", () => {
  it("answers the listed resource, or the first plain entry by default", () => {
    expect(allowedResource(BUCKET, ["logs-*", "main"], "logs-2026")).toBe("logs-2026");
    expect(allowedResource(BUCKET, ["logs-*", "main"])).toBe("main");
  });

  it("refuses an unlisted resource with policy_denied, naming the variable", () => {
    const err = thrown(() => allowedResource(BUCKET, ["main"], "other"));
    expect(isPlatformError(err) && err.code).toBe("policy_denied");
    expect((err as Error).message).toBe(
      'The bucket "other" is not in DEMO_BUCKETS (allowed: "main"). Use an allowed bucket, or ask the operator to add it.',
    );
  });

  it("answers not_configured for an empty list, and invalid_request when only patterns give no default", () => {
    const empty = thrown(() =>
      allowedResource({ ...BUCKET, hint: "the Terraform module outputs it" }, []),
    );
    expect(empty).toMatchObject({
      code: "not_configured",
      details: { variables: ["DEMO_BUCKETS"] },
    });
    expect((empty as Error).message).toContain("the Terraform module outputs it");
    expect(thrown(() => allowedResource(BUCKET, ["logs-*"]))).toMatchObject({
      code: "invalid_request",
    });
  });

  it("checkAllowList lets anything through an empty list", () => {
    expect(() => checkAllowList(BUCKET, [], "any")).not.toThrow();
    expect(thrown(() => checkAllowList(BUCKET, ["a"], "b"))).toMatchObject({
      code: "policy_denied",
    });
  });
});
