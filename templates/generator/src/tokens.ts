export interface Tokens {
  /** Lower-case platform name: `acme`. */
  name: string;
  /** Human title: `Acme`. */
  title: string;
  /** Upper-case prefix of environment variables: `ACME`. */
  env: string;
}

export function tokensFor(name: string, title?: string): Tokens {
  return {
    name,
    title: title?.trim() || name.charAt(0).toUpperCase() + name.slice(1),
    env: name.toUpperCase(),
  };
}

/** Replaces `__NAME__`, `__TITLE__` and `__ENV__` in a template path or file. */
export function fill(text: string, tokens: Tokens): string {
  return text
    .replaceAll("__NAME__", tokens.name)
    .replaceAll("__TITLE__", tokens.title)
    .replaceAll("__ENV__", tokens.env);
}
