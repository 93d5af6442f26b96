/** A `${VAR}` that has no value and no default. */
export class MissingVariable extends Error {
  constructor(readonly variable: string) {
    super(`\${${variable}} is not set; export ${variable} or write \${${variable}:-default}`);
  }
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` and `${VAR:-default}` with values from `env` (`$$` is a literal `$`). An
 * empty variable counts as unset for `:-`, as in the shell. Throws MissingVariable for the
 * first reference with neither a value nor a default.
 */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    REFERENCE,
    (whole, name: string | undefined, fallback: string | undefined) => {
      if (whole === "$$") return "$";
      const value = env[name as string];
      if (value !== undefined && (value !== "" || fallback === undefined)) return value;
      if (fallback !== undefined) return fallback;
      throw new MissingVariable(name as string);
    },
  );
}
