import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiDeployment } from "../api-types.js";
import type { VercelClient } from "../client.js";
import {
  deploymentId,
  deploymentOutput,
  deploymentRef,
  deploymentSummary,
  toDeployment,
} from "../shapes.js";

export const deploymentGet = defineTool({
  name: "vercel_deployment_get",
  title: "Get a deployment",
  description:
    "Reads a deployment's state (QUEUED, BUILDING, READY, ERROR, CANCELED), URL, aliases and error.",
  input: z.object({ deployment_id: deploymentId }),
  output: deploymentOutput,
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: deploymentSummary,
  run: async ({ deployment_id }, ctx: ToolContext<VercelClient>) => {
    const path = `/v13/deployments/${encodeURIComponent(deploymentRef(deployment_id))}`;
    return toDeployment(
      await ctx.client.http.request<ApiDeployment>("GET", path, { signal: ctx.signal }),
    );
  },
});
