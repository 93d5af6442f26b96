import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { SegmentClient } from "../client.js";
import { checkSource, sourceId, sourceOutput, toSource, writeKeyName } from "../workspace.js";

export const sourceGet = defineTool({
  name: "segment_source_get",
  title: "Get a source",
  description:
    "Gets one source with its tracking plan and the names of its write keys (fingerprints, never the keys).",
  input: z.object({ source_id: sourceId }),
  output: sourceOutput.extend({
    workspace_id: z.string(),
    tracking_plan_id: z.string().nullable(),
    write_keys: z
      .array(z.string())
      .describe("Fingerprints (wk_ + 12 hex of SHA-256) of the source's write keys"),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `Source ${out.slug} (${out.enabled ? "enabled" : "disabled"}), ${out.write_keys.length} write key(s)`,
  run: async ({ source_id }, ctx: ToolContext<SegmentClient>) => {
    checkSource(ctx.client.config.sources, source_id);
    const { body } = await ctx.client.workspace().sources.getSource(source_id);
    const source = body.data?.source;
    if (!source) throw new Error("Segment answered getSource without a source");
    return {
      ...toSource(source),
      workspace_id: source.workspaceId,
      tracking_plan_id: body.data?.trackingPlanId ?? null,
      write_keys: source.writeKeys.map(writeKeyName),
    };
  },
});
