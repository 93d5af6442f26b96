import { defineTool, type ToolContext, untrusted, untrustedSchema } from "@agent-mesh/core";
import { z } from "zod";
import type { SegmentClient } from "../client.js";
import { checkSource, checkTimeRange, sourceId } from "../workspace.js";

const series = z.array(z.object({ time: z.string(), count: z.number() }));
const counts = z.object({
  total: z.number(),
  events: z.array(z.object({ event: z.string().nullable(), total: z.number(), series })),
});

interface Dataset {
  eventName?: string;
  total: number;
  series: Array<{ time: string; count: number }>;
}

function toCounts(data: { total: number; dataset: Dataset[] } | undefined) {
  return {
    total: data?.total ?? 0,
    events: (data?.dataset ?? []).map((d) => ({
      event: d.eventName ?? null,
      total: d.total,
      series: d.series.map(({ time, count }) => ({ time, count })),
    })),
  };
}

export const deliveryMetricsGet = defineTool({
  name: "segment_delivery_metrics_get",
  title: "Get a source's delivery metrics",
  description:
    "Counts the events a source received successfully and those it failed to ingest over a time range (Delivery Overview), in time buckets.",
  input: z.object({
    source_id: sourceId,
    start_time: z.iso.datetime({ offset: true }).describe("Start, ISO 8601"),
    end_time: z.iso.datetime({ offset: true }).describe("End, ISO 8601"),
    granularity: z
      .enum(["minute", "hour", "day"])
      .default("hour")
      .describe("Bucket size: minute (range up to 4 h), hour (14 days), day (30 days)"),
    by_event: z.boolean().default(false).describe("One series per event name"),
  }),
  output: z.object({
    source_id: z.string(),
    start_time: z.string(),
    end_time: z.string(),
    granularity: z.string(),
    // Event names come from whoever sends events to the source: third-party text.
    received: untrustedSchema(counts),
    failed: untrustedSchema(counts),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `Source ${out.source_id}: ${out.received.data.total} received, ${out.failed.data.total} failed (${out.start_time} to ${out.end_time})`,
  run: async (input, ctx: ToolContext<SegmentClient>) => {
    const { source_id, start_time, end_time, granularity, by_event } = input;
    checkSource(ctx.client.config.sources, source_id);
    checkTimeRange(start_time, end_time, granularity);
    const api = ctx.client.workspace().deliveryOverview;
    const groupBy = by_event ? ["eventName"] : undefined;
    const page = { count: 200 };
    const [ok, failed] = await Promise.all([
      api.getIngressSuccessMetricsFromDeliveryOverview(
        source_id,
        start_time,
        end_time,
        granularity,
        page,
        groupBy,
      ),
      api.getIngressFailedMetricsFromDeliveryOverview(
        source_id,
        start_time,
        end_time,
        granularity,
        page,
        groupBy,
      ),
    ]);
    return {
      source_id,
      start_time,
      end_time,
      granularity,
      received: untrusted(toCounts(ok.body.data as never)),
      failed: untrusted(toCounts(failed.body.data as never)),
    };
  },
});
