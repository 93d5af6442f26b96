import { checkAllowList } from "@agent-mesh/core";
import type { ClientConfig } from "./client.js";

/**
 * The table a call may touch, checked before any request: its schema must be in SUPABASE_SCHEMAS
 * and `schema.table` in SUPABASE_TABLES (when set). Answers policy_denied otherwise.
 */
export function allowedTable(config: ClientConfig, schema: string, table: string): void {
  checkAllowList({ noun: "schema", env: "SUPABASE_SCHEMAS" }, config.schemas, schema);
  checkAllowList({ noun: "table", env: "SUPABASE_TABLES" }, config.tables, `${schema}.${table}`);
}

/** True when the operator's lists let tools see `schema.table` (for listing). */
export function tableVisible(config: ClientConfig, schema: string, table: string): boolean {
  try {
    allowedTable(config, schema, table);
    return true;
  } catch {
    return false;
  }
}

/** `column = 'x' and not id in (1,2)`: a filter list as one readable phrase for confirmations. */
export function describeFilters(
  filters: ReadonlyArray<{ column: string; operator: string; value: unknown; negate?: boolean }>,
): string {
  return filters
    .map((f) => `${f.negate ? "not " : ""}${f.column} ${f.operator} ${JSON.stringify(f.value)}`)
    .join(" and ");
}
