import { z } from "zod";
import { quote } from "./quote.js";

/** Limits every tool's input gets from core; docs/tools.md lists them for users. */
export const INPUT_LIMITS = {
  /** Characters a string input may hold when its tool's schema sets no `.max()`. */
  defaultMaxLength: 4_096,
  /** Levels of objects and arrays the arguments may nest. */
  maxDepth: 64,
  /** Bytes, as JSON, of each free-form value (z.json(), z.unknown(), records of them). */
  maxFreeFormBytes: 1024 * 1024,
} as const;

/**
 * Checks raw arguments before zod sees them, so hostile input is refused as invalid_request
 * naming the field instead of surfacing as an internal error: not an object, a lone UTF-16
 * surrogate in any string or key (it breaks URLs and headers), nesting deeper than the limit
 * (zod's recursive schemas would overflow the stack), an oversized free-form value.
 * Returns one sentence describing the first problem, or undefined.
 */
export function inputProblem(args: unknown, freeForm: readonly string[] = []): string | undefined {
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    return `the arguments must be a JSON object, not ${describe(args)}`;
  }
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: args, path: "", depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      if (hasLoneSurrogate(value)) {
        return `${name(path)} contains a lone UTF-16 surrogate (a broken character); send valid Unicode text`;
      }
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= INPUT_LIMITS.maxDepth) {
      return `${name(path)} is nested more than ${INPUT_LIMITS.maxDepth} levels deep`;
    }
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) {
        stack.push({ value: value[index], path: `${path}[${index}]`, depth: depth + 1 });
      }
      continue;
    }
    for (const key of Object.keys(value).reverse()) {
      const at = path ? `${path}.${key}` : key;
      if (hasLoneSurrogate(key)) {
        return `a key in ${name(path)} contains a lone UTF-16 surrogate (a broken character); send valid Unicode text`;
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  const record = args as Record<string, unknown>;
  for (const key of freeForm) {
    if (record[key] === undefined) continue;
    const bytes = Buffer.byteLength(JSON.stringify(record[key]) ?? "");
    if (bytes > INPUT_LIMITS.maxFreeFormBytes) {
      return `${key} is ${bytes} bytes as JSON; free-form values are limited to ${INPUT_LIMITS.maxFreeFormBytes} bytes`;
    }
  }
  return undefined;
}

/** Top-level keys of a tool's input whose values are free-form JSON. */
export function freeFormKeys(input: z.ZodObject): string[] {
  return Object.entries(input.shape)
    .filter(([, schema]) => isFreeForm(schema as z.ZodType))
    .map(([key]) => key);
}

function isFreeForm(schema: z.ZodType): boolean {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  if (def.type === "unknown" || def.type === "any" || def.type === "lazy") return true;
  if (def.type === "union") return (def.options as z.ZodType[]).some(isFreeForm);
  if (def.type === "record" || def.type === "array") {
    return isFreeForm((def.valueType ?? def.element) as z.ZodType);
  }
  const inner = def.innerType as z.ZodType | undefined;
  return inner ? isFreeForm(inner) : false;
}

/**
 * The schema with `.max(defaultMaxLength)` on every string that sets no maximum, at any depth,
 * descriptions kept. Tools whose fields legitimately hold more declare their own `.max()`.
 */
export function withDefaultMaxLength<T extends z.ZodType>(schema: T): T {
  return bound(schema) as T;
}

function bound(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  let next: z.ZodType = schema;
  switch (def.type) {
    case "string": {
      const string = schema as z.ZodString;
      if (string.maxLength === null) next = string.max(INPUT_LIMITS.defaultMaxLength);
      break;
    }
    case "object": {
      const object = schema as z.ZodObject;
      const changed: Record<string, z.ZodType> = {};
      for (const [key, field] of Object.entries(object.shape)) {
        const bounded = bound(field as z.ZodType);
        if (bounded !== field) changed[key] = bounded;
      }
      // A clone keeps the object's own checks (refinements), which extend() would refuse.
      if (Object.keys(changed).length > 0) {
        const shape = { ...object.shape, ...changed };
        next = schema.clone({ ...schema._zod.def, shape } as never);
      }
      break;
    }
    case "array": {
      const element = bound(def.element as z.ZodType);
      if (element !== def.element) next = schema.clone({ ...schema._zod.def, element } as never);
      break;
    }
    case "record": {
      const valueType = bound(def.valueType as z.ZodType);
      if (valueType !== def.valueType)
        next = schema.clone({ ...schema._zod.def, valueType } as never);
      break;
    }
    case "union": {
      const options = (def.options as z.ZodType[]).map(bound);
      if (options.some((option, i) => option !== (def.options as z.ZodType[])[i]))
        next = schema.clone({ ...schema._zod.def, options } as never);
      break;
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
    case "catch": {
      const innerType = bound(def.innerType as z.ZodType);
      if (innerType !== def.innerType)
        next = schema.clone({ ...schema._zod.def, innerType } as never);
      break;
    }
    case "pipe": {
      const input = bound(def.in as z.ZodType);
      if (input !== def.in) next = schema.clone({ ...schema._zod.def, in: input } as never);
      break;
    }
  }
  if (next !== schema) {
    const meta = z.globalRegistry.get(schema);
    if (meta && !z.globalRegistry.has(next)) z.globalRegistry.add(next, meta);
  }
  return next;
}

function name(path: string): string {
  return path ? quote(path, 80) : "the arguments";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string holds half of a surrogate pair on its own (not valid Unicode text). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
