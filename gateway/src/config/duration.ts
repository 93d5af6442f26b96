const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Reads a duration as mesh.yaml writes it: "500ms", "30s", "5m", "1h", "90d", or a bare number of
 * seconds. Returns milliseconds, or undefined when the text is not a duration.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number")
    return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
  if (typeof value !== "string") return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNITS[match[2] ?? "s"]!;
  return ms > 0 ? ms : undefined;
}

/** Milliseconds as a short human duration: 1500 -> "1.5s", 300000 -> "5m". */
export function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${ms / 1000}s`;
  return `${ms}ms`;
}
