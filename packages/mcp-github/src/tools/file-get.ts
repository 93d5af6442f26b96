import { defineTool, type ToolContext, untrusted, untrustedSchema } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { invalid, refInput, repoInput, repoOf } from "../shapes.js";

/** A relative path that stays inside the repository: no ., .. or empty segments, no controls. */
function safePath(path: string): boolean {
  if (path === "") return true;
  if (path.includes("\\") || [...path].some((ch) => ch.charCodeAt(0) < 32)) return false;
  return path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

export const fileGet = defineTool({
  name: "github_file_get",
  title: "Read a file",
  description: "Reads a text file (up to 1 MB) at a ref, or lists a directory.",
  input: z.object({
    repo: repoInput,
    path: z
      .string()
      .max(1024)
      .refine(safePath, { error: "a path inside the repository, without . or .. segments" })
      .describe("File or directory path, e.g. src/index.ts; empty for the root"),
    ref: refInput.optional().describe("Branch, tag or SHA"),
  }),
  output: z.object({
    path: z.string(),
    type: z.enum(["file", "dir"]),
    sha: z.string().nullable(),
    size: z.number(),
    content: untrustedSchema(z.string().nullable()),
    entries: z.array(z.object({ name: z.string(), type: z.string(), size: z.number() })),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    out.type === "dir"
      ? `${out.path || "/"}: ${out.entries.length} entr(ies)`
      : `${out.path}: ${out.size} bytes`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo } = repoOf(ctx.client, input.repo);
    const { data } = await ctx.client.octokit.rest.repos.getContent({
      owner,
      repo,
      path: input.path,
      ref: input.ref,
      request: { signal: ctx.signal },
    });
    if (Array.isArray(data)) {
      return {
        path: input.path,
        type: "dir" as const,
        sha: null,
        size: 0,
        content: untrusted(null),
        entries: data.map((e) => ({ name: e.name, type: e.type, size: e.size })),
      };
    }
    if (data.type !== "file" || !("content" in data)) {
      return invalid(`${input.path} is a ${data.type}, not a file or directory.`);
    }
    if (data.encoding !== "base64" || (data.content === "" && data.size > 0)) {
      return invalid(`${input.path} is ${data.size} bytes, over the 1 MB this tool reads.`);
    }
    return {
      path: data.path,
      type: "file" as const,
      sha: data.sha,
      size: data.size,
      content: untrusted(Buffer.from(data.content, "base64").toString("utf8")),
      entries: [],
    };
  },
});
