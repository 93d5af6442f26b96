import { decodeCursor, encodeCursor } from "@agent-mesh/core";
import { z } from "zod";

const state = z.object({ token: z.string() });

/** AWS's own next-page token, out of the opaque cursor a previous page returned. */
export const tokenFrom = (cursor: string | undefined): string | undefined =>
  cursor === undefined ? undefined : decodeCursor(cursor, state).token;

/** The opaque cursor for AWS's next-page token; null on the last page. */
export const cursorFor = (token: string | undefined): string | null =>
  token ? encodeCursor({ token }) : null;
