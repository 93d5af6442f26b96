import { setTimeout as sleep } from "node:timers/promises";
import { type Extra, NO_ARGUMENTS, type ReferenceTool, text } from "./tool.ts";

/** Pause between the notifications of one call, so that they arrive as separate messages. */
const STEP_MS = 50;

const READ_ONLY = { readOnlyHint: true, openWorldHint: false };

export const LOG_MESSAGES = [
  "Tool execution started",
  "Tool processing data",
  "Tool execution completed",
];

/** Tools that send notifications while they run: log messages, then progress. */
export const NOTIFYING_TOOLS: ReferenceTool[] = [
  {
    name: "test_tool_with_logging",
    description: "Sends three info log messages while it runs.",
    inputSchema: NO_ARGUMENTS,
    annotations: READ_ONLY,
    run: async (_args, extra) => {
      await steps(extra, LOG_MESSAGES.length, (index) =>
        extra.sendNotification({
          method: "notifications/message",
          params: { level: "info", logger: "test_tool_with_logging", data: LOG_MESSAGES[index] },
        }),
      );
      return text("Logged three messages.");
    },
  },
  {
    name: "test_tool_with_progress",
    description: "Reports progress 0, 50 and 100 of 100 when the call asks for progress.",
    inputSchema: NO_ARGUMENTS,
    annotations: READ_ONLY,
    run: async (_args, extra) => {
      const progressToken = extra._meta?.progressToken;
      await steps(extra, 3, async (index) => {
        if (progressToken === undefined) return;
        const progress = index * 50;
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress, total: 100, message: `${progress}%` },
        });
      });
      return text("Progress reported: 0, 50, 100 of 100.");
    },
  },
];

/** Runs `count` steps STEP_MS apart, stopping if the call is cancelled. */
async function steps(extra: Extra, count: number, step: (index: number) => Promise<void>) {
  for (let index = 0; index < count; index++) {
    if (index > 0) await sleep(STEP_MS, undefined, { signal: extra.signal });
    await step(index);
  }
}
