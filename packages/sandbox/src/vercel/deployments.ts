export type ReadyState = "QUEUED" | "BUILDING" | "READY" | "ERROR" | "CANCELED";

export interface Deployment {
  id: string;
  name: string;
  projectId: string;
  url: string;
  target: "production" | null;
  ref: string;
  repo: string;
  createdAt: number;
  canceledAt?: number;
  /** A ref named broken* fails its build, to exercise ERROR. */
  fails: boolean;
}

/** Where a build is, given the time: QUEUED for one step, BUILDING for two, then READY or ERROR. */
export function stateAt(deployment: Deployment, now: number, stepMs: number): ReadyState {
  if (deployment.canceledAt !== undefined) return "CANCELED";
  const elapsed = now - deployment.createdAt;
  if (elapsed < stepMs) return "QUEUED";
  if (elapsed < 3 * stepMs) return "BUILDING";
  return deployment.fails ? "ERROR" : "READY";
}

export const TERMINAL: ReadonlySet<ReadyState> = new Set(["READY", "ERROR", "CANCELED"]);

/** The build log lines a deployment has produced by `now`, in Vercel's event shape. */
export function eventsAt(deployment: Deployment, now: number, stepMs: number) {
  const lines: Array<[number, "command" | "stdout" | "stderr", string]> = [
    [0, "stdout", `Cloning github.com/${deployment.repo} (Branch: ${deployment.ref})`],
    [0.5, "stdout", "Cloning completed"],
    [1, "stdout", "Running build in Washington, D.C., USA (East) - iad1"],
    [1.5, "command", 'Running "npm run build"'],
    [2, "stdout", "> build"],
    [
      2.5,
      "stdout",
      deployment.fails ? "Type error: Cannot find module './missing'" : "Compiled successfully",
    ],
    deployment.fails
      ? [3, "stderr", 'Error: Command "npm run build" exited with 1']
      : [3, "stdout", "Build Completed in /vercel/output"],
  ];
  const cutoff = deployment.canceledAt ?? now;
  return lines
    .map(([offset, type, text], serial) => {
      const created = deployment.createdAt + Math.round(offset * stepMs) + serial;
      return {
        type,
        created,
        payload: {
          deploymentId: deployment.id,
          id: `evt_${deployment.id}_${serial}`,
          date: created,
          serial: String(serial),
          text,
          info: { type: "build", name: `bld_${deployment.id}` },
        },
      };
    })
    .filter((event) => event.created <= cutoff);
}

/** GET /v13/deployments/:id */
export function deploymentBody(deployment: Deployment, now: number, stepMs: number) {
  const readyState = stateAt(deployment, now, stepMs);
  return {
    id: deployment.id,
    name: deployment.name,
    url: deployment.url,
    projectId: deployment.projectId,
    readyState,
    status: readyState,
    target: deployment.target,
    type: "LAMBDAS",
    createdAt: deployment.createdAt,
    buildingAt: deployment.createdAt + stepMs,
    ready: readyState === "READY" ? deployment.createdAt + 3 * stepMs : undefined,
    canceledAt: deployment.canceledAt,
    errorCode: readyState === "ERROR" ? "BUILD_FAILED" : undefined,
    errorMessage: readyState === "ERROR" ? 'Command "npm run build" exited with 1' : undefined,
    inspectorUrl: `https://vercel.com/acme/${deployment.name}/${deployment.id.slice(4)}`,
    alias:
      readyState === "READY" && deployment.target === "production"
        ? [`${deployment.name}.vercel.app`]
        : [],
    meta: { githubCommitRef: deployment.ref, githubRepo: deployment.repo },
    creator: { uid: "usr_sandbox", username: "sandbox" },
  };
}

/** One item of GET /v6/deployments */
export function deploymentListItem(deployment: Deployment, now: number, stepMs: number) {
  const state = stateAt(deployment, now, stepMs);
  return {
    uid: deployment.id,
    name: deployment.name,
    url: deployment.url,
    created: deployment.createdAt,
    createdAt: deployment.createdAt,
    state,
    readyState: state,
    target: deployment.target,
    projectId: deployment.projectId,
    meta: { githubCommitRef: deployment.ref },
    inspectorUrl: `https://vercel.com/acme/${deployment.name}/${deployment.id.slice(4)}`,
    creator: { uid: "usr_sandbox", username: "sandbox" },
  };
}
