import type { ConfigSources, Settings } from "./settings.js";

/**
 * The key of a platform's read-only switch in its settings (`readOnly`, read from
 * `<PLATFORM>_READ_ONLY`, usually a `flagSetting()`). When it is on, the runtime offers only the
 * tools annotated readOnlyHint: every tool that writes is hidden and cannot be called.
 */
export const READ_ONLY_SETTING = "readOnly";

/**
 * Whether the platform's read-only switch is on. Read on its own, so it holds even when other
 * settings (credentials) are missing; a value that does not parse counts as on (fail closed).
 */
export function readOnlyMode(settings: Settings, sources: ConfigSources = {}): boolean {
  const setting = settings[READ_ONLY_SETTING];
  if (!setting) return false;
  const values = sources.values ?? {};
  const given =
    READ_ONLY_SETTING in values
      ? values[READ_ONLY_SETTING]
      : (sources.env ?? process.env)[setting.env];
  if (given === undefined || given === null || (typeof given === "string" && given.trim() === "")) {
    return false;
  }
  const parsed = setting.schema.safeParse(given);
  return !parsed.success || parsed.data === true;
}
