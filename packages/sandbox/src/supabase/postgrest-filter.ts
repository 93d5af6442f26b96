import { parseError } from "./postgrest-error.js";
import { ident } from "./postgrest-select.js";

/** Query parameters that are not filters. */
const RESERVED = new Set(["select", "order", "limit", "offset", "on_conflict", "columns"]);
const COMPARE: Record<string, string> = {
  eq: "=",
  neq: "<>",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
  like: "LIKE",
  ilike: "ILIKE",
};
const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** SQL text with `$n` placeholders; values stay parameters, never text in the SQL. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * PostgREST's horizontal filters (`column=op.value`, `not.` to negate) as a WHERE clause over the
 * row alias. Operators: eq, neq, gt, gte, lt, lte, like, ilike (`*` is `%`), in.(a,b), is.null.
 */
export function whereClause(
  query: URLSearchParams,
  alias: string,
  params: Params,
): { sql: string; count: number } {
  const conditions: string[] = [];
  for (const [key, raw] of query) {
    if (RESERVED.has(key)) continue;
    if (!COLUMN.test(key)) {
      throw parseError(`"failed to parse filter (${key})"`, `unsupported filter key ${key}`);
    }
    conditions.push(condition(`${alias}.${ident(key)}`, raw, params));
  }
  return {
    sql: conditions.length ? `WHERE ${conditions.join(" AND ")}` : "",
    count: conditions.length,
  };
}

function condition(column: string, raw: string, params: Params): string {
  const negated = raw.startsWith("not.");
  const text = negated ? raw.slice(4) : raw;
  const dot = text.indexOf(".");
  const op = dot < 0 ? "" : text.slice(0, dot);
  const value = dot < 0 ? "" : text.slice(dot + 1);
  let sql: string;
  if (op in COMPARE) {
    const operand = op === "like" || op === "ilike" ? value.replaceAll("*", "%") : value;
    sql = `${column} ${COMPARE[op]} ${params.add(operand)}`;
  } else if (op === "in") {
    sql = `${column} = ANY(${params.add(inList(value))})`;
  } else if (op === "is") {
    const known: Record<string, string> = {
      null: "NULL",
      true: "TRUE",
      false: "FALSE",
      unknown: "UNKNOWN",
    };
    const word = known[value.toLowerCase()];
    if (!word)
      throw parseError(`"failed to parse filter (${raw})"`, `unexpected is value ${value}`);
    sql = `${column} IS ${word}`;
  } else {
    throw parseError(`"failed to parse filter (${raw})"`, `unknown operator ${op || raw}`);
  }
  return negated ? `NOT (${sql})` : sql;
}

/** `(a,"b,c",d)` as a list; quoted items may hold commas and escaped quotes. */
function inList(value: string): string[] {
  if (!value.startsWith("(") || !value.endsWith(")")) {
    throw parseError(`"failed to parse filter (in.${value})"`, "in needs a parenthesised list");
  }
  const body = value.slice(1, -1);
  const items: string[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)/gy;
  while (pattern.lastIndex < body.length) {
    const match = pattern.exec(body);
    if (!match) break;
    items.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : (match[2] ?? ""));
  }
  return items;
}

/** `order=col.desc.nullslast,other` as ORDER BY. */
export function orderClause(order: string | null, alias: string): string {
  if (!order) return "";
  const terms = order.split(",").map((term) => {
    const [name = "", ...modifiers] = term.split(".");
    if (!COLUMN.test(name)) throw parseError(`"failed to parse order (${order})"`);
    const sql = [`${alias}.${ident(name)}`];
    for (const modifier of modifiers) {
      const word = { asc: "ASC", desc: "DESC", nullsfirst: "NULLS FIRST", nullslast: "NULLS LAST" }[
        modifier
      ];
      if (!word) throw parseError(`"failed to parse order (${order})"`, `unknown ${modifier}`);
      sql.push(word);
    }
    return sql.join(" ");
  });
  return `ORDER BY ${terms.join(", ")}`;
}
