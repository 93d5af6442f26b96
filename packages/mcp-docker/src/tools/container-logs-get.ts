import {
  defineTool,
  PlatformError,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import type { DockerClient } from "../client.js";
import { containerName } from "../shapes.js";

/** Splits the engine's multiplexed log stream (8-byte frame headers) unless the container has a TTY. */
export function demux(buffer: Buffer, tty: boolean): Array<{ stream: string; text: string }> {
  if (tty) return [{ stream: "stdout", text: buffer.toString("utf8") }];
  const frames: Array<{ stream: string; text: string }> = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const kind = buffer[at];
    const size = buffer.readUInt32BE(at + 4);
    const text = buffer.subarray(at + 8, at + 8 + size).toString("utf8");
    frames.push({ stream: kind === 2 ? "stderr" : "stdout", text });
    at += 8 + size;
  }
  return frames;
}

function sinceSeconds(since: string | undefined): number | undefined {
  if (since === undefined) return undefined;
  const relative = /^(\d+)([smhd])$/.exec(since);
  if (relative) {
    const unit = { s: 1, m: 60, h: 3600, d: 86400 }[relative[2] as "s" | "m" | "h" | "d"];
    return Math.floor(Date.now() / 1000) - Number(relative[1]) * unit;
  }
  const time = Date.parse(since);
  if (Number.isNaN(time)) {
    throw new PlatformError(
      "invalid_request",
      `since "${since}" is neither an ISO time nor a duration like 10m, 2h or 1d.`,
    );
  }
  return Math.floor(time / 1000);
}

export const containerLogsGet = defineTool({
  name: "docker_container_logs_get",
  title: "Read a container's logs",
  description:
    "Returns the last lines of a container's stdout and stderr (tail, since), marked untrusted. Read-only.",
  input: z.object({
    container: containerName.describe("Container id or name"),
    tail: z.number().int().min(1).max(1000).default(100).describe("Last lines to return (1-1000)"),
    since: z
      .string()
      .max(64)
      .optional()
      .describe("Only lines after this ISO time, or within a duration like 10m, 2h, 1d"),
  }),
  output: z.object({
    container: z.string(),
    lines: untrustedSchema(z.array(z.object({ stream: z.string(), text: z.string() }))),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  summary: (out) => `${out.lines.data.length} log line(s) from ${out.container}`,
  run: async ({ container, tail, since }, ctx: ToolContext<DockerClient>) => {
    const from = sinceSeconds(since);
    const handle = ctx.client.docker.getContainer(container);
    const info = await handle.inspect();
    const raw = (await handle.logs({
      stdout: true,
      stderr: true,
      follow: false,
      tail,
      ...(from === undefined ? {} : { since: from }),
      abortSignal: ctx.signal,
    } as Parameters<typeof handle.logs>[0] & { follow: false })) as unknown as Buffer;
    const lines = demux(Buffer.from(raw), info.Config?.Tty ?? false).flatMap((frame) =>
      frame.text
        .split("\n")
        .filter((line) => line !== "")
        .map((text) => ({ stream: frame.stream, text })),
    );
    return {
      container: info.Name.replace(/^\//, "") || container,
      lines: untrusted(lines.slice(-tail)),
    };
  },
});
