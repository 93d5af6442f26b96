import {
  allowedResource,
  defineTool,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import { TABLE } from "../allow-list.js";
import type { AwsClients } from "../clients.js";
import { isExpired, isoOrNull, keyInput, keyOf, parseStored, tableInput } from "../kv.js";

export const kvGet = defineTool({
  name: "aws_kv_get",
  title: "Get a remembered value",
  description:
    "Reads a key from key-value memory (DynamoDB). Expired keys read as not found, even before DynamoDB deletes them.",
  input: z.object({ key: keyInput, table: tableInput }),
  output: z.object({
    key: z.string(),
    found: z.boolean(),
    value: untrustedSchema(z.unknown().describe("The JSON value as it was set"))
      .nullable()
      .describe("null when the key is absent or expired"),
    updated_at: z.string().nullable(),
    expires_at: z.string().nullable(),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => (out.found ? `${out.key}: found` : `${out.key}: not found`),
  run: async ({ key, table }, ctx: ToolContext<AwsClients>) => {
    const TableName = allowedResource(TABLE, ctx.client.config.tables, table);
    const { Item } = await ctx.client.dynamodb.send(
      new GetItemCommand({ TableName, Key: keyOf(key), ConsistentRead: true }),
      { abortSignal: ctx.signal },
    );
    if (!Item || isExpired(Item) || Item.value?.S === undefined) {
      return { key, found: false, value: null, updated_at: null, expires_at: null };
    }
    return {
      key,
      found: true,
      value: untrusted(parseStored(Item.value.S)),
      updated_at: Item.updated_at?.S ?? null,
      expires_at: isoOrNull(Item.expires_at?.N),
    };
  },
});
