import { defineTool, PlatformError, sensitive, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiEnvVar } from "../api-types.js";
import type { VercelClient } from "../client.js";
import { envTarget, targetsOf } from "../shapes.js";

export const envSet = defineTool({
  name: "vercel_env_set",
  title: "Set an environment variable",
  description:
    "Creates or overwrites a project's environment variable for the given targets. The value is stored encrypted by default and never echoed. Needs the user's confirmation.",
  input: z.object({
    project: z.string().min(1).describe("Project name or id"),
    key: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]*$/,
        "use letters, digits and underscores, not starting with a digit",
      )
      .max(256),
    value: sensitive(z.string().min(1).max(65_536)).describe("The value; it is never shown back"),
    targets: z.array(envTarget).min(1).default(["production", "preview", "development"]),
    type: z
      .enum(["encrypted", "sensitive", "plain"])
      .default("encrypted")
      .describe("sensitive values can never be read back, even in Vercel's UI"),
    git_branch: z.string().min(1).optional().describe("Limit a preview variable to one branch"),
  }),
  output: z.object({
    project: z.string(),
    id: z.string(),
    key: z.string(),
    type: z.string(),
    targets: z.array(z.string()),
    git_branch: z.string().nullable(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  // Confirmed: an upsert replaces the value the running app reads, and an encrypted or sensitive
  // value cannot be read back to undo it, so a wrong call can break production.
  confirm: {
    message: ({ project, key, targets, git_branch }) =>
      `Set ${key} in Vercel project ${project} for ${targets.join(", ")}${git_branch ? ` (branch ${git_branch})` : ""}, replacing any value it has there; the old value cannot be recovered.`,
  },
  summary: (out) => `Set ${out.key} in ${out.project} for ${out.targets.join(", ")} (value hidden)`,
  run: async (
    { project, key, value, targets, type, git_branch },
    ctx: ToolContext<VercelClient>,
  ) => {
    const result = await ctx.client.http.request<{
      created?: ApiEnvVar | ApiEnvVar[];
      failed?: Array<{ error?: { code?: string; message?: string } }>;
    }>("POST", `/v10/projects/${encodeURIComponent(project)}/env`, {
      query: { upsert: "true" },
      body: { key, value, type, target: targets, gitBranch: git_branch },
      signal: ctx.signal,
    });
    const env = Array.isArray(result.created) ? result.created[0] : result.created;
    if (!env) {
      // Vercel answers 200 with per-variable failures in `failed` (e.g. a conflicting target).
      const failure = result.failed?.[0]?.error;
      throw new PlatformError(
        failure?.code === "ENV_CONFLICT" || failure?.code === "ENV_ALREADY_EXISTS"
          ? "conflict"
          : "invalid_request",
        `Vercel did not set ${key}: ${failure?.message ?? "no variable was created"}`,
      );
    }
    return {
      project,
      id: env.id,
      key: env.key,
      type: env.type,
      targets: env.target === undefined ? targets : targetsOf(env.target),
      git_branch: env.gitBranch ?? null,
    };
  },
});
