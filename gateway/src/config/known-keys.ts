import type { z } from "zod";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
}

/** Keys a third-party server entry may have (its schema decides stdio or HTTP at parse time). */
export const SERVER_KEYS = [
  "command",
  "args",
  "env",
  "cwd",
  "url",
  "headers",
  "prefix",
  "enabled",
  "timeout",
  "tool_timeouts",
  "startup_timeout",
  "tools",
];

/** The keys the schema accepts in the object at `path`, for "did you mean" hints. */
export function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  if (path.length === 2 && path[0] === "servers") return SERVER_KEYS;
  if (path.length === 4 && path[0] === "tenants" && path[2] === "servers") return SERVER_KEYS;
  let current: z.ZodType | undefined = unwrap(schema);
  for (const part of path) {
    if (!current) return [];
    const def = defOf(current);
    if (def.type === "object" && def.shape) current = unwrap(def.shape[String(part)]);
    else if (def.type === "record" && def.valueType) current = unwrap(def.valueType);
    else if (def.type === "array" && def.element) current = unwrap(def.element);
    else return [];
  }
  const def = current ? defOf(current) : undefined;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (let i = 0; current && i < 10; i++) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
  return current;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}
