import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import { runBuild } from "../build.js";
import { prepareContext } from "../build-context.js";
import type { DockerClient } from "../client.js";
import { engineName, parseReference } from "../reference.js";
import { buildInput, buildOutput, formatBytes } from "../shapes.js";

export const imageBuild = defineTool({
  name: "docker_image_build",
  title: "Build an image",
  description:
    "Builds an image from a context under DOCKER_BUILD_ROOTS (.dockerignore honoured, no network). Reports progress per step; a failure returns the last lines of output.",
  input: z.object({
    ...buildInput,
    tags: z
      .array(z.string().min(1).max(255))
      .min(1)
      .max(20)
      .describe("References to tag the image with (repository:tag)"),
  }),
  output: z.object(buildOutput),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  summary: (out) =>
    `Built ${out.id.slice(0, 19)} (${formatBytes(out.size)}) as ${out.tags.join(", ")}`,
  run: async (input, ctx: ToolContext<DockerClient>) => {
    const tags = input.tags.map((tag) => {
      const ref = parseReference(tag);
      return `${engineName(ref)}:${ref.tag ?? "latest"}`;
    });
    const context = await prepareContext(ctx.client.config, input.context, input.dockerfile);
    return runBuild(ctx, {
      context,
      tags,
      buildArgs: { ...input.build_args, ...input.secret_build_args },
      target: input.target,
      platform: input.platform,
    });
  },
});
