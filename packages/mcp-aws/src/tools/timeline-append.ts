import { randomUUID } from "node:crypto";
import { allowedResource, defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { type AttributeValue, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import { TABLE } from "../allow-list.js";
import type { AwsClients } from "../clients.js";
import { itemSize, MAX_ITEM_BYTES, tableInput } from "../kv.js";
import { entryOutput, nextTimestamp, partitionOf, streamInput, toEntry } from "../timeline.js";

export const timelineAppend = defineTool({
  name: "aws_timeline_append",
  title: "Append to the timeline",
  description:
    "Appends an entry (message, optional kind, actor and JSON data) to a timeline stream in DynamoDB, for a shared record of what agents did.",
  input: z.object({
    message: z.string().min(1).max(10_000),
    stream: streamInput,
    kind: z.string().min(1).max(100).optional().describe("Entry type, e.g. decision, deploy, note"),
    actor: z.string().min(1).max(200).optional().describe("Who or what acted"),
    data: z.json().optional().describe("Any JSON to attach"),
    table: tableInput,
  }),
  output: entryOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // DynamoDB's PutItem takes no idempotency token: core's store makes retries append once.
  idempotent: true,
  summary: (out) => `Appended ${out.id} to ${out.stream}`,
  run: async ({ message, stream, kind, actor, data, table }, ctx: ToolContext<AwsClients>) => {
    const TableName = allowedResource(TABLE, ctx.client.config.tables, table);
    const id = randomUUID();
    const timestamp = nextTimestamp();
    const item: Record<string, AttributeValue> = {
      pk: { S: partitionOf(stream) },
      sk: { S: `${timestamp}#${id}` },
      id: { S: id },
      created_at: { S: timestamp },
      message: { S: message },
    };
    if (kind !== undefined) item.kind = { S: kind };
    if (actor !== undefined) item.actor = { S: actor };
    if (data !== undefined) item.data = { S: JSON.stringify(data) };
    if (itemSize(item) > MAX_ITEM_BYTES) {
      throw new PlatformError(
        "invalid_request",
        `The entry is ${itemSize(item).toLocaleString("en-US")} bytes; a DynamoDB item holds at most ${MAX_ITEM_BYTES.toLocaleString("en-US")}. Store large data with aws_artifact_put and reference its key.`,
      );
    }
    await ctx.client.dynamodb.send(
      new PutItemCommand({
        TableName,
        Item: item,
        // A fresh id never collides; if it did, refusing beats overwriting history.
        ConditionExpression: "attribute_not_exists(sk)",
      }),
      { abortSignal: ctx.signal },
    );
    return toEntry(item);
  },
});
