import { z } from "zod";
import { parseDuration } from "./duration.js";

/** "30s", "5m", "500ms" or a number of seconds, as milliseconds. */
export const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not a duration; write it like 500ms, 30s, 5m or 1h`,
    });
    return z.NEVER;
  }
  return ms;
});
