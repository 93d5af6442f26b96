import {
  allowedResource,
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  pageInput,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import { TABLE } from "../allow-list.js";
import type { AwsClients } from "../clients.js";
import { tableInput } from "../kv.js";
import { entryOutput, partitionOf, streamInput, toEntry } from "../timeline.js";

const cursorState = z.object({ sk: z.string() });

export const timelineList = defineTool({
  name: "aws_timeline_list",
  title: "Read the timeline",
  description:
    "Reads a timeline stream's entries, newest first, optionally only those since a time.",
  input: z.object({
    stream: streamInput,
    since: z.iso
      .datetime({ offset: true })
      .optional()
      .describe("Only entries after this time (ISO 8601)"),
    kind: z.string().min(1).max(100).optional().describe("Only entries of this kind"),
    table: tableInput,
    ...pageInput,
  }),
  output: z.object({
    entries: untrustedSchema(z.array(entryOutput)),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.entries.data.length} entr${out.entries.data.length === 1 ? "y" : "ies"}${out.next_cursor ? "; more available" : ""}`,
  run: async ({ stream, since, kind, table, cursor, limit }, ctx: ToolContext<AwsClients>) => {
    const TableName = allowedResource(TABLE, ctx.client.config.tables, table);
    const pk = partitionOf(stream);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, cursorState).sk;
    const values: Record<string, AttributeValue> = { ":pk": { S: pk } };
    if (since !== undefined) values[":since"] = { S: new Date(since).toISOString() };
    if (kind !== undefined) values[":kind"] = { S: kind };
    const page = await ctx.client.dynamodb.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: `pk = :pk${since === undefined ? "" : " AND sk > :since"}`,
        ...(kind === undefined ? {} : { FilterExpression: "kind = :kind" }),
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: limit,
        ...(after === undefined ? {} : { ExclusiveStartKey: { pk: { S: pk }, sk: { S: after } } }),
      }),
      { abortSignal: ctx.signal },
    );
    const next = page.LastEvaluatedKey?.sk?.S;
    return {
      entries: untrusted((page.Items ?? []).map(toEntry)),
      next_cursor: next === undefined ? null : encodeCursor({ sk: next }),
    };
  },
});
