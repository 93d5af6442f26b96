import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { userIdInput } from "../shapes.js";

export const authUserDelete = defineTool({
  name: "supabase_auth_user_delete",
  title: "Delete an Auth user",
  description: "Deletes a Supabase Auth user for good, after confirmation.",
  input: z.object({ id: userIdInput }),
  output: z.object({ id: z.string(), deleted: z.literal(true) }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: { message: (input) => `Delete the Auth user ${input.id} permanently.` },
  idempotent: true,
  summary: (out) => `Deleted user ${out.id}`,
  run: async ({ id }, ctx: ToolContext<ApiClient>) => {
    const api = ctx.client.api(ctx.signal);
    api.unwrap(await api.sb.auth.admin.deleteUser(id));
    return { id, deleted: true as const };
  },
});
