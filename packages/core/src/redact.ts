const MASK = "[REDACTED]";
/** Secrets shorter than this are not scrubbed by value: they would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;

/**
 * Scrubs known secret values from text and from any JSON-like value. Built from the resolved
 * configuration, so whatever a user puts in a secret setting never leaves the process.
 */
export class Redactor {
  private readonly secrets: string[] = [];

  add(...values: Array<string | undefined>): this {
    for (const value of values) {
      if (!value || value.length < MIN_SECRET_LENGTH || this.secrets.includes(value)) continue;
      this.secrets.push(value);
    }
    // Longest first, so a secret that contains another is masked whole.
    this.secrets.sort((a, b) => b.length - a.length);
    return this;
  }

  /** A new redactor that also scrubs these values (this one is left as it is). */
  with(...values: Array<string | undefined>): Redactor {
    const next = new Redactor().add(...this.secrets);
    return values.length === 0 ? next : next.add(...values);
  }

  get size(): number {
    return this.secrets.length;
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    return out;
  }

  value<T>(input: T): T {
    if (this.secrets.length === 0) return input;
    return this.walk(input) as T;
  }

  private walk(input: unknown): unknown {
    if (typeof input === "string") return this.text(input);
    if (Array.isArray(input)) return input.map((item) => this.walk(item));
    if (input !== null && typeof input === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(input)) out[key] = this.walk(item);
      return out;
    }
    return input;
  }
}
