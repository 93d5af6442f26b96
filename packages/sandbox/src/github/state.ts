import type { Repo } from "./data.js";
import type { Run } from "./runs.js";

export interface User {
  login: string;
  id: number;
  type: "User" | "Bot";
}

export const ACTOR: User = { login: "sandbox-bot", id: 9001, type: "User" };
export const OUTSIDER: User = { login: "drive-by", id: 9002, type: "User" };

export interface Release {
  id: number;
  repo: Repo;
  tag: string;
  target: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  createdAt: number;
  publishedAt: number | null;
}

/** Issues and pull requests share one number space per repository, as at GitHub. */
export interface Issue {
  repo: Repo;
  number: number;
  title: string;
  body: string | null;
  user: User;
  association: "OWNER" | "MEMBER" | "COLLABORATOR" | "CONTRIBUTOR" | "NONE";
  state: "open" | "closed";
  labels: string[];
  assignees: string[];
  comments: number;
  createdAt: number;
  pull?: PullData;
}

export interface PullData {
  head: string;
  headSha: string;
  base: string;
  draft: boolean;
  merged: boolean;
  mergedAt: number | null;
  mergeCommit: string | null;
  /** false: conflicts with base (405 on merge). */
  mergeable: boolean;
}

export interface Comment {
  id: number;
  issue: Issue;
  body: string;
  user: User;
  createdAt: number;
}

export interface Hook {
  id: number;
  repo: Repo;
  url: string;
  secret: string | undefined;
  events: string[];
  active: boolean;
}

export interface CheckRun {
  id: number;
  repo: Repo;
  sha: string;
  name: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
}

export interface GitHubState {
  repos: Repo[];
  runs: Run[];
  releases: Release[];
  issues: Issue[];
  comments: Comment[];
  hooks: Hook[];
  checks: CheckRun[];
  /** Installation tokens issued to the sandbox App. */
  installationTokens: Set<string>;
  nextId: () => number;
}

export function createState(repos: Repo[]): GitHubState {
  let id = 100_000;
  return {
    repos,
    runs: [],
    releases: [],
    issues: [],
    comments: [],
    hooks: [],
    checks: [],
    installationTokens: new Set(),
    nextId: () => ++id,
  };
}
