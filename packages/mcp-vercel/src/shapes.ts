import { z } from "zod";
import type { ApiDeployment, ApiDeploymentListItem, ApiReadyState } from "./api-types.js";

/** A deployment as tools take it: its id or its URL. */
export const deploymentId = z.string().min(1).describe("Deployment id (dpl_...) or its URL");

/** The environments a Vercel environment variable applies to. */
export const envTarget = z.enum(["production", "preview", "development"]);

export const readyState = z
  .enum(["QUEUED", "INITIALIZING", "BUILDING", "READY", "ERROR", "CANCELED"])
  .describe(
    "QUEUED, INITIALIZING and BUILDING move on by themselves; READY, ERROR and CANCELED are final",
  );

export const deploymentOutput = z.object({
  id: z.string(),
  url: z.string().describe("https URL of this deployment"),
  state: readyState,
  target: z.enum(["production", "preview"]),
  project: z.string(),
  ref: z.string().nullable().describe("git branch or ref it was built from"),
  created_at: z.string(),
  ready_at: z.string().nullable(),
  error_message: z.string().nullable(),
  aliases: z.array(z.string()),
  inspector_url: z.string().nullable(),
});

export type DeploymentOutput = z.output<typeof deploymentOutput>;

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function toDeployment(d: ApiDeployment): DeploymentOutput {
  return {
    id: d.id,
    url: `https://${d.url}`,
    state: d.readyState,
    target: d.target === "production" ? "production" : "preview",
    project: d.name,
    ref: d.meta?.githubCommitRef ?? null,
    created_at: iso(d.createdAt)!,
    ready_at: iso(d.ready),
    error_message: d.errorMessage ?? null,
    aliases: d.alias ?? [],
    inspector_url: d.inspectorUrl ?? null,
  };
}

export function fromListItem(d: ApiDeploymentListItem): DeploymentOutput {
  return toDeployment({
    id: d.uid,
    name: d.name,
    url: d.url,
    readyState: (d.readyState ?? d.state ?? "QUEUED") as ApiReadyState,
    target: d.target,
    createdAt: d.created,
    inspectorUrl: d.inspectorUrl,
    meta: d.meta,
  });
}

export function deploymentSummary(d: DeploymentOutput): string {
  return `Deployment ${d.id} of ${d.project} (${d.target}) is ${d.state}: ${d.url}`;
}

/** A deployment id, or its URL with or without the scheme, as the API path segment wants it. */
export function deploymentRef(idOrUrl: string): string {
  return idOrUrl.replace(/^https?:\/\//, "");
}

/** Vercel gives an env var's target as a list or a single string. */
export function targetsOf(target: string[] | string | undefined): string[] {
  if (Array.isArray(target)) return target;
  return target ? [target] : [];
}
