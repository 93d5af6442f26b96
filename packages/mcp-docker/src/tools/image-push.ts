import { defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { DockerClient } from "../client.js";
import { checkPush } from "../policy.js";
import { pushImage } from "../push.js";
import { checkTag, parseReference } from "../reference.js";
import { protectedTags, pushedOutput } from "../shapes.js";

const input = z.object({
  image: z
    .string()
    .min(1)
    .max(255)
    .describe("Local image as registry/repository:tag; the registry must be in DOCKER_PUSH_ALLOW"),
});

function target(image: string) {
  const ref = parseReference(image);
  if (ref.digest) {
    throw new PlatformError(
      "invalid_request",
      "Push a tag, not a digest: registry/repository:tag.",
    );
  }
  return { ref, tag: checkTag(ref.tag ?? "latest") };
}

export const imagePush = defineTool({
  name: "docker_image_push",
  title: "Push an image",
  description:
    "Pushes a local image tag to an allowed registry (DOCKER_PUSH_ALLOW) and returns the pushed digest. Protected tags (latest, prod-*) ask first.",
  input,
  output: pushedOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: {
    // Only protected tags ask; the allow-list refuses before anyone is asked.
    when: ({ image }, client: DockerClient) => {
      const { ref, tag } = target(image);
      checkPush(client.config, ref);
      return protectedTags(client.config, [tag]).length > 0;
    },
    message: ({ image }) =>
      `Push ${image}, replacing the protected tag in the registry for everyone who pulls it.`,
  },
  // A push is content-addressed: pushing the same tag again changes nothing in the registry.
  idempotent: true,
  summary: (out) => `Pushed ${out.reference} (${out.digest})`,
  run: async ({ image }, ctx: ToolContext<DockerClient>) => {
    const { ref, tag } = target(image);
    checkPush(ctx.client.config, ref);
    return pushImage(ctx, ref, tag);
  },
});
