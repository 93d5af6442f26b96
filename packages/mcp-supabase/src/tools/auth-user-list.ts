import {
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  pageInput,
  type ToolContext,
} from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { toUser, userOutput } from "../shapes.js";

const cursorState = z.object({ page: z.number().int().min(1), per_page: z.number().int().min(1) });

export const authUserList = defineTool({
  name: "supabase_auth_user_list",
  title: "List Auth users",
  description: "Lists Supabase Auth users, oldest first, a page at a time.",
  input: z.object({ ...pageInput }),
  output: z.object({
    users: z.array(userOutput),
    total: z.number().int(),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.users.length} of ${out.total} user(s)${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    // Auth pages by number: the cursor keeps the page size it was issued with.
    const state = input.cursor
      ? decodeCursor(input.cursor, cursorState)
      : { page: 1, per_page: input.limit };
    const api = ctx.client.api(ctx.signal);
    const data = api.unwrap(
      await api.sb.auth.admin.listUsers({ page: state.page, perPage: state.per_page }),
    ) as { users: Parameters<typeof toUser>[0][]; total?: number };
    const total = Number(data.total ?? 0);
    const more = state.page * state.per_page < total;
    return {
      users: data.users.map(toUser),
      total,
      next_cursor: more ? encodeCursor({ page: state.page + 1, per_page: state.per_page }) : null,
    };
  },
});
