import { PlatformError } from "@agent-mesh/core";
import { z } from "zod";

/** Currencies Stripe charges in whole units (no minor unit), and those with three decimals. */
const ZERO_DECIMAL = new Set(
  "bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split(" "),
);
const THREE_DECIMAL = new Set("bhd jod kwd omr tnd".split(" "));

export const currencyInput = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, { error: "a three-letter ISO currency code such as usd" })
  .transform((c) => c.toLowerCase())
  .describe("Three-letter ISO currency code, e.g. usd, eur, jpy");

export const amountInput = z
  .number()
  .int({ error: "amounts are integers in the currency's minor unit (cents for usd)" })
  .positive()
  .max(99_999_999)
  .describe("In the currency's minor unit: 2000 is $20.00 in usd, ¥2000 in jpy (zero-decimal)");

/** Digits after the decimal point Stripe uses for a currency. */
export function minorDigits(currency: string): number {
  const c = currency.toLowerCase();
  return ZERO_DECIMAL.has(c) ? 0 : THREE_DECIMAL.has(c) ? 3 : 2;
}

/** An amount in minor units as people read money: `$20.00 USD`, `¥2,000 JPY`. */
export function money(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits = minorDigits(currency);
  try {
    const text = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: code,
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount / 10 ** digits);
    return `${text} ${code}`;
  } catch {
    return `${(amount / 10 ** digits).toFixed(digits)} ${code}`;
  }
}

/**
 * Checks an amount against its currency's minor units before anything is sent: three-decimal
 * currencies take multiples of 10 (Stripe's rule), and zero-decimal ones are named in the error
 * so a caller who meant cents sees it.
 */
export function checkAmount(amount: number, currency: string, field = "amount"): void {
  const c = currency.toLowerCase();
  if (THREE_DECIMAL.has(c) && amount % 10 !== 0) {
    throw new PlatformError(
      "invalid_request",
      `${field} ${amount} is not valid for ${c.toUpperCase()}: Stripe takes three-decimal currencies in multiples of 10 (e.g. ${Math.round(amount / 10) * 10}).`,
    );
  }
}

/** Parsed STRIPE_MAX_AMOUNT: limit by currency, `*` for every other currency. */
export function maxAmounts(entries: readonly string[]): Map<string, number> {
  return new Map(
    entries.map((entry) => {
      const [cur, limit] = entry.split(/[:=]/);
      return [cur!.toLowerCase(), Number(limit)] as const;
    }),
  );
}

/** STRIPE_MAX_AMOUNT's refusal, decided before any request reaches Stripe. */
export function checkMaxAmount(
  limits: ReadonlyMap<string, number>,
  amount: number,
  currency: string,
  what: "payment" | "refund",
): void {
  if (limits.size === 0) return;
  const c = currency.toLowerCase();
  const limit = limits.get(c) ?? limits.get("*");
  if (limit === undefined) {
    throw new PlatformError(
      "policy_denied",
      `STRIPE_MAX_AMOUNT sets no limit for ${c.toUpperCase()}, so ${what}s in it are refused; ask the operator to add ${c}:<amount>.`,
      { details: { variable: "STRIPE_MAX_AMOUNT", currency: c } },
    );
  }
  if (amount > limit) {
    throw new PlatformError(
      "policy_denied",
      `This ${what} of ${money(amount, c)} is above STRIPE_MAX_AMOUNT for ${c.toUpperCase()} (${money(limit, c)}); use a smaller amount, or ask the operator to raise the limit.`,
      { details: { variable: "STRIPE_MAX_AMOUNT", currency: c, limit, amount } },
    );
  }
}
