import { z } from "zod";
import type { Setting } from "./settings.js";

/**
 * A list setting: a comma-separated string from the environment, or a list from mesh.yaml.
 * Blank items are dropped; unset is the empty list. Items are checked with `item`.
 */
export function listSetting<T extends z.ZodType<string, string>>(item?: T) {
  const items = (item ?? z.string().min(1)) as T;
  return z.preprocess(
    (value) =>
      value === undefined || value === null
        ? []
        : typeof value === "string"
          ? value
              .split(",")
              .map((entry) => entry.trim())
              .filter((entry) => entry !== "")
          : value,
    z.array(items),
  );
}

/**
 * A yes/no setting: true/false, 1/0, yes/no, on/off in any case, or a YAML boolean. Give it a
 * default (`flagSetting().default(false)`) unless it must be set.
 */
export function flagSetting() {
  return z.preprocess(
    (value) => (typeof value === "string" ? value.trim().toLowerCase() : value),
    z.union([
      z.boolean(),
      z
        .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
          error: "use true or false",
        })
        .transform((v) => v === "true" || v === "1" || v === "yes" || v === "on"),
    ]),
  );
}

/** An optional URL setting that points one service at another endpoint (the sandbox, a proxy). */
export function endpointSetting(
  env: string,
  description: string,
): Setting<z.ZodOptional<z.ZodURL>> {
  return { env, schema: z.url().optional(), description };
}
