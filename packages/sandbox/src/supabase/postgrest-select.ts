import type { Query } from "./database.js";
import { PostgrestError, parseError } from "./postgrest-error.js";

/** One item of PostgREST's `select=`: a column (maybe renamed) or an embedded related table. */
export type SelectItem =
  | { kind: "star" }
  | { kind: "column"; name: string; alias?: string }
  | { kind: "embed"; table: string; alias?: string; items: SelectItem[] };

/** `id,name:full_name,orders(id,total_cents)` as a tree; `*` when empty. */
export function parseSelect(text: string | undefined): SelectItem[] {
  const source = (text ?? "*").replace(/\s+/g, "");
  let at = 0;
  const list = (): SelectItem[] => {
    const items: SelectItem[] = [];
    while (at < source.length && source[at] !== ")") {
      items.push(item());
      if (source[at] === ",") at += 1;
    }
    return items;
  };
  const name = (): string => {
    const match = /^[A-Za-z_][A-Za-z0-9_]*|^\*/.exec(source.slice(at));
    if (!match) throw parseError(`"failed to parse select parameter (${source})"`, source);
    at += match[0].length;
    return match[0];
  };
  const item = (): SelectItem => {
    let first = name();
    let alias: string | undefined;
    if (source[at] === ":" && source[at + 1] !== ":") {
      at += 1;
      alias = first;
      first = name();
    }
    if (first === "*") return { kind: "star" };
    if (source[at] === "(") {
      at += 1;
      const items = list();
      if (source[at] !== ")") throw parseError(`"failed to parse select parameter (${source})"`);
      at += 1;
      return {
        kind: "embed",
        table: first,
        alias,
        items: items.length ? items : [{ kind: "star" }],
      };
    }
    return { kind: "column", name: first, alias };
  };
  const items = list();
  if (at !== source.length) throw parseError(`"failed to parse select parameter (${source})"`);
  return items.length ? items : [{ kind: "star" }];
}

export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface Relation {
  /** The table that holds the foreign key, its column, and the referenced table and column. */
  child: string;
  childColumn: string;
  parent: string;
  parentColumn: string;
}

/** Single-column foreign keys between tables of one schema, as PostgREST's schema cache sees them. */
async function relations(query: Query, schema: string): Promise<Relation[]> {
  const { rows } = await query(
    `SELECT c.relname AS child, a.attname AS child_column, p.relname AS parent, pa.attname AS parent_column
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
       JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND array_length(k.conkey, 1) = 1 AND n.nspname = $1`,
    [schema],
  );
  return rows.map((r) => ({
    child: String(r.child),
    childColumn: String(r.child_column),
    parent: String(r.parent),
    parentColumn: String(r.parent_column),
  }));
}

/**
 * The select list for `items` over the row alias `from` in `schema.table`, embedding related
 * tables as JSON (an array for the many side, an object or null for the one side).
 */
export async function selectList(
  query: Query,
  schema: string,
  table: string,
  from: string,
  items: SelectItem[],
): Promise<string> {
  let rels: Relation[] | undefined;
  let counter = 0;
  const build = async (tableName: string, alias: string, list: SelectItem[]): Promise<string> => {
    const parts: string[] = [];
    for (const entry of list) {
      if (entry.kind === "star") parts.push(`${alias}.*`);
      else if (entry.kind === "column") {
        parts.push(`${alias}.${ident(entry.name)} AS ${ident(entry.alias ?? entry.name)}`);
      } else {
        rels ??= await relations(query, schema);
        const inner = `_e${++counter}`;
        const many = rels.find((r) => r.parent === tableName && r.child === entry.table);
        const one = rels.find((r) => r.child === tableName && r.parent === entry.table);
        if (!many && !one) {
          throw new PostgrestError(
            400,
            "PGRST200",
            `Could not find a relationship between '${tableName}' and '${entry.table}' in the schema cache`,
            `Searched for a foreign key relationship between '${tableName}' and '${entry.table}' in the schema '${schema}', but no matches were found.`,
          );
        }
        const columns = await build(entry.table, inner, entry.items);
        const target = `${ident(schema)}.${ident(entry.table)}`;
        const sql = many
          ? `(SELECT coalesce(json_agg(_j), '[]'::json) FROM (SELECT ${columns} FROM ${target} AS ${inner} WHERE ${inner}.${ident(many.childColumn)} = ${alias}.${ident(many.parentColumn)}) _j)`
          : `(SELECT row_to_json(_j) FROM (SELECT ${columns} FROM ${target} AS ${inner} WHERE ${inner}.${ident((one as Relation).parentColumn)} = ${alias}.${ident((one as Relation).childColumn)}) _j)`;
        parts.push(`${sql} AS ${ident(entry.alias ?? entry.table)}`);
      }
    }
    return parts.join(", ");
  };
  return build(table, from, items);
}
