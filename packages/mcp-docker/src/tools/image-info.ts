import {
  defineTool,
  PlatformError,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import type { DockerClient } from "../client.js";
import { checkRead } from "../policy.js";
import { engineName, type ImageReference, parseReference } from "../reference.js";
import { MANIFEST_TYPES, registryFetch } from "../registry.js";
import { formatBytes, isoTime, localImage } from "../shapes.js";

const output = z.object({
  source: z.enum(["local", "registry"]),
  reference: z.string(),
  id: z.string().nullable().describe("Image (config) id"),
  digest: z.string().nullable().describe("Manifest digest, when the image is in a registry"),
  size: z.number().int().describe("Bytes: unpacked locally, compressed layers in a registry"),
  created: z.string().nullable(),
  architecture: z.string().nullable(),
  os: z.string().nullable(),
  layers: z.array(z.object({ digest: z.string(), size: z.number().int().nullable() })),
  labels: untrustedSchema(z.record(z.string(), z.string())),
});
type Info = z.input<typeof output>;

interface Manifest {
  mediaType?: string;
  config?: { digest: string; size: number };
  layers?: Array<{ digest: string; size: number }>;
  manifests?: Array<{ digest: string; platform?: { architecture?: string; os?: string } }>;
}

interface ImageConfig {
  created?: string;
  architecture?: string;
  os?: string;
  config?: { Labels?: Record<string, string> | null };
}

async function local(ctx: ToolContext<DockerClient>, image: string): Promise<Info> {
  const info = await ctx.client.docker.getImage(image).inspect();
  const repoDigest = info.RepoDigests?.[0];
  return {
    source: "local",
    reference: image,
    id: info.Id,
    digest: repoDigest ? (repoDigest.split("@")[1] ?? null) : null,
    size: info.Size,
    created: isoTime(info.Created),
    architecture: info.Architecture ?? null,
    os: info.Os ?? null,
    layers: (info.RootFS?.Layers ?? []).map((digest) => ({ digest, size: null })),
    labels: untrusted(info.Config?.Labels ?? {}),
  };
}

async function remote(ctx: ToolContext<DockerClient>, ref: ImageReference): Promise<Info> {
  checkRead(ctx.client.config, ref);
  const base = `/v2/${ref.repository}`;
  const get = (path: string, accept?: string) =>
    registryFetch(ctx.client, ref.registry, path, { accept, signal: ctx.signal });
  let response = await get(
    `${base}/manifests/${ref.digest ?? ref.tag ?? "latest"}`,
    MANIFEST_TYPES,
  );
  let digest = response.headers.get("docker-content-digest");
  let manifest = (await response.json()) as Manifest;
  if (manifest.manifests) {
    // An index: describe linux/amd64 when present, else the first platform.
    const chosen =
      manifest.manifests.find(
        (m) => m.platform?.os === "linux" && m.platform.architecture === "amd64",
      ) ?? manifest.manifests[0];
    if (!chosen) throw new PlatformError("not_found", `${engineName(ref)} has an empty index.`);
    response = await get(`${base}/manifests/${chosen.digest}`, MANIFEST_TYPES);
    digest = response.headers.get("docker-content-digest") ?? chosen.digest;
    manifest = (await response.json()) as Manifest;
  }
  const config = manifest.config
    ? ((await (await get(`${base}/blobs/${manifest.config.digest}`)).json()) as ImageConfig)
    : {};
  const layers = (manifest.layers ?? []).map((layer) => ({
    digest: layer.digest,
    size: layer.size,
  }));
  return {
    source: "registry",
    reference: `${engineName(ref)}${ref.digest ? `@${ref.digest}` : `:${ref.tag ?? "latest"}`}`,
    id: manifest.config?.digest ?? null,
    digest,
    size: layers.reduce((sum, layer) => sum + layer.size, manifest.config?.size ?? 0),
    created: isoTime(config.created),
    architecture: config.architecture ?? null,
    os: config.os ?? null,
    layers,
    labels: untrusted(config.config?.Labels ?? {}),
  };
}

const isNotFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

export const imageInfo = defineTool({
  name: "docker_image_info",
  title: "Describe an image",
  description:
    "Describes an image: digest, size, layers, created, architecture, labels. Looks locally first, then in the image's registry (DOCKER_PUSH_ALLOW or DOCKER_READ_ALLOW).",
  input: z.object({
    image: localImage.describe("Image id or [registry/]repository[:tag|@digest]"),
    source: z
      .enum(["auto", "local", "registry"])
      .default("auto")
      .describe("auto: local, else the registry the reference names"),
  }),
  output,
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.reference} (${out.source}): ${formatBytes(out.size)}, ${out.layers.length} layer(s)${out.digest ? `, ${out.digest}` : ""}`,
  run: async ({ image, source }, ctx: ToolContext<DockerClient>) => {
    const isId = /^(sha256:)?[a-f0-9]{12,64}$/.test(image);
    if (source === "local" || isId) return local(ctx, image);
    const ref = parseReference(image);
    if (source === "registry") return remote(ctx, ref);
    try {
      return await local(ctx, image);
    } catch (error) {
      if (!isNotFound(error) || !ref.explicitRegistry) throw error;
      return remote(ctx, ref);
    }
  },
});
