import { z } from "zod";
import { PlatformError } from "./errors.js";

/** Input fields of every paginated list tool. */
export const pageInput = {
  cursor: z
    .string()
    .min(1)
    .optional()
    .describe("Opaque cursor from a previous page's next_cursor; omit for the first page."),
  limit: z.number().int().min(1).max(100).default(20).describe("Items per page (1-100)."),
};

/** Output field of every paginated list tool: null on the last page, never a silent truncation. */
export const nextCursorOutput = z
  .string()
  .nullable()
  .describe("Pass as cursor to get the next page; null when there are no more items.");

export function encodeCursor(state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(state), "utf8").toString("base64url");
}

export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the error below
  }
  throw new PlatformError(
    "invalid_request",
    "cursor is not valid; pass next_cursor exactly as a previous page returned it, or omit it",
  );
}
