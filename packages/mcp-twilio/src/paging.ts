import { decodeCursor, encodeCursor, PlatformError } from "@agent-mesh/core";
import { z } from "zod";

const cursorState = z.object({ page_uri: z.string().min(1) });

/** Twilio's REST API 2010 host; page URIs are relative to it. */
const API_ORIGIN = "https://api.twilio.com";

/** The next page's cursor: the path and query of Twilio's next_page_uri, or null on the last. */
export function nextCursor(nextPageUrl: string | undefined): string | null {
  if (!nextPageUrl) return null;
  const url = new URL(nextPageUrl);
  return encodeCursor({ page_uri: `${url.pathname}${url.search}` });
}

/**
 * The absolute URL of the page a cursor names, refused unless it is a page of the same list of
 * the same account (`prefix`, e.g. /2010-04-01/Accounts/AC.../Messages.json), so a cursor can
 * never point the SDK elsewhere.
 */
export function pageUrl(cursor: string, prefix: string): string {
  const { page_uri } = decodeCursor(cursor, cursorState);
  if (!page_uri.startsWith(`${prefix}?`)) {
    throw new PlatformError(
      "invalid_request",
      "cursor belongs to another list; pass next_cursor exactly as this tool returned it, or omit it",
    );
  }
  return `${API_ORIGIN}${page_uri}`;
}
