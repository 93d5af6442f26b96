import { checkAllowList, defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { GetMetricStatisticsCommand, type Statistic } from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { METRIC_NAMESPACE } from "../allow-list.js";
import type { AwsClients } from "../clients.js";
import { parseRange, timeInput } from "../time-range.js";

const STATISTICS = ["Average", "Sum", "Minimum", "Maximum", "SampleCount"] as const;
const MAX_DATAPOINTS = 1440;

export const metricStatisticsGet = defineTool({
  name: "aws_metric_statistics_get",
  title: "Read metric statistics",
  description:
    "Reads CloudWatch statistics (average, sum, min, max, count) of one metric over a time range, one datapoint per period, oldest first.",
  input: z.object({
    namespace: z.string().min(1).max(255).describe("e.g. AWS/Lambda, AWS/DynamoDB or a custom one"),
    metric_name: z.string().min(1).max(255).describe("e.g. Invocations, Errors, Latency"),
    dimensions: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .describe("Exact dimensions of the metric, e.g. { FunctionName: my-fn }"),
    statistics: z.array(z.enum(STATISTICS)).min(1).max(5).default(["Average"]),
    start: timeInput("3h"),
    end: timeInput("now"),
    period_seconds: z
      .number()
      .int()
      .min(1)
      .default(300)
      .describe("Seconds per datapoint: 1, 5, 10, 30 or a multiple of 60 (default 300)"),
    unit: z.string().min(1).optional(),
  }),
  output: z.object({
    label: z.string(),
    datapoints: z.array(
      z.object({
        timestamp: z.string(),
        unit: z.string().nullable(),
        average: z.number().optional(),
        sum: z.number().optional(),
        minimum: z.number().optional(),
        maximum: z.number().optional(),
        sample_count: z.number().optional(),
      }),
    ),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.label}: ${out.datapoints.length} datapoint(s)`,
  run: async (input, ctx: ToolContext<AwsClients>) => {
    checkAllowList(METRIC_NAMESPACE, ctx.client.config.metricNamespaces, input.namespace);
    const { from, to } = parseRange(input.start, input.end, 455 * 86_400_000);
    const period = input.period_seconds;
    if (period >= 60 ? period % 60 !== 0 : ![1, 5, 10, 30].includes(period)) {
      throw new PlatformError(
        "invalid_request",
        "period_seconds must be 1, 5, 10, 30 or a multiple of 60",
      );
    }
    const points = Math.ceil((to - from) / 1000 / period);
    if (points > MAX_DATAPOINTS) {
      throw new PlatformError(
        "invalid_request",
        `That asks for ${points} datapoints; CloudWatch returns at most ${MAX_DATAPOINTS} per call. Raise period_seconds to at least ${Math.ceil((to - from) / 1000 / MAX_DATAPOINTS / 60) * 60} or narrow the range.`,
      );
    }
    const out = await ctx.client.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: input.namespace,
        MetricName: input.metric_name,
        Dimensions: Object.entries(input.dimensions ?? {}).map(([Name, Value]) => ({
          Name,
          Value,
        })),
        StartTime: new Date(from),
        EndTime: new Date(to),
        Period: period,
        Statistics: input.statistics as Statistic[],
        Unit: input.unit as never,
      }),
      { abortSignal: ctx.signal },
    );
    const datapoints = (out.Datapoints ?? [])
      .map((d) => ({
        timestamp: d.Timestamp?.toISOString() ?? "",
        unit: d.Unit ?? null,
        ...(d.Average === undefined ? {} : { average: d.Average }),
        ...(d.Sum === undefined ? {} : { sum: d.Sum }),
        ...(d.Minimum === undefined ? {} : { minimum: d.Minimum }),
        ...(d.Maximum === undefined ? {} : { maximum: d.Maximum }),
        ...(d.SampleCount === undefined ? {} : { sample_count: d.SampleCount }),
      }))
      .sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
    return { label: out.Label ?? input.metric_name, datapoints };
  },
});
