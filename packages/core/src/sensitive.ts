import { z } from "zod";

/** What a sensitive value is replaced with wherever arguments are echoed. */
export const SENSITIVE_MASK = "[REDACTED]";

/**
 * Marks an input field secret: an env var's value, a password, a message body. Clients see it as
 * `writeOnly: true` in the tool's JSON Schema; core keeps its value out of logs, confirmation
 * messages, approval requests and results, and `redactSensitive` masks it for audit records.
 * Wrap the innermost schema: `sensitive(z.string().min(1)).describe(...)` or `.optional()`.
 */
export function sensitive<T extends z.ZodType>(schema: T): T {
  return schema.meta({ ...z.globalRegistry.get(schema), writeOnly: true }) as T;
}

/** A path to a field in arguments; `"*"` stands for every item of an array or record. */
export type SensitivePath = readonly string[];

/**
 * The paths of every writeOnly field of a JSON Schema, as MCP lists tools. Works for any tool,
 * first-party or third-party, so the gateway can redact arguments of tools it only proxies.
 */
export function sensitivePaths(schema: unknown): SensitivePath[] {
  const found: SensitivePath[] = [];
  walk(schema, [], found, 0);
  return found;
}

function walk(schema: unknown, path: string[], found: SensitivePath[], depth: number): void {
  if (!schema || typeof schema !== "object" || depth > 16) return;
  const node = schema as Record<string, unknown>;
  if (node.writeOnly === true) {
    found.push(path);
    return;
  }
  const properties = node.properties as Record<string, unknown> | undefined;
  if (properties && typeof properties === "object") {
    for (const [key, child] of Object.entries(properties))
      walk(child, [...path, key], found, depth + 1);
  }
  for (const key of ["items", "additionalProperties"] as const) {
    if (node[key] && typeof node[key] === "object")
      walk(node[key], [...path, "*"], found, depth + 1);
  }
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const options = node[key];
    if (Array.isArray(options)) for (const option of options) walk(option, path, found, depth + 1);
  }
}

/** A copy of `args` with the value at each path replaced by SENSITIVE_MASK. */
export function redactPaths<T>(args: T, paths: readonly SensitivePath[]): T {
  if (paths.length === 0) return args;
  let out: unknown = args;
  for (const path of paths) out = maskAt(out, path, 0);
  return out as T;
}

/** Every string found at the paths: what a call's redactor must scrub from anything it echoes. */
export function sensitiveValues(args: unknown, paths: readonly SensitivePath[]): string[] {
  const values: string[] = [];
  const collect = (value: unknown, path: SensitivePath, at: number): void => {
    if (at === path.length) {
      if (typeof value === "string") values.push(value);
      else if (value !== undefined && value !== null) values.push(JSON.stringify(value));
      return;
    }
    if (!value || typeof value !== "object") return;
    const key = path[at] as string;
    const children = key === "*" ? Object.values(value) : [(value as Record<string, unknown>)[key]];
    for (const child of children) collect(child, path, at + 1);
  };
  for (const path of paths) collect(args, path, 0);
  return values;
}

function maskAt(value: unknown, path: SensitivePath, at: number): unknown {
  if (at === path.length) return value === undefined ? value : SENSITIVE_MASK;
  if (!value || typeof value !== "object") return value;
  const key = path[at] as string;
  if (Array.isArray(value)) {
    if (key !== "*") return value;
    return value.map((item) => maskAt(item, path, at + 1));
  }
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...record };
  for (const name of key === "*" ? Object.keys(record) : [key]) {
    if (name in record) out[name] = maskAt(record[name], path, at + 1);
  }
  return out;
}
