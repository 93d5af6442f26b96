import { PlatformError, sensitive } from "@agent-mesh/core";
import { z } from "zod";
import type { DockerConfig } from "./client.js";
import { matchesAny } from "./policy.js";

/** Build inputs shared by docker_image_build and docker_build_push. */
export const buildInput = {
  context: z
    .string()
    .min(1)
    .max(1024)
    .describe("Build context folder: absolute, or relative to the first DOCKER_BUILD_ROOTS entry"),
  dockerfile: z
    .string()
    .min(1)
    .max(1024)
    .default("Dockerfile")
    .describe("Dockerfile path inside the context"),
  build_args: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(4096))
    .default({})
    .describe("ARG values; visible in the image history"),
  secret_build_args: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), sensitive(z.string().max(4096)))
    .default({})
    .describe(
      "ARG values never shown back or logged (still in the image history: prefer build secrets)",
    ),
  target: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe("Stage to build in a multi-stage Dockerfile"),
  platform: z
    .string()
    .regex(/^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/)
    .optional()
    .describe("Target platform, e.g. linux/amd64"),
};

export const buildOutput = {
  id: z.string().describe("Image id (sha256:...)"),
  tags: z.array(z.string()),
  size: z.number().int().describe("Image size in bytes"),
  steps: z.number().int().describe("Dockerfile steps run"),
};

export const pushedOutput = z.object({
  reference: z.string(),
  digest: z.string().describe("Manifest digest in the registry (sha256:...)"),
  size: z.number().int().nullable().describe("Manifest size in bytes"),
});

/** Tags a push of which needs confirmation (DOCKER_PROTECTED_TAGS). */
export function protectedTags(config: DockerConfig, tags: readonly string[]): string[] {
  return tags.filter((tag) => matchesAny(config.protectedTags, tag));
}

/** A readable size, for summaries. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = "B";
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/** The engine's ISO or unix-seconds time as ISO. */
export function isoTime(value: string | number | undefined): string | null {
  if (value === undefined || value === "") return null;
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function requireNonEmpty<T>(list: T[], what: string): T[] {
  if (list.length === 0) throw new PlatformError("invalid_request", `Give at least one ${what}.`);
  return list;
}

/**
 * A local image as the engine names it: id, repository[:tag] or repository@digest. Checked here
 * because dockerode puts it into the request path: "../containers/x" must never reach the engine.
 */
export const localImage = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/, "an image id, repository:tag or repository@digest")
  .refine((value) => !value.split(/[/:@]/).includes(".."), "must not contain .. segments");

/** A container id or name, as the engine accepts them. */
export const containerName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "a container id or name");
