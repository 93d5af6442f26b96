import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiDeployment } from "../api-types.js";
import { requireLinkedRepo, type VercelClient } from "../client.js";
import { deploymentOutput, deploymentSummary, toDeployment } from "../shapes.js";

export const deploymentCreate = defineTool({
  name: "vercel_deployment_create",
  title: "Deploy a git ref",
  description:
    "Starts a deployment of a project from a branch, tag or commit of its connected git repository. Returns at once in QUEUED; poll vercel_deployment_get for READY or ERROR.",
  input: z.object({
    project: z.string().min(1).describe("Project name or id (prj_...)"),
    ref: z.string().min(1).max(255).describe("Branch, tag or commit SHA to deploy"),
    target: z
      .enum(["production", "preview"])
      .default("preview")
      .describe("production updates the production domains"),
  }),
  output: deploymentOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // Vercel documents no idempotency key for POST /v13/deployments, so ctx.idempotencyKey has
  // nowhere to go: retries are made safe by core's idempotency store alone (the caller's key for
  // 24 h, identical arguments for 60 s). A platform with a provider key forwards it (docs/new-platform.md).
  idempotent: true,
  summary: deploymentSummary,
  run: async ({ project, ref, target }, ctx: ToolContext<VercelClient>) => {
    const found = await ctx.client.project(project, ctx.signal);
    const link = requireLinkedRepo(found);
    const deployment = await ctx.client.http.request<ApiDeployment>("POST", "/v13/deployments", {
      body: {
        name: found.name,
        project: found.id,
        target: target === "production" ? "production" : undefined,
        gitSource: { type: link.type ?? "github", repoId: link.repoId, ref },
      },
      signal: ctx.signal,
    });
    return toDeployment(deployment);
  },
});
