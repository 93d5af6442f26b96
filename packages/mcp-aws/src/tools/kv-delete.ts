import { allowedResource, defineTool, type ToolContext } from "@agent-mesh/core";
import { DeleteItemCommand } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import { TABLE } from "../allow-list.js";
import type { AwsClients } from "../clients.js";
import { isExpired, keyInput, keyOf, tableInput } from "../kv.js";

export const kvDelete = defineTool({
  name: "aws_kv_delete",
  title: "Forget a value",
  description:
    "Deletes a key from key-value memory (DynamoDB). Deleting an absent key is not an error.",
  input: z.object({ key: keyInput, table: tableInput }),
  output: z.object({
    key: z.string(),
    deleted: z.boolean().describe("false when there was no live value under the key"),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: false,
  noConfirmReason:
    "Forgetting is routine for agent memory, which lives only in tables the operator allow-listed for agents (AGENT_MESH_AWS_TABLES); it deletes one key, never a table.",
  summary: (out) => `${out.key}: ${out.deleted ? "deleted" : "was not set"}`,
  run: async ({ key, table }, ctx: ToolContext<AwsClients>) => {
    const TableName = allowedResource(TABLE, ctx.client.config.tables, table);
    const { Attributes } = await ctx.client.dynamodb.send(
      new DeleteItemCommand({ TableName, Key: keyOf(key), ReturnValues: "ALL_OLD" }),
      { abortSignal: ctx.signal },
    );
    return { key, deleted: Attributes !== undefined && !isExpired(Attributes) };
  },
});
