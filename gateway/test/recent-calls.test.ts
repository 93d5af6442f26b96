import { describe, expect, it } from "vitest";
import { RecentCalls } from "../src/metrics/index.js";

describe("RecentCalls: each downstream's calls and errors in the last hour", () => {
  it("counts per downstream and forgets minutes older than an hour", () => {
    let now = Date.UTC(2026, 10, 26, 4, 0, 0);
    const recent = new RecentCalls(() => now);
    let told = 0;
    const stop = recent.onCall(() => told++);
    recent.record("vercel", false);
    recent.record("vercel", true);
    recent.record("stripe", false);
    expect(recent.lastHour("vercel")).toEqual({ calls: 2, errors: 1 });
    expect(recent.lastHour("stripe")).toEqual({ calls: 1, errors: 0 });
    expect(recent.lastHour("github")).toEqual({ calls: 0, errors: 0 });
    expect(told).toBe(3);

    now += 59 * 60_000; // still within the hour
    recent.record("vercel", false);
    expect(recent.lastHour("vercel")).toEqual({ calls: 3, errors: 1 });
    now += 60_000; // the first minute has left the window
    expect(recent.lastHour("vercel")).toEqual({ calls: 1, errors: 0 });
    // A minute's slot is reused an hour later, starting from zero.
    recent.record("vercel", true);
    expect(recent.lastHour("vercel")).toEqual({ calls: 2, errors: 1 });
    now += 2 * 3_600_000;
    expect(recent.lastHour("vercel")).toEqual({ calls: 0, errors: 0 });
    stop();
    recent.record("vercel", false);
    expect(told).toBe(5); // the five calls before stop(), none after
  });
});
