import { flagSetting } from "./setting-helpers.js";

/** The environment variable that turns a platform's read-only mode on: `<PLATFORM>_READ_ONLY`. */
export function readOnlyVariable(platform: string): string {
  return `${platform.toUpperCase()}_READ_ONLY`;
}

/**
 * Whether a platform runs read-only, hiding every tool whose annotations say it writes
 * (`readOnlyHint: false`): `readOnly` from mesh.yaml's values, else `<PLATFORM>_READ_ONLY`.
 * A value that is not a flag counts as read-only: a typo must never unlock writes.
 */
export function readOnlyMode(
  platform: string,
  sources: { env?: Record<string, string | undefined>; values?: Record<string, unknown> } = {},
): boolean {
  const env = sources.env ?? process.env;
  const raw = sources.values?.readOnly ?? env[readOnlyVariable(platform)];
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) {
    return false;
  }
  const parsed = flagSetting().safeParse(raw);
  return parsed.success ? parsed.data : true;
}
