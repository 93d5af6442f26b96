import { defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import { runBuild } from "../build.js";
import { prepareContext } from "../build-context.js";
import type { DockerClient } from "../client.js";
import { checkPush } from "../policy.js";
import { pushImage } from "../push.js";
import { checkTag, engineName, parseReference } from "../reference.js";
import { buildInput, buildOutput, formatBytes, protectedTags, pushedOutput } from "../shapes.js";

const input = z.object({
  ...buildInput,
  image: z
    .string()
    .min(1)
    .max(255)
    .describe("registry/repository to push to, without a tag; must match DOCKER_PUSH_ALLOW"),
  tags: z.array(z.string().min(1).max(128)).min(1).max(20).describe("Tags to build and push"),
});

function target(image: string, tags: string[]) {
  const ref = parseReference(image);
  if (ref.tag || ref.digest) {
    throw new PlatformError(
      "invalid_request",
      `image "${image}" names a tag or digest; give registry/repository in image and the tags in tags.`,
    );
  }
  return { ref, tags: tags.map(checkTag) };
}

export const buildPush = defineTool({
  name: "docker_build_push",
  title: "Build and push an image",
  description:
    "Builds an image from a context under DOCKER_BUILD_ROOTS and pushes each tag to an allowed registry; returns the image and the pushed digests.",
  input,
  output: z.object({ ...buildOutput, pushed: z.array(pushedOutput) }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: {
    when: ({ image, tags }, client: DockerClient) => {
      const { ref, tags: checked } = target(image, tags);
      checkPush(client.config, ref);
      return protectedTags(client.config, checked).length > 0;
    },
    message: ({ image, tags }) =>
      `Build and push ${image} as ${tags.join(", ")}, replacing protected tags in the registry for everyone who pulls them.`,
  },
  // Building and pushing the same context again gives the same tags and digests.
  idempotent: true,
  summary: (out) =>
    `Built ${out.id.slice(0, 19)} (${formatBytes(out.size)}), pushed ${out.pushed.map((p) => `${p.reference} ${p.digest}`).join(", ")}`,
  run: async (input, ctx: ToolContext<DockerClient>) => {
    const { ref, tags } = target(input.image, input.tags);
    checkPush(ctx.client.config, ref);
    const context = await prepareContext(ctx.client.config, input.context, input.dockerfile);
    const name = engineName(ref);
    // One progress scale for both phases (MCP progress only grows): build 0-80, push 80-100.
    const scaled = (from: number, span: number): ToolContext<DockerClient> => ({
      ...ctx,
      progress: (value, total, message) =>
        ctx.progress(from + (span * value) / (total || 1), 100, message),
    });
    const built = await runBuild(scaled(0, 80), {
      context,
      tags: tags.map((tag) => `${name}:${tag}`),
      buildArgs: { ...input.build_args, ...input.secret_build_args },
      target: input.target,
      platform: input.platform,
    });
    const pushed = [];
    for (const [index, tag] of tags.entries()) {
      pushed.push(await pushImage(scaled(80, 20), ref, tag, { done: index, total: tags.length }));
    }
    return { ...built, pushed };
  },
});
