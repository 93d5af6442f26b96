import { PlatformError, quote } from "@agent-mesh/core";
import { z } from "zod";

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const timeInput = (fallback: string) =>
  z
    .string()
    .min(1)
    .default(fallback)
    .describe(`ISO 8601 time, or how long ago such as 15m, 6h, 7d, or now (default ${fallback})`);

/** A time given as ISO 8601, `now`, or a duration ago (`90s`, `15m`, `6h`, `7d`). */
export function parseTime(value: string, field: string, now = Date.now()): number {
  if (value === "now") return now;
  const ago = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(value.trim());
  if (ago) return now - Number(ago[1]) * (UNITS[ago[2] as string] as number);
  const at = Date.parse(value);
  if (Number.isNaN(at)) {
    throw new PlatformError(
      "invalid_request",
      `${field} ${quote(value)} is not a time: use ISO 8601 (2026-11-21T09:00:00Z), now, or a duration ago such as 15m, 6h or 7d`,
    );
  }
  return at;
}

/** A start and end in milliseconds, in order and no wider than `maxMs`. */
export function parseRange(start: string, end: string, maxMs: number, now = Date.now()) {
  const from = parseTime(start, "start", now);
  const to = parseTime(end, "end", now);
  if (from >= to) {
    throw new PlatformError(
      "invalid_request",
      `start (${new Date(from).toISOString()}) must be before end (${new Date(to).toISOString()})`,
    );
  }
  if (to - from > maxMs) {
    throw new PlatformError(
      "invalid_request",
      `The range is ${Math.ceil((to - from) / UNITS.d!)} days; at most ${maxMs / UNITS.d!} days are allowed. Narrow start and end.`,
    );
  }
  return { from, to };
}
