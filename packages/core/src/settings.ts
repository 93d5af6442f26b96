import type { z } from "zod";

/** One configuration value of a platform: where it comes from, how it is checked, and whether it is a secret. */
export interface Setting<S extends z.ZodType = z.ZodType> {
  /** Environment variable the value is read from. */
  env: string;
  /** Checks the raw string (use z.coerce for numbers); optional/default decide whether it is required. */
  schema: S;
  description: string;
  /** Secret values are redacted from every result, log line and error. */
  secret?: boolean;
}

export type Settings = Record<string, Setting>;

export type ConfigOf<S extends Settings> = { [K in keyof S]: z.output<S[K]["schema"]> };

export interface ConfigProblem {
  key: string;
  env: string;
  message: string;
}

export type ConfigResult<S extends Settings> =
  | { ok: true; config: ConfigOf<S>; secrets: string[] }
  | {
      ok: false;
      problems: ConfigProblem[];
      secrets: string[];
      /** The settings that did resolve (a read-only switch while the token is missing). */
      partial: Partial<ConfigOf<S>>;
    };

export interface ConfigSources {
  /** Environment to read (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Explicit values by setting key, e.g. from the gateway's mesh.yaml; they win over the environment. */
  values?: Record<string, unknown>;
}

/** Reads and validates every setting; never throws, so a server can start without credentials. */
export function resolveConfig<S extends Settings>(
  settings: S,
  sources: ConfigSources = {},
): ConfigResult<S> {
  const env = sources.env ?? process.env;
  const values = sources.values ?? {};
  const config: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  const secrets: string[] = [];

  for (const [key, setting] of Object.entries(settings)) {
    // An empty string means "not set" wherever it comes from (mesh.yaml's `${VAR:-}` included).
    const given = key in values ? values[key] : env[setting.env];
    const raw = typeof given === "string" ? emptyToUndefined(given) : given;
    if (setting.secret && typeof raw === "string") secrets.push(raw);
    const parsed = setting.schema.safeParse(raw);
    if (parsed.success) {
      config[key] = parsed.data;
      continue;
    }
    const missing = raw === undefined;
    problems.push({
      key,
      env: setting.env,
      // Never echo the value: it may be a secret that was merely malformed.
      message: missing
        ? `${setting.env} is not set (${setting.description})`
        : `${setting.env} is invalid: ${parsed.error.issues[0]?.message ?? "bad value"}`,
    });
  }

  if (problems.length > 0) {
    return { ok: false, problems, secrets, partial: config as Partial<ConfigOf<S>> };
  }
  return { ok: true, config: config as ConfigOf<S>, secrets };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
