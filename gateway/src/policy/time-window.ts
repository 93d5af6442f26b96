import type { WindowConfig } from "./schema.js";

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Day = (typeof DAYS)[number];

/** "09:00-18:00" as minutes of the day [start, end); undefined when malformed. */
export function parseHours(text: string): { start: number; end: number } | undefined {
  const match = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!match) return undefined;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 === 24 && m2 !== 0)) return undefined;
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  if (start === end) return undefined;
  return { start, end };
}

// One formatter per zone: building one costs far more than using it.
const formats = new Map<string, Intl.DateTimeFormat>();

/** The day of the week and minute of the day at `now` in `timeZone`. */
export function localTime(now: Date, timeZone: string): { day: Day; minute: number } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const day = part("weekday").toLowerCase().slice(0, 3) as Day;
  return { day, minute: Number(part("hour")) * 60 + Number(part("minute")) };
}

/** True when `now` falls inside the window. A range spanning midnight belongs to its start day. */
export function inWindow(window: WindowConfig, now: Date): boolean {
  const { day, minute } = localTime(now, window.time_zone);
  const hours = window.hours ? parseHours(window.hours) : undefined;
  if (!hours) return !window.days || window.days.includes(day);
  if (hours.start < hours.end) {
    return (
      minute >= hours.start && minute < hours.end && (!window.days || window.days.includes(day))
    );
  }
  // Overnight: the evening part counts for today, the morning part for yesterday.
  if (minute >= hours.start) return !window.days || window.days.includes(day);
  if (minute < hours.end) {
    const yesterday = DAYS[(DAYS.indexOf(day) + 6) % 7]!;
    return !window.days || window.days.includes(yesterday);
  }
  return false;
}

/** "mon-fri 09:00-18:00 Europe/Berlin", for refusals. */
export function describeWindow(window: WindowConfig): string {
  const days = window.days ? window.days.join(",") : "every day";
  return `${days} ${window.hours ?? "all day"} ${window.time_zone}`;
}
