import { type FieldSchema, isScalar, typeOf } from "./schema-form.js";

/** The arguments a generated form holds, or what is wrong with them (each problem names its field). */
export type FormArguments =
  | { ok: true; arguments: Record<string, unknown> }
  | { ok: false; problems: string[] };

/**
 * Turns the fields of a form made by SchemaFields back into a tool's arguments, typed by the
 * schema: numbers, booleans, enums (as their JSON), lists one item a line, JSON where asked.
 * Empty optional fields are left out; the tool's own validation has the last word.
 */
export function formArguments(
  schema: FieldSchema,
  form: Record<string, string | File | (string | File)[]>,
): FormArguments {
  const problems: string[] = [];
  const args: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(form)) {
    if (!key.startsWith("arg:")) continue;
    let path: unknown;
    try {
      path = JSON.parse(key.slice(4));
    } catch {
      continue;
    }
    if (!Array.isArray(path) || path.length === 0 || !path.every((p) => typeof p === "string"))
      continue;
    const field = schemaAt(schema, path);
    if (!field) continue;
    const text = typeof raw === "string" ? raw : Array.isArray(raw) ? String(raw[0] ?? "") : "";
    if (text.trim() === "") continue;
    const parsed = fieldValue(field, text, path.join("."));
    if ("problem" in parsed) problems.push(parsed.problem);
    else setAt(args, path, parsed.value);
  }
  missing(schema, args, [], problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, arguments: args };
}

function fieldValue(
  schema: FieldSchema,
  text: string,
  where: string,
): { value: unknown } | { problem: string } {
  const type = typeOf(schema);
  if (type === "enum") {
    try {
      const value = JSON.parse(text);
      if ((schema.enum ?? []).some((allowed) => allowed === value)) return { value };
    } catch {}
    return { problem: `${where}: choose one of ${(schema.enum ?? []).map(String).join(", ")}` };
  }
  if (type === "boolean") {
    if (text === "true" || text === "false") return { value: text === "true" };
    return { problem: `${where}: choose true or false` };
  }
  if (type === "number" || type === "integer") {
    const value = Number(text);
    if (!Number.isFinite(value) || (type === "integer" && !Number.isInteger(value)))
      return {
        problem: `${where}: "${text.slice(0, 40)}" is not ${type === "integer" ? "a whole number" : "a number"}`,
      };
    return { value };
  }
  if (type === "array" && isScalar(schema.items)) {
    const items = text.split(/\r?\n/).filter((line) => line.trim() !== "");
    const values: unknown[] = [];
    for (const [i, item] of items.entries()) {
      const one = fieldValue(
        schema.items!,
        typeOf(schema.items!) === "enum" ? JSON.stringify(item) : item,
        `${where}[${i}]`,
      );
      if ("problem" in one) return one;
      values.push(one.value);
    }
    return { value: values };
  }
  if (type === "array" || type === undefined || type === "object") {
    try {
      return { value: JSON.parse(text) };
    } catch (err) {
      return { problem: `${where}: not valid JSON (${(err as Error).message})` };
    }
  }
  return { value: text };
}

function schemaAt(schema: FieldSchema, path: string[]): FieldSchema | undefined {
  let at: FieldSchema | undefined = schema;
  for (const key of path) at = at?.properties?.[key];
  return at;
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at = target;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (next && typeof next === "object" && !Array.isArray(next))
      at = next as Record<string, unknown>;
    else at = at[key] = {} as Record<string, unknown>;
  }
  at[path[path.length - 1]!] = value;
}

/** Required fields left empty, at any depth where the parent object is present. */
function missing(
  schema: FieldSchema,
  value: Record<string, unknown>,
  path: string[],
  problems: string[],
) {
  for (const key of schema.required ?? []) {
    const field = schema.properties?.[key];
    if (!(key in value)) {
      // A required object whose fields were all left empty: its own required fields are named.
      if (field && typeOf(field) === "object") value[key] = {};
      else {
        problems.push(`${[...path, key].join(".")} is required`);
        continue;
      }
    }
    const child = value[key];
    if (field && typeOf(field) === "object" && child && typeof child === "object")
      missing(field, child as Record<string, unknown>, [...path, key], problems);
  }
}
