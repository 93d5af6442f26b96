import { PlatformError, type ToolContext } from "@agent-mesh/core";
import type { DockerClient } from "./client.js";
import { registryAuth } from "./credentials.js";
import { engineName, type ImageReference } from "./reference.js";
import { pushFailure, readStream, StreamFailure } from "./stream.js";

export interface PushResult {
  reference: string;
  digest: string;
  size: number | null;
}

/**
 * Pushes one local tag to its registry with the registry's credentials (never echoed), reporting
 * layers pushed as progress, and answers the manifest digest the registry stored.
 */
export async function pushImage(
  ctx: ToolContext<DockerClient>,
  ref: ImageReference,
  tag: string,
  progress: { done: number; total: number } = { done: 0, total: 1 },
): Promise<PushResult> {
  const name = engineName(ref);
  const reference = `${name}:${tag}`;
  const auth = await registryAuth(ctx.client.config, ref.registry);
  const stream = await ctx.client.docker.getImage(name).push({
    tag,
    authconfig: auth ?? { serveraddress: ref.registry },
    abortSignal: ctx.signal,
  } as Parameters<ReturnType<DockerClient["docker"]["getImage"]>["push"]>[0]);
  const layers = new Map<string, string>();
  let digest: string | undefined;
  let size: number | null = null;
  try {
    await readStream(
      stream,
      (message) => {
        if (message.aux?.Digest) {
          digest = message.aux.Digest;
          size = message.aux.Size ?? null;
        }
        const fromStatus = /digest: (sha256:[a-f0-9]{64}) size: (\d+)/.exec(message.status ?? "");
        if (fromStatus && !digest) {
          digest = fromStatus[1];
          size = Number(fromStatus[2]);
        }
        if (message.id && message.status) {
          const before = layers.get(message.id);
          layers.set(message.id, message.status);
          const finished = /^(Pushed|Layer already exists|Mounted from)/.test(message.status);
          if (finished && before !== message.status) {
            const done = [...layers.values()].filter((s) =>
              /^(Pushed|Layer already exists|Mounted from)/.test(s),
            ).length;
            void ctx.progress(
              progress.done + done / Math.max(layers.size, 1),
              progress.total,
              `${reference}: ${done}/${layers.size} layers`,
            );
          }
        }
      },
      ctx.signal,
    );
  } catch (error) {
    if (error instanceof StreamFailure) throw pushFailure(reference, error);
    throw error;
  }
  if (digest) await ctx.progress(progress.done + 1, progress.total, `${reference}: pushed`);
  if (!digest) {
    throw new PlatformError(
      "upstream_unavailable",
      `Docker: the push of ${reference} ended without a digest; the engine's log may say why.`,
    );
  }
  return { reference, digest, size };
}
