import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { DockerClient } from "../client.js";
import { localImage } from "../shapes.js";

export const imageRemove = defineTool({
  name: "docker_image_remove",
  title: "Remove an image",
  description:
    "Removes a local image or one of its tags (docker rmi). Asks first. force also removes an image used by stopped containers.",
  input: z.object({
    image: localImage.describe("Image id, repository:tag or digest"),
    force: z.boolean().default(false).describe("Remove even when stopped containers use it"),
  }),
  output: z.object({
    untagged: z.array(z.string()),
    deleted: z.array(z.string()),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: false,
  },
  confirm: {
    message: ({ image, force }) =>
      `Remove the local image ${image}${force ? " even if stopped containers use it" : ""}; it must be rebuilt or pulled to be used again.`,
  },
  // Core's store runs a retried removal once; the engine has no idempotency mechanism.
  idempotent: true,
  summary: (out) => `Untagged ${out.untagged.length}, deleted ${out.deleted.length} layer(s)`,
  run: async ({ image, force }, ctx: ToolContext<DockerClient>) => {
    const answer = (await ctx.client.docker.getImage(image).remove({ force })) as Array<{
      Untagged?: string;
      Deleted?: string;
    }>;
    return {
      untagged: answer.flatMap((item) => (item.Untagged ? [item.Untagged] : [])),
      deleted: answer.flatMap((item) => (item.Deleted ? [item.Deleted] : [])),
    };
  },
});
