import {
  checkAllowList,
  defineTool,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { identifier, schemaInput } from "../shapes.js";

export const rpcCall = defineTool({
  name: "supabase_rpc_call",
  title: "Call a Postgres function",
  description:
    "Calls a Postgres function through PostgREST's /rpc with named arguments and returns its result.",
  input: z.object({
    schema: schemaInput,
    function: identifier.describe("Function name, without the schema"),
    args: z.record(identifier, z.unknown()).default({}).describe("Named arguments"),
  }),
  output: z.object({ result: untrustedSchema(z.unknown()) }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  summary: (out) =>
    `Function returned ${Array.isArray(out.result.data) ? `${out.result.data.length} row(s)` : "a value"}`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    const { config } = ctx.client;
    checkAllowList({ noun: "schema", env: "SUPABASE_SCHEMAS" }, config.schemas, input.schema);
    checkAllowList(
      { noun: "function", env: "SUPABASE_FUNCTIONS" },
      config.functions,
      `${input.schema}.${input.function}`,
    );
    const api = ctx.client.api(ctx.signal);
    const data = api.unwrap(await api.sb.schema(input.schema).rpc(input.function, input.args));
    return { result: untrusted(data ?? null) };
  },
});
