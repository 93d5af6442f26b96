import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { STEP_MS, type Untrusted, useAwsSandbox } from "./setup.js";

const aws = useAwsSandbox();
beforeEach(() => aws.sandbox.recorder.clear());
const DESCRIBE = "AmazonEC2ContainerRegistry_V20150921.DescribeImageScanFindings";
const START = "AmazonEC2ContainerRegistry_V20150921.StartImageScan";

type Findings = {
  repository: string;
  image: { digest: string | null; tag: string | null };
  status: string;
  completed_at: string | null;
  severity_counts: Record<string, number>;
  total: number;
  findings: Untrusted<
    Array<{ name: string; severity: string; package_name: string | null; description: string }>
  >;
  ranked_of: number;
};

describe("aws_ecr_image_scan_findings_get", () => {
  it("gives severity counts and the worst findings first, descriptions marked untrusted", async () => {
    const session = await aws.connect();
    const result = await session.call("aws_ecr_image_scan_findings_get", {
      repository: "web",
      image_tag: "v1.2.0",
      top: 3,
    });
    const out = structured<Findings>(result);
    expect(out).toMatchObject({
      repository: "web",
      image: { tag: "v1.2.0", digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      status: "COMPLETE",
      severity_counts: {
        CRITICAL: 2,
        HIGH: 2,
        MEDIUM: 1,
        LOW: 2,
        INFORMATIONAL: 1,
        UNDEFINED: 0,
      },
      total: 8,
      ranked_of: 8,
    });
    expect(out.completed_at).toMatch(/^2026-/);
    expect(out.findings.notice).toMatch(/Untrusted/);
    expect(out.findings.data.map((f) => [f.name, f.severity, f.package_name])).toEqual([
      ["CVE-2024-6387", "CRITICAL", "openssh"],
      ["CVE-2022-48174", "CRITICAL", "busybox"],
      ["CVE-2023-4911", "HIGH", "glibc"],
    ]);
    expect(result.content?.[0]).toMatchObject({
      text: expect.stringContaining("2 critical, 2 high, 1 medium, 2 low, 1 informational"),
    });
    const [req] = aws.received(DESCRIBE);
    expect(req?.body).toEqual({
      repositoryName: "web",
      imageId: { imageTag: "v1.2.0" },
      maxResults: 1000,
    });
    expect(req?.headers["content-type"]).toBe("application/x-amz-json-1.1");
  });

  it("reads the first allowed repository's latest image by default; a clean image has no findings", async () => {
    const session = await aws.connect({ AGENT_MESH_AWS_ECR_REPOSITORIES: "api,web" });
    const out = structured<Findings>(await session.call("aws_ecr_image_scan_findings_get", {}));
    expect(out).toMatchObject({ repository: "api", status: "COMPLETE", total: 0 });
    expect(out.findings.data).toEqual([]);
    expect(aws.received(DESCRIBE).at(-1)?.body).toMatchObject({
      repositoryName: "api",
      imageId: { imageTag: "latest" },
    });
  });

  it("answers not_found for an unscanned image (naming the scan tool), a missing image and repository", async () => {
    const session = await aws.connect({ AGENT_MESH_AWS_ECR_REPOSITORIES: "web,ghost" });
    const unscanned = expectEnvelope(
      await session.call("aws_ecr_image_scan_findings_get", {
        repository: "web",
        image_tag: "v1.3.0",
      }),
      "not_found",
    );
    expect(unscanned.message).toContain("aws_ecr_image_scan_start");
    expect(unscanned.details).toMatchObject({ aws_error: "ScanNotFoundException" });
    const noImage = expectEnvelope(
      await session.call("aws_ecr_image_scan_findings_get", { repository: "web", image_tag: "v9" }),
      "not_found",
    );
    expect(noImage.details).toMatchObject({
      aws_error: "ImageNotFoundException",
      http_status: 400,
    });
    expectEnvelope(
      await session.call("aws_ecr_image_scan_findings_get", { repository: "ghost" }),
      "not_found",
    );
  });

  it("maps AccessDeniedException to permission_denied with the IAM hint", async () => {
    const session = await aws.connect();
    aws.sandbox.faults.add({
      platform: "aws",
      match: { header: ["x-amz-target", DESCRIBE] },
      status: 400,
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: {
        __type: "AccessDeniedException",
        message:
          "User: arn:aws:iam::000000000000:user/agent is not authorized to perform: ecr:DescribeImageScanFindings",
      },
    });
    const env = expectEnvelope(
      await session.call("aws_ecr_image_scan_findings_get", { repository: "web" }),
      "permission_denied",
    );
    expect(env.message).toContain("ecr:DescribeImageScanFindings");
  });

  it("refuses a repository outside AGENT_MESH_AWS_ECR_REPOSITORIES, sending nothing", async () => {
    const session = await aws.connect({ AGENT_MESH_AWS_ECR_REPOSITORIES: "api" });
    const env = expectEnvelope(
      await session.call("aws_ecr_image_scan_findings_get", { repository: "web" }),
      "policy_denied",
    );
    expect(env.message).toContain("AGENT_MESH_AWS_ECR_REPOSITORIES");
    const none = await aws.connect({ AGENT_MESH_AWS_ECR_REPOSITORIES: "" });
    const unset = expectEnvelope(
      await none.call("aws_ecr_image_scan_findings_get", { repository: "web" }),
      "not_configured",
    );
    expect(unset.details).toMatchObject({ variables: ["AGENT_MESH_AWS_ECR_REPOSITORIES"] });
    expect(aws.received(DESCRIBE)).toEqual([]);
  });
});

describe("aws_ecr_image_scan_start", () => {
  it("asks first, then starts a scan whose findings appear when it completes; a second is refused", async () => {
    const session = await aws.connect();
    const args = { repository: "web", image_tag: "v1.3.0" };
    const refused = expectEnvelope(
      await session.call("aws_ecr_image_scan_start", args),
      "confirmation_required",
    );
    expect(refused.message).toContain("Start a vulnerability scan of the ECR image web:v1.3.0");
    expect(aws.received(START)).toEqual([]);
    const token = (refused.details as { confirm_token: string }).confirm_token;
    const started = structured<{ status: string; image: { tag: string } }>(
      await session.call("aws_ecr_image_scan_start", { ...args, confirm_token: token }),
    );
    expect(started).toMatchObject({ status: "IN_PROGRESS", image: { tag: "v1.3.0" } });
    expect(aws.received(START).map((r) => r.body)).toEqual([
      { repositoryName: "web", imageId: { imageTag: "v1.3.0" } },
    ]);
    let out: Findings | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      out = structured<Findings>(await session.call("aws_ecr_image_scan_findings_get", args));
      if (out.status === "COMPLETE") break;
      expect(out.status).toBe("IN_PROGRESS");
      await new Promise((resolve) => setTimeout(resolve, STEP_MS));
    }
    expect(out).toMatchObject({ status: "COMPLETE", severity_counts: { CRITICAL: 0, HIGH: 2 } });
    const again = await aws.connect(
      {},
      {
        onElicit: () => ({ action: "accept", content: { confirm: true } }),
      },
    );
    const limited = expectEnvelope(
      await again.call("aws_ecr_image_scan_start", args),
      "rate_limited",
    );
    expect(limited.message).toContain("scan quota per image");
  });

  it("a retry with the same idempotency_key starts one scan", async () => {
    const session = await aws.connect(
      {},
      { onElicit: () => ({ action: "accept", content: { confirm: true } }) },
    );
    const args = { repository: "api", image_tag: "v2.0.0", idempotency_key: "scan-api-2" };
    const first = structured<{ status: string }>(
      await session.call("aws_ecr_image_scan_start", args),
    );
    const second = structured<{ status: string }>(
      await session.call("aws_ecr_image_scan_start", args),
    );
    expect(second).toEqual(first);
    expect(aws.received(START)).toHaveLength(1);
  });

  it("AWS_READ_ONLY hides and refuses it, keeping the findings", async () => {
    const session = await aws.connect({ AWS_READ_ONLY: "true" });
    const names = (await session.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("aws_ecr_image_scan_findings_get");
    expect(names).not.toContain("aws_ecr_image_scan_start");
    expect(names).not.toContain("aws_kv_set");
    const refused = expectEnvelope(
      await session.call("aws_ecr_image_scan_start", { repository: "web" }),
      "policy_denied",
    );
    expect(refused.message).toContain("AWS_READ_ONLY");
    expect(aws.received(START)).toEqual([]);
  });

  it("refuses a repository outside the allow-list before asking anyone", async () => {
    let asked = 0;
    const session = await aws.connect(
      { AGENT_MESH_AWS_ECR_REPOSITORIES: "api" },
      {
        onElicit: () => {
          asked += 1;
          return { action: "accept", content: { confirm: true } };
        },
      },
    );
    expectEnvelope(
      await session.call("aws_ecr_image_scan_start", { repository: "web" }),
      "policy_denied",
    );
    expect(asked).toBe(0);
    expect(aws.received(START)).toEqual([]);
  });
});
