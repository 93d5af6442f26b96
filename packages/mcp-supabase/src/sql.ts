import type pg from "pg";

/** A quoted Postgres identifier. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export interface SqlResult {
  command: string;
  rowCount: number | null;
  fields: string[];
  rows: Record<string, unknown>[];
}

/**
 * One statement through the extended protocol: Postgres itself refuses a second statement
 * (`select 1; delete ...`), and values travel as parameters, never as SQL text.
 */
export async function runStatement(
  client: pg.Client,
  text: string,
  params: unknown[] = [],
): Promise<SqlResult> {
  const result = await client.query({
    text,
    values: params,
    queryMode: "extended",
  } as pg.QueryConfig);
  return {
    command: result.command,
    rowCount: result.rowCount,
    fields: (result.fields ?? []).map((f) => f.name),
    rows: result.rows ?? [],
  };
}

/** A table as the catalog identifies it: by oid, and by its storage (TRUNCATE gives a new one). */
interface CatalogTable {
  oid: number;
  filenode: string;
  name: string;
  columns: string[];
}

export type Catalog = Map<number, CatalogTable>;

/** Every user table with its columns: compared before and after a migration, inside it. */
export async function snapshot(client: pg.Client): Promise<Catalog> {
  const { rows } = await client.query<{
    oid: number;
    filenode: string;
    name: string;
    columns: string[];
  }>(
    `SELECT c.oid::int AS oid, pg_relation_filenode(c.oid)::text AS filenode,
            format('%I.%I', n.nspname, c.relname) AS name,
            coalesce(array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attnum > 0 AND NOT a.attisdropped), '{}') AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
      GROUP BY c.oid, n.nspname, c.relname`,
  );
  return new Map(rows.map((row) => [row.oid, row]));
}

export interface CatalogChanges {
  tables_created: string[];
  tables_dropped: string[];
  tables_rewritten: string[];
  columns_added: string[];
  columns_dropped: string[];
}

/**
 * What a migration changed, read from the catalog rather than from its text: dropped tables and
 * columns, and tables whose storage was replaced (TRUNCATE, or a rewrite that may lose data).
 */
export function diff(before: Catalog, after: Catalog): CatalogChanges {
  const changes: CatalogChanges = {
    tables_created: [],
    tables_dropped: [],
    tables_rewritten: [],
    columns_added: [],
    columns_dropped: [],
  };
  for (const [oid, table] of before) {
    const now = after.get(oid);
    if (!now) {
      changes.tables_dropped.push(table.name);
      continue;
    }
    if (now.filenode !== table.filenode) changes.tables_rewritten.push(now.name);
    for (const column of table.columns) {
      if (!now.columns.includes(column)) changes.columns_dropped.push(`${now.name}.${column}`);
    }
    for (const column of now.columns) {
      if (!table.columns.includes(column)) changes.columns_added.push(`${now.name}.${column}`);
    }
  }
  for (const [oid, table] of after) if (!before.has(oid)) changes.tables_created.push(table.name);
  return changes;
}

/** True when the changes lose data: something dropped, truncated or rewritten. */
export function losesData(changes: CatalogChanges): boolean {
  return (
    changes.tables_dropped.length +
      changes.tables_rewritten.length +
      changes.columns_dropped.length >
    0
  );
}
