import { defineTool, type ToolContext } from "@agent-mesh/core";
import { StartImageScanCommand } from "@aws-sdk/client-ecr";
import { z } from "zod";
import type { AwsClients } from "../clients.js";
import { imageInput, imageOf } from "../ecr.js";

export const ecrImageScanStart = defineTool({
  name: "aws_ecr_image_scan_start",
  title: "Start an image scan",
  description:
    "Starts a basic vulnerability scan of an ECR image (once per image per 24 hours); read it with aws_ecr_image_scan_findings_get. Needs the user's confirmation.",
  input: z.object(imageInput),
  output: z.object({
    repository: z.string(),
    image: z.object({ digest: z.string().nullable(), tag: z.string().nullable() }),
    status: z.string(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  confirm: {
    // imageOf throws policy_denied for a repository outside the allow-list before anyone is asked.
    message: (input, client: AwsClients) =>
      `Start a vulnerability scan of the ECR image ${imageOf(client, input).label} (ECR allows one scan per image per 24 hours).`,
  },
  // StartImageScan takes no idempotency token; core's store makes a retry return the first answer.
  idempotent: true,
  summary: (out) =>
    `Scan of ${out.repository}${out.image.tag ? `:${out.image.tag}` : `@${out.image.digest}`} is ${out.status}`,
  run: async (input, ctx: ToolContext<AwsClients>) => {
    const { repository, imageId, registryId } = imageOf(ctx.client, input);
    const out = await ctx.client.ecr.send(
      new StartImageScanCommand({ repositoryName: repository, imageId, registryId }),
      { abortSignal: ctx.signal },
    );
    return {
      repository,
      image: {
        digest: out.imageId?.imageDigest ?? imageId.imageDigest ?? null,
        tag: out.imageId?.imageTag ?? imageId.imageTag ?? null,
      },
      status: out.imageScanStatus?.status ?? "UNKNOWN",
    };
  },
});
