import { defineTool, sensitive, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { toUser, userIdInput, userOutput } from "../shapes.js";

export const authUserUpdate = defineTool({
  name: "supabase_auth_user_update",
  title: "Update an Auth user",
  description:
    "Updates a Supabase Auth user's email, password, email confirmation or metadata (metadata keys are merged).",
  input: z.object({
    id: userIdInput,
    email: z.email().max(320).optional(),
    password: sensitive(z.string().min(6).max(72))
      .optional()
      .describe("New password; never echoed"),
    email_confirm: z.boolean().optional(),
    user_metadata: z.record(z.string(), z.unknown()).optional(),
  }),
  output: userOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `Updated user ${out.id}`,
  run: async ({ id, ...changes }, ctx: ToolContext<ApiClient>) => {
    const api = ctx.client.api(ctx.signal);
    const { user } = api.unwrap(await api.sb.auth.admin.updateUserById(id, changes));
    if (!user) throw new Error("Auth answered without a user");
    return toUser(user);
  },
});
