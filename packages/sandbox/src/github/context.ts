import type { Context } from "hono";
import type { Repo } from "./data.js";
import type { GitHubState } from "./state.js";

/** Hono variables the stand-in's middleware sets: the repository a /repos path names. */
export type Env = { Variables: { repo: Repo } };

/** What the route modules share. */
export interface Ctx {
  state: GitHubState;
  stepMs: number;
  now: () => number;
  /** Runs fn after ms unless the sandbox closes first. */
  later: (ms: number, fn: () => void) => void;
}

/** The API's base URL as the client reached it, for the `url` fields of bodies. */
export const apiBase = (c: Context) => new URL(c.req.url).origin;
