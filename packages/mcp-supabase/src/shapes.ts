import { untrustedSchema } from "@agent-mesh/core";
import { z } from "zod";

/** A Postgres identifier (table, column, schema, function): quoted wherever it reaches SQL. */
export const identifier = z
  .string()
  .min(1)
  .max(63)
  .refine((name) => !/["\p{Cc}]/u.test(name), "no control characters or double quotes");

export const schemaInput = identifier.default("public").describe("Schema (default public)");
export const tableInput = identifier.describe("Table name, without the schema");

const scalar = z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]);

export const OPERATORS = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "like",
  "ilike",
  "in",
  "is",
] as const;

/** One PostgREST horizontal filter. */
export const filterInput = z.object({
  column: identifier,
  operator: z.enum(OPERATORS).describe("PostgREST operator; like/ilike use % or * as wildcard"),
  value: z
    .union([scalar, z.array(z.union([z.string().max(4096), z.number()])).max(1000)])
    .describe("A value; a list for in; null, true or false for is"),
  negate: z.boolean().default(false).describe("Negate the condition (PostgREST's not.)"),
});
export type Filter = z.output<typeof filterInput>;

export const filtersInput = z.array(filterInput).max(50);

/** A row as JSON: third-party data a model reads, so it is always wrapped as untrusted. */
export const rowsOutput = untrustedSchema(z.array(z.record(z.string(), z.unknown())));

/** An Auth user as the tools return it (never a password or its hash). */
export const userOutput = z.object({
  id: z.string(),
  email: z.string().nullable(),
  email_confirmed_at: z.string().nullable(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  last_sign_in_at: z.string().nullable(),
  user_metadata: z.record(z.string(), z.unknown()),
  app_metadata: z.record(z.string(), z.unknown()),
});

interface SdkUser {
  id: string;
  email?: string | null;
  email_confirmed_at?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  last_sign_in_at?: string | null;
  user_metadata?: Record<string, unknown> | null;
  app_metadata?: Record<string, unknown> | null;
}

export function toUser(user: SdkUser): z.output<typeof userOutput> {
  return {
    id: user.id,
    email: user.email ?? null,
    email_confirmed_at: user.email_confirmed_at ?? null,
    created_at: user.created_at ?? null,
    updated_at: user.updated_at ?? null,
    last_sign_in_at: user.last_sign_in_at ?? null,
    user_metadata: user.user_metadata ?? {},
    app_metadata: user.app_metadata ?? {},
  };
}

export const userIdInput = z.uuid().describe("The user's id (a UUID)");

export const sqlParams = z
  .array(z.union([z.string().max(65_536), z.number(), z.boolean(), z.null()]))
  .max(100)
  .default([])
  .describe("Values for $1, $2, ...: sent as parameters, never spliced into the SQL");

export const sqlOutput = z.object({
  command: z.string(),
  row_count: z.number().int().nullable(),
  fields: z.array(z.string()),
  rows: untrustedSchema(z.array(z.record(z.string(), z.unknown()))),
  truncated: z.boolean().describe("True when more rows matched than max_rows; add LIMIT/OFFSET"),
});
