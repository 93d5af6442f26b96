import { invalid, missing } from "./errors.js";
import type { Form, FormValue } from "./form.js";

/** Stripe refuses parameters an endpoint does not take: `Received unknown parameter: foo`. */
export function checkKnown(form: Form, allowed: readonly string[]): void {
  for (const key of Object.keys(form)) {
    if (key === "expand" || allowed.includes(key)) continue;
    throw invalid(`Received unknown parameter: ${key}`, key, "parameter_unknown");
  }
}

export function str(form: Form, name: string): string | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string")
    throw invalid(`Invalid string: ${name}`, name, "parameter_invalid_string");
  return value;
}

export function need(form: Form, name: string): string {
  const value = str(form, name);
  if (value === undefined || value === "") throw missing(name);
  return value;
}

export function int(form: Form, name: string, min = 0): number | undefined {
  const value = str(form, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value))
    throw invalid(`Invalid integer: ${value}`, name, "parameter_invalid_integer");
  const n = Number(value);
  if (n < min) {
    throw invalid(
      `This value must be greater than or equal to ${min}.`,
      name,
      "parameter_invalid_integer",
    );
  }
  return n;
}

export function bool(form: Form, name: string): boolean | undefined {
  const value = str(form, name);
  if (value === undefined) return undefined;
  if (value !== "true" && value !== "false") throw invalid(`Invalid boolean: ${value}`, name);
  return value === "true";
}

export function oneOf<T extends string>(
  form: Form,
  name: string,
  values: readonly T[],
): T | undefined {
  const value = str(form, name);
  if (value === undefined) return undefined;
  if (!values.includes(value as T)) {
    throw invalid(`Invalid ${name}: must be one of ${values.join(", ")}`, name);
  }
  return value as T;
}

export function list(form: Form, name: string): FormValue[] | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid(`Invalid array`, name, "parameter_invalid_array");
  return value;
}

/** `metadata[k]=v` merged into what exists; an empty value unsets the key, as Stripe does. */
export function metadata(form: Form, current: Record<string, string> = {}): Record<string, string> {
  const value = form.metadata;
  if (value === undefined) return current;
  if (value === "") return {};
  if (typeof value !== "object" || Array.isArray(value)) throw invalid("Invalid hash", "metadata");
  const next = { ...current };
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") throw invalid("Invalid hash", `metadata[${key}]`);
    if (key.length > 40)
      throw invalid("Metadata keys can have up to 40 characters.", `metadata[${key}]`);
    if (v.length > 500)
      throw invalid("Metadata values can have up to 500 characters.", `metadata[${key}]`);
    if (v === "") delete next[key];
    else next[key] = v;
  }
  if (Object.keys(next).length > 50) throw invalid("Metadata can have up to 50 keys.", "metadata");
  return next;
}

/** Currencies Stripe charges in whole units, and those with three decimals. */
export const ZERO_DECIMAL = new Set(
  "bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split(" "),
);
export const THREE_DECIMAL = new Set("bhd jod kwd omr tnd".split(" "));

export function currency(form: Form, name = "currency"): string {
  const value = need(form, name).toLowerCase();
  if (!/^[a-z]{3}$/.test(value)) throw invalid(`Invalid currency: ${value}.`, name);
  return value;
}

/** Stripe's minimum charge: 50 cents in usd and most currencies, 50 yen in jpy. */
export function checkChargeAmount(amount: number, cur: string, param = "amount"): void {
  if (THREE_DECIMAL.has(cur) && amount % 10 !== 0) {
    throw invalid(
      `Invalid amount for ${cur}: three-decimal currencies take amounts in multiples of 10.`,
      param,
      "amount_invalid",
    );
  }
  const min = ZERO_DECIMAL.has(cur) ? 50 : THREE_DECIMAL.has(cur) ? 500 : 50;
  if (amount < min) {
    throw invalid(
      `Amount must be at least ${min} in the currency's smallest unit (${cur}).`,
      param,
      "amount_too_small",
    );
  }
  if (amount > 99_999_999) {
    throw invalid("Amount must be no more than 99999999.", param, "amount_too_large");
  }
}
