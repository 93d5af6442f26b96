import { defineTool, sensitive, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { toUser, userOutput } from "../shapes.js";

export const authUserCreate = defineTool({
  name: "supabase_auth_user_create",
  title: "Create an Auth user",
  description:
    "Creates a Supabase Auth user with the admin API: email, optional password, confirmed or not, metadata.",
  input: z.object({
    email: z.email().max(320),
    password: sensitive(z.string().min(6).max(72))
      .optional()
      .describe("Initial password (6-72 characters); never echoed or logged"),
    email_confirm: z.boolean().default(false).describe("Mark the email as confirmed"),
    user_metadata: z.record(z.string(), z.unknown()).optional(),
  }),
  output: userOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // GoTrue has no idempotency keys; core's store makes a retried call create one user (and a
  // second create for the same email fails with email_exists anyway).
  idempotent: true,
  summary: (out) => `Created user ${out.id} (${out.email})`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    const api = ctx.client.api(ctx.signal);
    const { user } = api.unwrap(
      await api.sb.auth.admin.createUser({
        email: input.email,
        password: input.password,
        email_confirm: input.email_confirm,
        user_metadata: input.user_metadata,
      }),
    );
    if (!user) throw new Error("Auth answered without a user");
    return toUser(user);
  },
});
