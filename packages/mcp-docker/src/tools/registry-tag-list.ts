import {
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  PlatformError,
  pageInput,
  type ToolContext,
} from "@agent-mesh/core";
import { z } from "zod";
import type { DockerClient } from "../client.js";
import { checkRead } from "../policy.js";
import { engineName, parseReference } from "../reference.js";
import { MANIFEST_TYPES, registryFetch } from "../registry.js";

const cursorState = z.object({ last: z.string().min(1) });

export const registryTagList = defineTool({
  name: "docker_registry_tag_list",
  title: "List a repository's tags",
  description:
    "Lists the tags of a registry repository with each tag's manifest digest (Registry v2 API). The repository must match DOCKER_PUSH_ALLOW or DOCKER_READ_ALLOW.",
  input: z.object({
    repository: z
      .string()
      .min(1)
      .max(255)
      .describe("registry/repository, e.g. registry.example.com/team/app"),
    ...pageInput,
  }),
  output: z.object({
    repository: z.string(),
    tags: z.array(z.object({ tag: z.string(), digest: z.string().nullable() })),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.tags.length} tag(s) in ${out.repository}${out.next_cursor ? "; more available" : ""}`,
  run: async ({ repository, limit, cursor }, ctx: ToolContext<DockerClient>) => {
    const ref = parseReference(repository);
    if (ref.tag || ref.digest || !ref.explicitRegistry) {
      throw new PlatformError(
        "invalid_request",
        `repository "${repository}" must be registry/repository without a tag (registry.example.com/team/app).`,
      );
    }
    checkRead(ctx.client.config, ref);
    const last = cursor ? decodeCursor(cursor, cursorState).last : undefined;
    const query = new URLSearchParams({ n: String(limit) });
    if (last) query.set("last", last);
    const base = `/v2/${ref.repository}`;
    const response = await registryFetch(ctx.client, ref.registry, `${base}/tags/list?${query}`, {
      signal: ctx.signal,
    });
    const body = (await response.json()) as { tags?: string[] | null };
    // Registries that ignore n and last (distribution before v3) answer every tag: page them here,
    // in the lexical order the spec gives, so nothing is cut off silently.
    const after = (body.tags ?? [])
      .filter((tag) => last === undefined || tag > last)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const names = after.slice(0, limit);
    const tags = [];
    for (const tag of names) {
      const head = await registryFetch(ctx.client, ref.registry, `${base}/manifests/${tag}`, {
        method: "HEAD",
        accept: MANIFEST_TYPES,
        signal: ctx.signal,
      });
      tags.push({ tag, digest: head.headers.get("docker-content-digest") });
    }
    const more = after.length > limit || /rel="?next"?/.test(response.headers.get("link") ?? "");
    const final = names.at(-1);
    return {
      repository: engineName(ref),
      tags,
      next_cursor: more && final ? encodeCursor({ last: final }) : null,
    };
  },
});
