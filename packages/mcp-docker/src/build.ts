import { PlatformError, type ToolContext } from "@agent-mesh/core";
import type { BuildContext } from "./build-context.js";
import type { DockerClient } from "./client.js";
import { readStream, StreamFailure } from "./stream.js";

export interface BuildRequest {
  context: BuildContext;
  /** Full references to tag the result with (registry/repo:tag). */
  tags: string[];
  buildArgs: Record<string, string>;
  target?: string | undefined;
  platform?: string | undefined;
  labels?: Record<string, string> | undefined;
}

export interface BuildResult {
  id: string;
  tags: string[];
  size: number;
  steps: number;
}

/** Lines of output kept for a failed build's envelope: the end, never the whole log. */
const TAIL_LINES = 15;
const STEP = /^Step (\d+)\/(\d+) : (.*)$/;

/**
 * Runs a classic-builder build on the engine: no network (networkmode none), no privileges, no
 * mounts. Reports each `Step n/N` as MCP progress; a failure answers the step and the last lines
 * of output; cancelling the call closes the connection, which stops the build.
 */
export async function runBuild(
  ctx: ToolContext<DockerClient>,
  request: BuildRequest,
): Promise<BuildResult> {
  const { docker } = ctx.client;
  const stream = await docker.buildImage(
    { context: request.context.dir, src: request.context.files },
    {
      t: request.tags,
      dockerfile: request.context.dockerfile,
      buildargs: request.buildArgs,
      target: request.target,
      platform: request.platform,
      labels: request.labels,
      networkmode: "none",
      forcerm: true,
      abortSignal: ctx.signal,
    } as unknown as Parameters<typeof docker.buildImage>[1],
  );
  const tail: string[] = [];
  let id: string | undefined;
  let step = 0;
  let steps = 0;
  let current = "";
  try {
    await readStream(
      stream,
      (message) => {
        if (message.aux?.ID) id = message.aux.ID;
        for (const line of (message.stream ?? "").split("\n")) {
          if (line.trim() === "") continue;
          tail.push(line);
          if (tail.length > TAIL_LINES) tail.shift();
          const match = STEP.exec(line);
          if (match) {
            step = Number(match[1]);
            steps = Number(match[2]);
            current = match[3] ?? "";
            void ctx.progress(step, steps, `Step ${step}/${steps}: ${current}`.slice(0, 200));
          }
          const built = /^Successfully built ([0-9a-f]{12,64})$/.exec(line);
          if (built && !id) id = built[1];
        }
      },
      ctx.signal,
    );
  } catch (error) {
    if (!(error instanceof StreamFailure)) throw error;
    throw new PlatformError(
      "invalid_request",
      `Docker build failed${step ? ` at step ${step}/${steps} (${current.slice(0, 120)})` : ""}: ${error.message.slice(0, 500)}`,
      { details: { platform_code: "build_failed", step, steps, output_tail: tail } },
    );
  }
  if (!id) {
    throw new PlatformError(
      "upstream_unavailable",
      "Docker: the build ended without an image id; the engine's log may say why.",
      { details: { output_tail: tail } },
    );
  }
  const info = await docker.getImage(id).inspect();
  return { id: info.Id, tags: request.tags, size: info.Size, steps };
}
