import type { Context } from "hono";

/**
 * One page of a REST API 2010 list, with Twilio's paging fields and a next_page_uri that keeps
 * the filters (PageSize, Page, PageToken), as the SDK follows it.
 */
export function page<T extends { sid: string }>(
  c: Context,
  key: string,
  items: T[],
  toJson: (item: T) => unknown,
): Record<string, unknown> {
  const size = Math.min(Math.max(Number(c.req.query("PageSize") ?? 50) || 50, 1), 1000);
  const pageNumber = Math.max(Number(c.req.query("Page") ?? 0) || 0, 0);
  const token = c.req.query("PageToken");
  const after = token?.startsWith("PA") ? items.findIndex((i) => i.sid === token.slice(2)) + 1 : 0;
  const start = token ? after : pageNumber * size;
  const slice = items.slice(start, start + size);
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams(new URL(c.req.url).searchParams);
    for (const name of ["PageSize", "Page", "PageToken"]) params.delete(name);
    params.set("PageSize", String(size));
    for (const [name, value] of Object.entries(extra)) params.set(name, value);
    return `${c.req.path}?${params.toString()}`;
  };
  const more = start + size < items.length;
  return {
    [key]: slice.map(toJson),
    uri: query({ Page: String(pageNumber) }),
    first_page_uri: query({ Page: "0" }),
    next_page_uri: more
      ? query({ Page: String(pageNumber + 1), PageToken: `PA${slice.at(-1)?.sid}` })
      : null,
    previous_page_uri: pageNumber > 0 ? query({ Page: String(pageNumber - 1) }) : null,
    page: pageNumber,
    page_size: size,
    start,
    end: start + Math.max(slice.length - 1, 0),
  };
}
