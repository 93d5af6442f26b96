import { evaluateTemplate, hasExpressions, parseTemplate, references } from "./template.js";

// Walks a step's arguments (objects, arrays, strings) and replaces each template string with its
// value; strings without `${{` and other values are copied as they are.
export function resolveArgs(value: unknown, scope: unknown): unknown {
  if (typeof value === "string") {
    return hasExpressions(value) ? evaluateTemplate(parseTemplate(value), scope) : value;
  }
  if (Array.isArray(value)) return value.map((item) => resolveArgs(item, scope));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveArgs(item, scope);
      // A whole-template that resolves to nothing leaves the argument out, so optional
      // parameters that were not given are not sent as empty values.
      if (resolved !== undefined) out[key] = resolved;
    }
    return out;
  }
  return value;
}

// Every template string inside a value, with the key path that leads to it (for error messages).
export function templatesIn(
  value: unknown,
  at: string[] = [],
): Array<{ at: string[]; text: string }> {
  if (typeof value === "string") return hasExpressions(value) ? [{ at, text: value }] : [];
  if (Array.isArray(value))
    return value.flatMap((item, i) => templatesIn(item, [...at, String(i)]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => templatesIn(item, [...at, key]));
  }
  return [];
}

// Every path referenced anywhere inside a value.
export function referencesIn(value: unknown): string[][] {
  return templatesIn(value).flatMap(({ text }) => references(parseTemplate(text)));
}
