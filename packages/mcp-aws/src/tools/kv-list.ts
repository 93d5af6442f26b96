import {
  allowedResource,
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  pageInput,
  type ToolContext,
} from "@agent-mesh/core";
import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import { TABLE } from "../allow-list.js";
import type { AwsClients } from "../clients.js";
import { type Item, itemMeta, KV_PARTITION, nowSeconds, tableInput, toMeta } from "../kv.js";

const cursorState = z.object({ after: z.string() });
/** Round trips per page at most, when expired items fill DynamoDB's pages. */
const MAX_ROUNDS = 10;

export const kvList = defineTool({
  name: "aws_kv_list",
  title: "List remembered keys",
  description:
    "Lists keys in key-value memory (DynamoDB) in key order, optionally by prefix, without values; expired keys are skipped.",
  input: z.object({
    prefix: z.string().min(1).max(1024).optional().describe("Only keys starting with this"),
    table: tableInput,
    ...pageInput,
  }),
  output: z.object({ keys: z.array(itemMeta), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.keys.length} key(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ prefix, table, cursor, limit }, ctx: ToolContext<AwsClients>) => {
    const TableName = allowedResource(TABLE, ctx.client.config.tables, table);
    let after = cursor === undefined ? undefined : decodeCursor(cursor, cursorState).after;
    const keys: Item[] = [];
    let more = true;
    for (let round = 0; round < MAX_ROUNDS && more && keys.length < limit; round++) {
      const values: Record<string, AttributeValue> = {
        ":pk": { S: KV_PARTITION },
        ":now": { N: String(nowSeconds()) },
      };
      if (prefix !== undefined) values[":prefix"] = { S: prefix };
      const page = await ctx.client.dynamodb.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: `pk = :pk${prefix === undefined ? "" : " AND begins_with(sk, :prefix)"}`,
          FilterExpression: "attribute_not_exists(expires_at) OR expires_at > :now",
          // Keys and sizes only: values can be 400 KB each and are not returned here.
          ProjectionExpression: "sk, updated_at, expires_at, size_bytes",
          ExpressionAttributeValues: values,
          ConsistentRead: true,
          // DynamoDB counts items before the filter, so asking for what is missing never overshoots.
          Limit: limit - keys.length,
          ...(after === undefined
            ? {}
            : { ExclusiveStartKey: { pk: { S: KV_PARTITION }, sk: { S: after } } }),
        }),
        { abortSignal: ctx.signal },
      );
      keys.push(...(page.Items ?? []));
      after = page.LastEvaluatedKey?.sk?.S;
      more = after !== undefined;
    }
    return {
      keys: keys.map(toMeta),
      next_cursor: more && after !== undefined ? encodeCursor({ after }) : null,
    };
  },
});
