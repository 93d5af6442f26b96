import { defineTool, type ToolContext, untrusted, untrustedSchema } from "@agent-mesh/core";
import {
  DescribeImageScanFindingsCommand,
  type DescribeImageScanFindingsCommandOutput,
  type ImageScanFinding,
} from "@aws-sdk/client-ecr";
import { z } from "zod";
import type { AwsClients } from "../clients.js";
import { imageInput, imageOf, SEVERITIES } from "../ecr.js";

/** Pages of 1,000 findings read at most to rank the top ones; counts always cover every finding. */
const MAX_PAGES = 10;

const countsOutput = z.object(
  Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int()])) as Record<
    (typeof SEVERITIES)[number],
    z.ZodNumber
  >,
);

const rank = (severity: string | undefined) => {
  const at = SEVERITIES.indexOf((severity ?? "UNDEFINED") as (typeof SEVERITIES)[number]);
  return at < 0 ? SEVERITIES.length : at;
};

const attribute = (f: ImageScanFinding, key: string) =>
  f.attributes?.find((a) => a.key === key)?.value ?? null;

export const ecrImageScanFindingsGet = defineTool({
  name: "aws_ecr_image_scan_findings_get",
  title: "Read an image's scan findings",
  description:
    "Reads the vulnerability scan of an ECR image: scan status, counts per severity and the worst findings first.",
  input: z.object({
    ...imageInput,
    top: z
      .number()
      .int()
      .min(0)
      .max(50)
      .default(10)
      .describe("Findings to return, worst first (0-50)"),
  }),
  output: z.object({
    repository: z.string(),
    image: z.object({ digest: z.string().nullable(), tag: z.string().nullable() }),
    status: z
      .string()
      .describe(
        "COMPLETE, IN_PROGRESS, FAILED, UNSUPPORTED_IMAGE, ... (counts only when COMPLETE)",
      ),
    status_description: z.string().nullable(),
    completed_at: z.string().nullable(),
    severity_counts: countsOutput,
    total: z.number().int(),
    findings: untrustedSchema(
      z.array(
        z.object({
          name: z.string().nullable(),
          severity: z.string().nullable(),
          package_name: z.string().nullable(),
          package_version: z.string().nullable(),
          description: z.string().nullable(),
          uri: z.string().nullable(),
        }),
      ),
    ),
    ranked_of: z
      .number()
      .int()
      .describe(
        "How many findings the top ones were chosen from (less than total only past 10,000)",
      ),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => {
    const name = `${out.repository}${out.image.tag ? `:${out.image.tag}` : `@${out.image.digest}`}`;
    if (out.status !== "COMPLETE") return `Scan of ${name} is ${out.status}`;
    const counts = SEVERITIES.filter((s) => out.severity_counts[s] > 0)
      .map((s) => `${out.severity_counts[s]} ${s.toLowerCase()}`)
      .join(", ");
    return `Scan of ${name}: ${out.total === 0 ? "no findings" : counts}; ${out.findings.data.length} shown, worst first`;
  },
  run: async (input, ctx: ToolContext<AwsClients>) => {
    const { repository, imageId, registryId } = imageOf(ctx.client, input);
    let first: DescribeImageScanFindingsCommandOutput | undefined;
    const findings: ImageScanFinding[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const out = await ctx.client.ecr.send(
        new DescribeImageScanFindingsCommand({
          repositoryName: repository,
          imageId,
          registryId,
          maxResults: 1000,
          nextToken,
        }),
        { abortSignal: ctx.signal },
      );
      first ??= out;
      findings.push(...(out.imageScanFindings?.findings ?? []));
      nextToken = out.nextToken;
      if (nextToken === undefined || input.top === 0) break;
    }
    const status = first?.imageScanStatus?.status ?? "UNKNOWN";
    const given = first?.imageScanFindings?.findingSeverityCounts ?? {};
    const severity_counts = Object.fromEntries(
      SEVERITIES.map((s) => [s, given[s] ?? 0]),
    ) as z.output<typeof countsOutput>;
    const top = findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f.severity) - rank(b.f.severity) || a.i - b.i)
      .slice(0, input.top)
      .map(({ f }) => ({
        name: f.name ?? null,
        severity: f.severity ?? null,
        package_name: attribute(f, "package_name"),
        package_version: attribute(f, "package_version"),
        description: f.description ?? null,
        uri: f.uri ?? null,
      }));
    return {
      repository,
      image: {
        digest: first?.imageId?.imageDigest ?? imageId.imageDigest ?? null,
        tag: first?.imageId?.imageTag ?? imageId.imageTag ?? null,
      },
      status,
      status_description: first?.imageScanStatus?.description || null,
      completed_at: first?.imageScanFindings?.imageScanCompletedAt?.toISOString() ?? null,
      severity_counts,
      total: Object.values(severity_counts).reduce((a, b) => a + b, 0),
      findings: untrusted(top),
      ranked_of: findings.length,
    };
  },
});
