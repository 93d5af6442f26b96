/** Calls `call` `count` times in sequence after a warm-up; returns p50, p99 (ms) and calls/s. */
export async function measure(label, call, count) {
  for (let i = 0; i < Math.min(300, count); i++) await call(i);
  const times = new Float64Array(count);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await call(i);
    times[i] = performance.now() - t;
  }
  const total = performance.now() - start;
  times.sort();
  return {
    label,
    p50: times[Math.floor(count * 0.5)],
    p99: times[Math.floor(count * 0.99)],
    perSecond: (count / total) * 1000,
  };
}

export const fmt = (value, digits) =>
  value === undefined || Number.isNaN(value) ? "-" : value.toFixed(digits);

/** Prints rows as an aligned table. */
export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join("  ");
  console.log(line(headers));
  for (const row of rows) console.log(line(row));
}
