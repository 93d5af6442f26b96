import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { toUser, userIdInput, userOutput } from "../shapes.js";

export const authUserGet = defineTool({
  name: "supabase_auth_user_get",
  title: "Get an Auth user",
  description: "Gets one Supabase Auth user by id.",
  input: z.object({ id: userIdInput }),
  output: userOutput,
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `User ${out.id} (${out.email})`,
  run: async ({ id }, ctx: ToolContext<ApiClient>) => {
    const api = ctx.client.api(ctx.signal);
    const { user } = api.unwrap(await api.sb.auth.admin.getUserById(id));
    if (!user) throw new Error("Auth answered without a user");
    return toUser(user);
  },
});
