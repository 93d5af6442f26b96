import { type ConfigSources, resolveConfig, type Settings } from "./settings.js";

/**
 * The setting key a platform uses for its read-only switch (`<PLATFORM>_READ_ONLY=true`, a
 * `flagSetting()`); when it is true, the runtime hides every tool whose readOnlyHint is false.
 */
export const READ_ONLY_SETTING = "readOnly";

/**
 * Whether the platform's read-only switch is on. Read on its own, so the switch holds even while
 * other settings (credentials) are missing or invalid; an invalid value counts as on, the safe side.
 */
export function readOnlyMode(settings: Settings, sources: ConfigSources = {}): boolean {
  const setting = settings[READ_ONLY_SETTING];
  if (!setting) return false;
  const result = resolveConfig({ [READ_ONLY_SETTING]: setting }, sources);
  return result.ok ? result.config[READ_ONLY_SETTING] === true : true;
}
