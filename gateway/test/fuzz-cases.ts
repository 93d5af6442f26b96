import type { Tool } from "@modelcontextprotocol/sdk/types.js";

/** JSON Schema as tools/list shows it, loosely typed for walking. */
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  additionalProperties?: Schema | boolean;
  $ref?: string;
};

/**
 * What a case may be answered with. `refused`: invalid_request (the input is invalid whatever
 * the tool); `protocol`: a JSON-RPC -32602; `any`: any well-formed answer (success or envelope).
 */
export type Expectation = "refused" | "protocol" | "any";

export interface FuzzCase {
  tool: string;
  kind: string;
  args: unknown;
  expect: Expectation;
}

/** A small seeded PRNG (mulberry32), so a failing run can be repeated from its seed. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

export type Random = ReturnType<typeof random>;

const NON_OBJECTS: unknown[] = [null, [], "x", 42, true, [{ a: 1 }]];

export function deep(levels: number, leaf: unknown = "x"): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { nested: value };
  return value;
}

/** Strings an attacker would try; none of them may crash anything. */
const HOSTILE_STRINGS = [
  "",
  " ",
  "a\r\nb",
  "\r\n\r\nHTTP/1.1 200 OK",
  "\u0000",
  "../../etc/passwd",
  "%00%2e%2e%2f",
  "é€𝄞",
  "\u202e\u200b",
  "'; DROP TABLE x; --",
  "${VAR}",
  "*",
  "a".repeat(300),
  "/leading/slash",
  "x".repeat(5000),
];

/** The deterministic cases of one tool: every class of hostile input, on every property. */
export function casesFor(tool: Tool): FuzzCase[] {
  const schema = tool.inputSchema as Schema;
  const properties = Object.entries(schema.properties ?? {});
  const base = validArgs(schema);
  const cases: FuzzCase[] = [];
  const add = (kind: string, args: unknown, expect: Expectation) =>
    cases.push({ tool: tool.name, kind, args, expect });

  for (const value of NON_OBJECTS) add(`arguments ${JSON.stringify(value)}`, value, "protocol");
  if ((schema.required ?? []).length > 0) add("missing required", {}, "refused");
  add("unknown key", { ...base, __fuzz_unknown: 1 }, "refused");
  add("deep arguments", { ...base, __deep: deep(3000) }, "refused");
  add("base", base, "any");
  for (const [name, property] of properties) {
    const typed = typeOf(property);
    const wrong = wrongValue(property);
    if (wrong !== undefined) add(`${name}: wrong type`, { ...base, [name]: wrong }, "refused");
    add(`${name}: lone surrogate`, { ...base, [name]: "\ud800" }, "refused");
    add(`${name}: nested 3000 deep`, { ...base, [name]: deep(3000) }, "refused");
    if (typed === "string") {
      const max = property.maxLength ?? 4096;
      add(`${name}: one over maxLength`, { ...base, [name]: "y".repeat(max + 1) }, "refused");
      add(`${name}: CR/LF`, { ...base, [name]: "a\r\nb" }, "any");
      add(`${name}: unicode`, { ...base, [name]: "é€𝄞\u202e" }, "any");
      add(`${name}: lone surrogate in text`, { ...base, [name]: "ok\udfffok" }, "refused");
    }
    if (typed === "array" && property.items) {
      add(
        `${name}: surrogate item`,
        { ...base, [name]: [sample(property.items), "\udc00"] },
        "refused",
      );
    }
    if (typed === undefined) {
      add(`${name}: surrogate key`, { ...base, [name]: { "\ud800": 1 } }, "refused");
      add(
        `${name}: big free-form`,
        { ...base, [name]: { blob: "z".repeat(1_100_000) } },
        "refused",
      );
    }
  }
  return cases;
}

/** A random case: valid-looking arguments with one to three hostile mutations. */
export function randomCase(tools: readonly Tool[], rng: Random): FuzzCase {
  const tool = rng.pick(tools);
  const schema = tool.inputSchema as Schema;
  const args: Record<string, unknown> = { ...validArgs(schema) };
  const names = Object.keys(schema.properties ?? {});
  const mutations = 1 + rng.int(3);
  for (let i = 0; i < mutations && names.length > 0; i++) {
    const name = rng.pick(names);
    args[name] = rng.pick([
      () => rng.pick(HOSTILE_STRINGS),
      () => (rng.int(2) === 0 ? -1 : 1e308),
      () => null,
      () => [rng.pick(HOSTILE_STRINGS)],
      () => ({ [rng.pick(HOSTILE_STRINGS)]: rng.pick(HOSTILE_STRINGS) }),
      () => deep(1 + rng.int(100)),
      () => sample(schema.properties![name]!),
    ])();
  }
  return { tool: tool.name, kind: "random", args, expect: "any" };
}

/** Arguments that pass the schema: required properties only, with plain values. */
export function validArgs(schema: Schema): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const name of schema.required ?? []) {
    const property = schema.properties?.[name];
    if (property) args[name] = sample(property);
  }
  return args;
}

function sample(schema: Schema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sample(options[0]!);
  switch (typeOf(schema)) {
    case "string":
      return sampleString(schema);
    case "integer":
    case "number":
      return Math.max(schema.minimum ?? 1, 1);
    case "boolean":
      return false;
    case "array":
      return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () =>
        sample(schema.items ?? {}),
      );
    case "object":
      return validArgs(schema);
    default:
      return { note: "fuzz" };
  }
}

function sampleString(schema: Schema): string {
  const candidates = ["fuzz-key", "FUZZ_KEY", "a1", "2026-01-01T00:00:00Z", "1h"];
  const fits = (text: string) =>
    text.length >= (schema.minLength ?? 0) &&
    text.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY) &&
    (!schema.pattern || new RegExp(schema.pattern, "u").test(text));
  if (schema.format === "date-time") return "2026-01-01T00:00:00Z";
  return candidates.find(fits) ?? "x".repeat(Math.max(schema.minLength ?? 1, 1));
}

function typeOf(schema: Schema): string | undefined {
  return Array.isArray(schema.type) ? schema.type[0] : schema.type;
}

/** A value of the wrong JSON type for the property, or undefined when any type is valid. */
function wrongValue(schema: Schema): unknown {
  const options = schema.anyOf ?? schema.oneOf;
  const types = options ? options.map(typeOf) : [typeOf(schema)];
  if (types.includes(undefined)) return undefined;
  if (!types.includes("object")) return { not: "this" };
  if (!types.includes("number") && !types.includes("integer")) return 12345;
  return undefined;
}
