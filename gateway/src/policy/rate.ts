const UNITS: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 60,
  min: 60,
  minute: 60,
  h: 3600,
  hour: 3600,
  d: 86_400,
  day: 86_400,
};

export interface Rate {
  points: number;
  /** Window length in seconds. */
  seconds: number;
}

/** "60/min", "10/s", "1000/hour", "5000/day"; undefined when malformed. */
export function parseRate(text: string): Rate | undefined {
  const match = /^\s*(\d+)\s*\/\s*([a-z]+)\s*$/i.exec(text);
  if (!match) return undefined;
  const points = Number(match[1]);
  const seconds = UNITS[match[2]!.toLowerCase()];
  if (!seconds || points < 1 || !Number.isSafeInteger(points)) return undefined;
  return { points, seconds };
}
