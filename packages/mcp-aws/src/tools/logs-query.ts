import { setTimeout as sleep } from "node:timers/promises";
import {
  allowedResource,
  defineTool,
  PlatformError,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import {
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryCommand,
  StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { z } from "zod";
import { LOG_GROUP } from "../allow-list.js";
import type { AwsClients } from "../clients.js";
import { parseRange, timeInput } from "../time-range.js";

const MAX_RANGE_MS = 30 * 86_400_000;
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 1_000;

export const logsQuery = defineTool({
  name: "aws_logs_query",
  title: "Query logs",
  description:
    "Runs a CloudWatch Logs Insights query over log groups for a bounded time range (at most 30 days), reports progress while it runs, and returns the rows. Cancelling the call stops the query.",
  input: z.object({
    query: z
      .string()
      .min(1)
      .max(10_000)
      .describe(
        "Insights query, e.g. fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 20",
      ),
    log_groups: z
      .array(z.string().min(1))
      .min(1)
      .max(50)
      .optional()
      .describe("Log group names (default: the first in AGENT_MESH_AWS_LOG_GROUPS)"),
    start: timeInput("1h"),
    end: timeInput("now"),
    limit: z.number().int().min(1).max(10_000).default(100).describe("Most rows to return"),
    max_wait_seconds: z.number().int().min(1).max(900).default(60),
  }),
  output: z.object({
    query_id: z.string(),
    status: z.string(),
    rows: untrustedSchema(z.array(z.record(z.string(), z.string()))),
    statistics: z.object({
      records_matched: z.number(),
      records_scanned: z.number(),
      bytes_scanned: z.number(),
    }),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.rows.data.length} row(s); ${out.statistics.records_matched} of ${out.statistics.records_scanned} records matched`,
  run: async (input, ctx: ToolContext<AwsClients>) => {
    const list = ctx.client.config.logGroups;
    const groups =
      input.log_groups === undefined
        ? [allowedResource(LOG_GROUP, list)]
        : input.log_groups.map((group) => allowedResource(LOG_GROUP, list, group));
    const { from, to } = parseRange(input.start, input.end, MAX_RANGE_MS);
    const logs = ctx.client.logs;
    const { queryId } = await logs.send(
      new StartQueryCommand({
        logGroupNames: groups,
        startTime: Math.floor(from / 1000),
        endTime: Math.ceil(to / 1000),
        queryString: input.query,
        limit: input.limit,
      }),
      { abortSignal: ctx.signal },
    );
    if (!queryId)
      throw new PlatformError("upstream_unavailable", "CloudWatch Logs started no query");

    const stop = () => logs.send(new StopQueryCommand({ queryId })).catch(() => undefined);
    const deadline = Date.now() + input.max_wait_seconds * 1000;
    let wait = FIRST_POLL_MS;
    let result: GetQueryResultsCommandOutput;
    for (let poll = 1; ; poll++) {
      try {
        await sleep(wait, undefined, { signal: ctx.signal });
        result = await logs.send(new GetQueryResultsCommand({ queryId }), {
          abortSignal: ctx.signal,
        });
      } catch (err) {
        // Cancelled, or polling failed: either way nobody will read this query; stop paying for it.
        await stop();
        throw err;
      }
      const status = result.status ?? "Unknown";
      if (!["Scheduled", "Running"].includes(status)) break;
      const scanned = result.statistics?.recordsScanned ?? 0;
      await ctx.progress(
        poll,
        undefined,
        `${status}: ${scanned.toLocaleString("en-US")} records scanned`,
      );
      if (Date.now() >= deadline) {
        await stop();
        throw new PlatformError(
          "timeout",
          `The query did not finish within ${input.max_wait_seconds} s and was stopped; narrow the time range or the log groups, or raise max_wait_seconds.`,
          { details: { query_id: queryId } },
        );
      }
      wait = Math.min(wait * 2, MAX_POLL_MS);
    }
    if (result.status !== "Complete") {
      throw new PlatformError(
        result.status === "Timeout" ? "timeout" : "upstream_unavailable",
        `The Logs Insights query ended ${result.status}.`,
        { details: { query_id: queryId } },
      );
    }
    const rows = (result.results ?? []).map((fields) =>
      Object.fromEntries(
        fields
          .filter((f) => f.field !== undefined && f.field !== "@ptr")
          .map((f) => [f.field as string, f.value ?? ""]),
      ),
    );
    return {
      query_id: queryId,
      status: result.status,
      rows: untrusted(rows),
      statistics: {
        records_matched: result.statistics?.recordsMatched ?? 0,
        records_scanned: result.statistics?.recordsScanned ?? 0,
        bytes_scanned: result.statistics?.bytesScanned ?? 0,
      },
    };
  },
});
