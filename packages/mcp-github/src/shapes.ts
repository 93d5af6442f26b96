import { allowedResource, decodeCursor, encodeCursor, PlatformError } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "./client.js";

/**
 * A repository as tools take it. Owner and name in GitHub's own character sets; `.` and `..`
 * are refused as names so no argument can walk a request path out of an allowed repository.
 */
export const repoInput = z
  .string()
  .max(140)
  // A refinement, not a JSON Schema pattern: every tool takes it, and schemas cost context.
  .refine((v) => /^[\w-]+\/(?!\.\.?$)[\w.-]+$/.test(v), { error: "use owner/name, e.g. acme/web" })
  .optional()
  .describe("owner/name (default: first of GITHUB_REPOS)");

/** A git ref (branch, tag or SHA) as GitHub accepts them: no `..`, spaces or control characters. */
export const refInput = z
  .string()
  .max(250)
  .refine((ref) => /^[\w./+-]+$/.test(ref) && !ref.includes("..") && !ref.startsWith("/"), {
    error: "not a valid git ref",
  });

/** The allow-listed repository a call may touch, checked before any request. */
export function repoOf(client: GitHubClient, given: string | undefined) {
  const full = allowedResource(
    { noun: "repository", env: "GITHUB_REPOS", hint: "owner/name or owner/*" },
    client.repos,
    given,
  );
  const [owner = "", repo = ""] = full.split("/");
  return { owner, repo, full };
}

const pageState = z.object({ page: z.number().int().min(2) });

/** The page a cursor names (1 without one). */
export function pageOf(cursor: string | undefined): number {
  return cursor === undefined ? 1 : decodeCursor(cursor, pageState).page;
}

/** next_cursor from GitHub's `Link` header: null unless it names a next page. */
export function nextCursor(link: string | undefined, page: number): string | null {
  return link !== undefined && /rel="next"/.test(link) ? encodeCursor({ page: page + 1 }) : null;
}

/** Commenter associations GitHub gives users with push access (or ownership) to the repository. */
const TRUSTED = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);

/** Text by a user without push access, hidden in lockdown mode. */
export function lockedText(
  client: GitHubClient,
  association: string | undefined,
  text: string | null | undefined,
): string | null {
  if (text === null || text === undefined) return null;
  if (client.lockdown && !TRUSTED.has(association ?? "")) {
    return "[hidden by GITHUB_LOCKDOWN: written by a user without push access]";
  }
  return text;
}

export const runOutput = z.object({
  id: z.number(),
  name: z.string().nullable(),
  status: z.string(),
  conclusion: z.string().nullable(),
  event: z.string(),
  head_branch: z.string().nullable(),
  head_sha: z.string(),
  run_attempt: z.number(),
  html_url: z.string(),
  created_at: z.string(),
});

export interface ApiRun {
  id: number;
  name?: string | null;
  workflow_id: number;
  status: string | null;
  conclusion: string | null;
  event: string;
  head_branch: string | null;
  head_sha: string;
  run_attempt?: number;
  html_url: string;
  created_at: string;
  updated_at: string;
}

export function toRun(r: ApiRun): z.output<typeof runOutput> {
  return {
    id: r.id,
    name: r.name ?? null,
    status: r.status ?? "unknown",
    conclusion: r.conclusion,
    event: r.event,
    head_branch: r.head_branch,
    head_sha: r.head_sha,
    run_attempt: r.run_attempt ?? 1,
    html_url: r.html_url,
    created_at: r.created_at,
  };
}

export const runSummary = (r: z.output<typeof runOutput>) =>
  `Run ${r.id} (${r.name ?? "workflow"}) is ${r.status}${r.conclusion ? `: ${r.conclusion}` : ""} ${r.html_url}`;

export const releaseOutput = z.object({
  id: z.number(),
  tag_name: z.string(),
  name: z.string().nullable(),
  body: z.string().nullable(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  html_url: z.string(),
  published_at: z.string().nullable(),
});

export interface ApiRelease {
  id: number;
  tag_name: string;
  target_commitish: string;
  name: string | null;
  body?: string | null;
  draft: boolean;
  prerelease: boolean;
  html_url: string;
  created_at: string;
  published_at: string | null;
  author?: { login: string } | null;
}

export function toRelease(r: ApiRelease): z.output<typeof releaseOutput> {
  return {
    id: r.id,
    tag_name: r.tag_name,
    name: r.name,
    body: r.body ?? null,
    draft: r.draft,
    prerelease: r.prerelease,
    html_url: r.html_url,
    published_at: r.published_at,
  };
}

export const releaseSummary = (r: z.output<typeof releaseOutput>) =>
  `Release ${r.tag_name}${r.draft ? " (draft)" : ""}${r.prerelease ? " (prerelease)" : ""}: ${r.html_url}`;

export const pullOutput = z.object({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  draft: z.boolean(),
  merged: z.boolean(),
  head: z.string(),
  base: z.string(),
  head_sha: z.string(),
  author: z.string().nullable(),
  html_url: z.string(),
});

export interface ApiPull {
  number: number;
  title: string;
  state: string;
  draft?: boolean;
  merged?: boolean;
  merged_at?: string | null;
  head: { ref: string; sha: string };
  base: { ref: string };
  user: { login: string } | null;
  html_url: string;
  created_at: string;
  body?: string | null;
  author_association?: string;
}

export function toPull(p: ApiPull): z.output<typeof pullOutput> {
  return {
    number: p.number,
    title: p.title,
    state: p.state,
    draft: p.draft ?? false,
    merged: p.merged ?? (p.merged_at !== null && p.merged_at !== undefined),
    head: p.head.ref,
    base: p.base.ref,
    head_sha: p.head.sha,
    author: p.user?.login ?? null,
    html_url: p.html_url,
  };
}

export const issueOutput = z.object({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  author: z.string().nullable(),
  labels: z.array(z.string()),
  comments: z.number(),
  html_url: z.string(),
});

export interface ApiIssue {
  number: number;
  title: string;
  state: string;
  user: { login: string } | null;
  author_association: string;
  labels: Array<string | { name?: string }>;
  comments: number;
  html_url: string;
  created_at: string;
  body?: string | null;
  pull_request?: unknown;
}

export function toIssue(i: ApiIssue): z.output<typeof issueOutput> {
  return {
    number: i.number,
    title: i.title,
    state: i.state,
    author: i.user?.login ?? null,
    labels: i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
    comments: i.comments,
    html_url: i.html_url,
  };
}

/** A positive integer id (run, job, release, pull request or issue number). */
export const idInput = z.number().int().positive();

/** Refuses a value the tool cannot act on, before any request. */
export function invalid(message: string): never {
  throw new PlatformError("invalid_request", message);
}
