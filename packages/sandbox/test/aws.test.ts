import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySigV4 } from "../src/aws/sigv4.js";
import { type RunningSandbox, startSandbox } from "../src/index.js";

describe("Signature V4 check", () => {
  // AWS's published SigV4 test vector "get-vanilla".
  const vector = {
    method: "GET",
    rawPath: "/",
    rawQuery: "",
    body: new Uint8Array(),
    headers: new Headers({
      host: "example.amazonaws.com",
      "x-amz-date": "20150830T123600Z",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    }),
  };
  const secretFor = (id: string) =>
    id === "AKIDEXAMPLE" ? "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" : undefined;
  const at = Date.parse("2015-08-30T12:36:00Z");

  it("accepts AWS's own test vector", () => {
    expect(() => verifySigV4(vector, secretFor, at)).not.toThrow();
  });

  it("refuses a wrong secret, an unknown key and a stale date with AWS's errors", () => {
    expect(() => verifySigV4(vector, () => "wrong", at)).toThrow(/signature we calculated/);
    expect(() => verifySigV4(vector, () => undefined, at)).toThrow(/security token/);
    expect(() => verifySigV4(vector, secretFor, at + 16 * 60_000)).toThrow(/Signature expired/);
  });
});

describe("the AWS stand-in", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ platforms: ["aws"] });
  });
  afterAll(() => sandbox?.close());

  it("gives servers one endpoint, the sandbox credentials and the resource names", () => {
    expect(sandbox.env).toMatchObject({
      AWS_ENDPOINT_URL: sandbox.urls.aws,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIASANDBOX000000000",
      AGENT_MESH_AWS_TABLES: "agent-mesh-sandbox",
      AGENT_MESH_AWS_BUCKETS: "agent-mesh-sandbox-artifacts",
    });
  });

  it("blanks the settings a developer's shell could use to leave the sandbox", () => {
    expect(sandbox.env).toMatchObject({
      AWS_PROFILE: "",
      AWS_SESSION_TOKEN: "",
      AWS_ENDPOINT_URL_S3: "",
      AWS_ENDPOINT_URL_DYNAMODB: "",
    });
  });

  it("refuses an unsigned JSON call the way AWS does", async () => {
    const response = await fetch(`${sandbox.urls.aws}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSEvents.PutEvents",
      },
      body: "{}",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await response.json()).toEqual({
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
  });

  it("answers injected faults with the platform's error, then recovers", async () => {
    sandbox.faults.add({
      platform: "aws",
      match: { header: ["x-amz-target", "AWSEvents.PutEvents"] },
      status: 400,
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: { __type: "ThrottlingException", message: "Rate exceeded" },
    });
    const call = () =>
      fetch(`${sandbox.urls.aws}/`, {
        method: "POST",
        headers: { "x-amz-target": "AWSEvents.PutEvents" },
        body: "{}",
      });
    const first = await call();
    expect(first.status).toBe(400);
    expect(await first.json()).toMatchObject({ __type: "ThrottlingException" });
    expect((await call()).status).toBe(403);
  });
});
