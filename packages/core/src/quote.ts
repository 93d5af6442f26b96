/**
 * A value as an error message may show it: JSON-quoted (so control characters and lone
 * surrogates are escaped) and cut to at most `max` characters, saying how long it really was.
 * Messages echo input through this, so a 1 MB argument never makes a 2 MB error.
 */
export function quote(value: unknown, max = 64): string {
  const text = typeof value === "string" ? value : String(value);
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, max))}… (${text.length} characters)`;
}
