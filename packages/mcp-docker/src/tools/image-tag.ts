import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { DockerClient } from "../client.js";
import { checkTag, engineName, parseReference } from "../reference.js";
import { localImage } from "../shapes.js";

export const imageTag = defineTool({
  name: "docker_image_tag",
  title: "Tag an image",
  description: "Adds a tag to a local image (the engine's docker tag); nothing leaves the machine.",
  input: z.object({
    source: localImage.describe("Local image: id, repository:tag or digest"),
    target: z.string().min(1).max(255).describe("New reference, [registry/]repository:tag"),
  }),
  output: z.object({ source: z.string(), target: z.string() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  summary: (out) => `Tagged ${out.source} as ${out.target}`,
  run: async ({ source, target }, ctx: ToolContext<DockerClient>) => {
    const ref = parseReference(target);
    const tag = checkTag(ref.tag ?? "latest");
    const repo = engineName(ref);
    await ctx.client.docker.getImage(source).tag({ repo, tag });
    return { source, target: `${repo}:${tag}` };
  },
});
