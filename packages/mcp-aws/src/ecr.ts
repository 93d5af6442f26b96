import { allowedResource } from "@agent-mesh/core";
import type { ImageIdentifier } from "@aws-sdk/client-ecr";
import { z } from "zod";
import { ECR_REPOSITORY } from "./allow-list.js";
import type { AwsClients } from "./clients.js";

/** ECR's severities, worst first: the order of severity counts and of the top findings. */
export const SEVERITIES = [
  "CRITICAL",
  "HIGH",
  "MEDIUM",
  "LOW",
  "INFORMATIONAL",
  "UNDEFINED",
] as const;

/** The inputs naming one image, shared by the ECR tools. */
export const imageInput = {
  repository: z
    .string()
    .min(2)
    .max(256)
    .optional()
    .describe("ECR repository name (default: first of AGENT_MESH_AWS_ECR_REPOSITORIES)"),
  image_tag: z.string().min(1).max(300).optional().describe("Tag (default: latest)"),
  image_digest: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, { error: "an image digest looks like sha256:<64 hex>" })
    .optional()
    .describe("Digest, instead of or with the tag"),
  registry_id: z
    .string()
    .regex(/^\d{12}$/, { error: "a registry id is a 12-digit AWS account id" })
    .optional()
    .describe("Account of the registry (default: the credentials' own)"),
};

export interface ImageArgs {
  repository?: string | undefined;
  image_tag?: string | undefined;
  image_digest?: string | undefined;
  registry_id?: string | undefined;
}

/** The allow-listed repository and the image id a call names, checked before any request. */
export function imageOf(client: AwsClients, args: ImageArgs) {
  const repository = allowedResource(
    ECR_REPOSITORY,
    client.config.ecrRepositories,
    args.repository,
  );
  const imageId: ImageIdentifier =
    args.image_digest === undefined && args.image_tag === undefined
      ? { imageTag: "latest" }
      : {
          ...(args.image_digest === undefined ? {} : { imageDigest: args.image_digest }),
          ...(args.image_tag === undefined ? {} : { imageTag: args.image_tag }),
        };
  const label = `${repository}${imageId.imageTag ? `:${imageId.imageTag}` : `@${imageId.imageDigest}`}`;
  return { repository, imageId, label, registryId: args.registry_id };
}
