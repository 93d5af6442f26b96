import { expectEnvelope } from "@agent-mesh/core/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useAwsSandbox } from "./setup.js";

const aws = useAwsSandbox();

/** Hides any AWS credentials, profile or role the machine running the tests may have. */
function isolateFromMachine() {
  for (const name of [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
  ]) {
    vi.stubEnv(name, undefined);
  }
  vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/aws/config");
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws/credentials");
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("errors, mapped in one place", () => {
  it("answers not_configured naming what to set when no credentials can be found", async () => {
    isolateFromMachine();
    const session = await aws.connect({ AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" });
    const error = expectEnvelope(await session.call("aws_kv_get", { key: "k" }));
    expect(error.code).toBe("not_configured");
    expect(error.message).toContain(
      "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE",
    );
  });

  it("answers not_configured when only half of a key pair is set", async () => {
    const session = await aws.connect({ AWS_SECRET_ACCESS_KEY: "" });
    const error = expectEnvelope(await session.call("aws_kv_get", { key: "k" }));
    expect(error.code).toBe("not_configured");
    expect(error.message).toContain("AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY");
  });

  it("answers not_configured when no region is set anywhere", async () => {
    isolateFromMachine();
    const session = await aws.connect({ AWS_REGION: "" });
    const error = expectEnvelope(await session.call("aws_kv_get", { key: "k" }));
    expect(error.code).toBe("not_configured");
    expect(error.message).toContain("set AWS_REGION");
  });

  it("reports rejected credentials as authentication_error, never echoing the secret", async () => {
    const session = await aws.connect({ AWS_SECRET_ACCESS_KEY: "wrong-secret-c0ffee" });
    const result = await session.call("aws_kv_get", { key: "k" });
    const error = expectEnvelope(result);
    expect(error.code).toBe("authentication_error");
    expect(error.message).toContain("InvalidSignatureException");
    expect(JSON.stringify(result)).not.toContain("wrong-secret-c0ffee");
  });

  it("maps throttling that outlasts the retries to rate_limited", async () => {
    aws.sandbox.faults.add({
      platform: "aws",
      match: { header: ["x-amz-target", "DynamoDB_20120810.GetItem"] },
      status: 400,
      headers: { "content-type": "application/x-amz-json-1.0" },
      body: {
        __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        message: "The level of configured provisioned throughput for the table was exceeded.",
      },
      times: 5,
    });
    const session = await aws.connect({ AWS_MAX_ATTEMPTS: "1" });
    const error = expectEnvelope(await session.call("aws_kv_get", { key: "k" }));
    expect(error.code).toBe("rate_limited");
    expect(error.message).toContain("wait and retry");
    expect(error.details).toEqual({
      aws_error: "ProvisionedThroughputExceededException",
      http_status: 400,
    });
  });

  it("retries a throttled call with the SDK's backoff and succeeds", async () => {
    aws.sandbox.faults.add({
      platform: "aws",
      match: { header: ["x-amz-target", "AWSEvents.PutEvents"] },
      status: 400,
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: { __type: "ThrottlingException", message: "Rate exceeded" },
    });
    const session = await aws.connect();
    const before = aws.received("AWSEvents.PutEvents").length;
    const result = await session.call("aws_event_send", {
      events: [{ source: "com.example.app", detail_type: "Retried", detail: {} }],
    });
    expect(result.isError).toBeFalsy();
    expect(aws.received("AWSEvents.PutEvents")).toHaveLength(before + 2);
  });

  it("maps AccessDenied to permission_denied with the IAM hint", async () => {
    aws.sandbox.faults.add({
      platform: "aws",
      match: { header: ["x-amz-target", "AWSStepFunctions.ListExecutions"] },
      status: 400,
      headers: { "content-type": "application/x-amz-json-1.0" },
      body: {
        __type: "AccessDeniedException",
        message: "User is not authorized to perform: states:ListExecutions",
      },
    });
    const session = await aws.connect();
    const error = expectEnvelope(await session.call("aws_workflow_list", {}));
    expect(error.code).toBe("permission_denied");
    expect(error.message).toContain("states:ListExecutions");
    expect(error.message).toContain("IAM permission");
  });

  it("answers upstream_unavailable when the endpoint cannot be reached", async () => {
    const session = await aws.connect({
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
      AWS_MAX_ATTEMPTS: "1",
    });
    const error = expectEnvelope(await session.call("aws_artifact_list", {}));
    expect(error.code).toBe("upstream_unavailable");
    expect(error.message).toContain("Cannot reach AWS (ECONNREFUSED)");
  });

  it("routes one service elsewhere with its own endpoint override", async () => {
    const session = await aws.connect({
      AWS_ENDPOINT_URL_SFN: "http://127.0.0.1:9",
      AWS_MAX_ATTEMPTS: "1",
    });
    expect(expectEnvelope(await session.call("aws_workflow_list", {})).code).toBe(
      "upstream_unavailable",
    );
    const kv = await session.call("aws_kv_list", {});
    expect(kv.isError).toBeFalsy();
  });
});
