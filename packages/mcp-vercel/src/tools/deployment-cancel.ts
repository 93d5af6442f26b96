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

export const deploymentCancel = defineTool({
  name: "vercel_deployment_cancel",
  title: "Cancel a deployment",
  description: "Stops a QUEUED or BUILDING deployment for good. Needs the user's confirmation.",
  input: z.object({ deployment_id: deploymentId }),
  output: deploymentOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: {
    message: ({ deployment_id }) =>
      `Cancel Vercel deployment ${deployment_id}: its build stops and it can never go live.`,
  },
  summary: deploymentSummary,
  run: async ({ deployment_id }, ctx: ToolContext<VercelClient>) => {
    const id = encodeURIComponent(deploymentRef(deployment_id));
    return toDeployment(
      await ctx.client.http.request<ApiDeployment>("PATCH", `/v12/deployments/${id}/cancel`, {
        signal: ctx.signal,
      }),
    );
  },
});
