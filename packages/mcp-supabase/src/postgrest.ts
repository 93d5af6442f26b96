import { PlatformError } from "@agent-mesh/core";
import type { Filter } from "./shapes.js";

/** The filter methods of supabase-js's query builders that the tools use. */
interface Filterable<T> {
  eq(column: string, value: unknown): T;
  neq(column: string, value: unknown): T;
  gt(column: string, value: unknown): T;
  gte(column: string, value: unknown): T;
  lt(column: string, value: unknown): T;
  lte(column: string, value: unknown): T;
  like(column: string, pattern: string): T;
  ilike(column: string, pattern: string): T;
  in(column: string, values: readonly unknown[]): T;
  is(column: string, value: boolean | null): T;
  not(column: string, operator: string, value: unknown): T;
}

/** PostgREST's list syntax for `not.in`: items with reserved characters are quoted. */
function list(values: readonly unknown[]): string {
  const items = values.map((value) => {
    const text = String(value);
    return /[,()"\\\s]/.test(text) ? `"${text.replace(/["\\]/g, "\\$&")}"` : text;
  });
  return `(${items.join(",")})`;
}

/**
 * Applies filters through supabase-js's own methods, so every value reaches PostgREST in its
 * encoding (and from there Postgres as a parameter), never spliced into SQL.
 */
export function applyFilters<T extends Filterable<T>>(builder: T, filters: readonly Filter[]): T {
  let query = builder;
  for (const filter of filters) {
    const { column, operator, value } = filter;
    if (operator === "in") {
      if (!Array.isArray(value)) throw bad(filter, "in needs a list of values");
      query = filter.negate ? query.not(column, "in", list(value)) : query.in(column, value);
      continue;
    }
    if (Array.isArray(value)) throw bad(filter, "only in takes a list");
    if (operator === "is") {
      if (value !== null && typeof value !== "boolean")
        throw bad(filter, "is takes null, true or false");
      query = filter.negate ? query.not(column, "is", value) : query.is(column, value);
      continue;
    }
    if (value === null) throw bad(filter, `use operator is for null, not ${operator}`);
    if ((operator === "like" || operator === "ilike") && typeof value !== "string") {
      throw bad(filter, `${operator} needs a text pattern`);
    }
    query = filter.negate
      ? query.not(column, operator, value)
      : (query[operator] as (c: string, v: unknown) => T)(column, value);
  }
  return query;
}

function bad(filter: Filter, why: string): PlatformError {
  return new PlatformError("invalid_request", `filter on ${filter.column}: ${why}.`);
}
