import type { ConfigSources, Settings } from "./settings.js";

/** The setting key a platform declares for its read-only switch (`<PLATFORM>_READ_ONLY`). */
export const READ_ONLY_SETTING = "readOnly";

/**
 * Whether the platform's read-only switch is on. A platform opts in by declaring a `readOnly`
 * setting (`flagSetting().default(false)`); the runtime then hides every tool whose
 * `readOnlyHint` is false. Read on its own, so the switch holds even while credentials are missing.
 */
export function readOnlyMode(settings: Settings, sources: ConfigSources = {}): boolean {
  const setting = settings[READ_ONLY_SETTING];
  if (!setting) return false;
  const values = sources.values ?? {};
  const raw =
    READ_ONLY_SETTING in values
      ? values[READ_ONLY_SETTING]
      : (sources.env ?? process.env)[setting.env];
  const parsed = setting.schema.safeParse(raw === "" ? undefined : raw);
  return parsed.success && parsed.data === true;
}
