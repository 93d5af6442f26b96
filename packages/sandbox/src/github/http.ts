import type { Context } from "hono";

const DOCS = "https://docs.github.com/rest";

export interface FieldError {
  resource: string;
  field: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  message?: string;
}

/** GitHub's error body: `{ message, documentation_url, status }`, plus `errors` on 422. */
export function ghError(
  c: Context,
  status: 400 | 401 | 403 | 404 | 405 | 409 | 422 | 429,
  message: string,
  errors?: FieldError[],
) {
  return c.json(
    { message, ...(errors ? { errors } : {}), documentation_url: DOCS, status: String(status) },
    status,
  );
}

export const notFound = (c: Context) => ghError(c, 404, "Not Found");

/** 422 Validation Failed naming the fields, as GitHub answers bad bodies. */
export const invalid = (c: Context, ...errors: FieldError[]) =>
  ghError(c, 422, "Validation Failed", errors);

/** A JSON body, or undefined when it is not a JSON object (GitHub answers 400 "Problems parsing JSON"). */
export async function jsonBody(c: Context): Promise<Record<string, unknown> | undefined> {
  const text = await c.req.text();
  if (text === "") return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One page of `items` by `per_page` (default 30, max 100) and `page`, with GitHub's `Link`
 * header (next, last, first, prev) built from the request URL.
 */
export function paginate<T>(c: Context, items: readonly T[]): T[] | undefined {
  const perPage = Number(c.req.query("per_page") ?? 30);
  const page = Number(c.req.query("page") ?? 1);
  if (!Number.isInteger(perPage) || perPage < 1 || !Number.isInteger(page) || page < 1) {
    return undefined;
  }
  const size = Math.min(perPage, 100);
  const last = Math.max(1, Math.ceil(items.length / size));
  const url = new URL(c.req.url);
  const at = (n: number) => {
    url.searchParams.set("page", String(n));
    return `<${url.toString()}>`;
  };
  const links: string[] = [];
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`, `${at(page - 1)}; rel="prev"`);
  if (links.length > 0) c.header("link", links.join(", "));
  return items.slice((page - 1) * size, page * size);
}

export const isoAt = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
