import { allowedResource, defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import { TABLE } from "../allow-list.js";
import type { AwsClients } from "../clients.js";
import {
  type Item,
  itemMeta,
  keyInput,
  keyOf,
  MAX_ITEM_BYTES,
  nowSeconds,
  tableInput,
  toMeta,
  withSize,
} from "../kv.js";

export const kvSet = defineTool({
  name: "aws_kv_set",
  title: "Remember a value",
  description:
    "Stores a JSON value under a key in key-value memory (DynamoDB), replacing any value there; ttl_hours makes it expire.",
  input: z.object({
    key: keyInput,
    value: z.json().describe("Any JSON value; items are limited to 400 KB"),
    ttl_hours: z
      .number()
      .positive()
      .max(24 * 365 * 10)
      .optional()
      .describe("Hours until the value expires; omit to keep it"),
    table: tableInput,
  }),
  output: itemMeta,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  // No confirmation: writing agent memory is this tool's everyday purpose, only in tables the
  // operator listed for it (AGENT_MESH_AWS_TABLES); asking before every write would make memory
  // unusable, and the tool's description says it replaces the value.
  confirm: false,
  noConfirmReason:
    "Writing agent memory is its everyday purpose, only in tables the operator allow-listed for agents (AGENT_MESH_AWS_TABLES); the value it replaces is agent memory too, and asking before every write would make memory unusable.",
  summary: (out) =>
    `${out.key}: stored (${out.size_bytes} bytes)${out.expires_at ? `, expires ${out.expires_at}` : ""}`,
  run: async ({ key, value, ttl_hours, table }, ctx: ToolContext<AwsClients>) => {
    const TableName = allowedResource(TABLE, ctx.client.config.tables, table);
    const item: Item = {
      ...keyOf(key),
      value: { S: JSON.stringify(value) },
      updated_at: { S: new Date().toISOString() },
    };
    if (ttl_hours !== undefined) {
      item.expires_at = { N: String(nowSeconds() + Math.ceil(ttl_hours * 3600)) };
    }
    const sized = withSize(item);
    const size = Number(sized.size_bytes?.N);
    if (size > MAX_ITEM_BYTES) {
      throw new PlatformError(
        "invalid_request",
        `The value makes a ${size.toLocaleString("en-US")}-byte item; a DynamoDB item holds at most ${MAX_ITEM_BYTES.toLocaleString("en-US")} bytes. Store large data with aws_artifact_put and keep its key here instead.`,
        { details: { size_bytes: size, max_bytes: MAX_ITEM_BYTES } },
      );
    }
    await ctx.client.dynamodb.send(new PutItemCommand({ TableName, Item: sized }), {
      abortSignal: ctx.signal,
    });
    return toMeta(sized);
  },
});
