import type { Repo, Workflow } from "./data.js";
import { isoAt } from "./http.js";

/** A workflow run; its status follows the clock: queued, then each step, then completed. */
export interface Run {
  id: number;
  repo: Repo;
  workflow: Workflow;
  runNumber: number;
  event: string;
  branch: string;
  sha: string;
  inputs: Record<string, string>;
  createdAt: number;
  /** When the current attempt started (re-runs restart the clock). */
  startedAt: number;
  attempt: number;
  /** The job whose "Build"/"Test" step fails, if any (an input `fail` of "true" asks for it). */
  failing: boolean;
  cancelledAt?: number;
}

export interface StepState {
  name: string;
  number: number;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
}

export interface JobState {
  id: number;
  name: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  started_at: string;
  completed_at: string | null;
  steps: StepState[];
}

/** Jobs run one after another; each step takes one stepMs after a stepMs in the queue. */
export function jobsAt(run: Run, now: number, stepMs: number): JobState[] {
  const end = run.cancelledAt ?? Number.POSITIVE_INFINITY;
  let clock = run.startedAt + stepMs;
  let failedBefore = false;
  return run.workflow.jobs.map((job, index) => {
    const jobStart = clock;
    const steps = job.steps.map((name, i): StepState => {
      const start = clock;
      const stop = clock + stepMs;
      clock = stop;
      const failsHere = run.failing && /^(Build|Test|Lint)$/.test(name);
      if (failedBefore) {
        return {
          name,
          number: i + 1,
          status: "completed",
          conclusion: "skipped",
          started_at: null,
          completed_at: null,
        };
      }
      const t = Math.min(now, end);
      if (t < start) {
        const cancelled = now >= end;
        return {
          name,
          number: i + 1,
          status: cancelled ? "completed" : "queued",
          conclusion: cancelled ? "cancelled" : null,
          started_at: null,
          completed_at: null,
        };
      }
      if (t < stop) {
        const cancelled = now >= end;
        return {
          name,
          number: i + 1,
          status: cancelled ? "completed" : "in_progress",
          conclusion: cancelled ? "cancelled" : null,
          started_at: isoAt(start),
          completed_at: cancelled ? isoAt(end) : null,
        };
      }
      if (failsHere) failedBefore = true;
      return {
        name,
        number: i + 1,
        status: "completed",
        conclusion: failsHere ? "failure" : "success",
        started_at: isoAt(start),
        completed_at: isoAt(stop),
      };
    });
    const done = steps.every((s) => s.status === "completed");
    const failed = steps.some((s) => s.conclusion === "failure");
    const cancelled = steps.some((s) => s.conclusion === "cancelled");
    const queued = steps.every((s) => s.status === "queued");
    return {
      id: run.id * 10 + index + 1,
      name: job.name,
      status: done ? "completed" : queued ? "queued" : "in_progress",
      conclusion: done
        ? failed
          ? "failure"
          : cancelled
            ? "cancelled"
            : steps.every((s) => s.conclusion === "skipped")
              ? "skipped"
              : "success"
        : null,
      started_at: isoAt(jobStart),
      completed_at: done ? (steps.findLast((s) => s.completed_at)?.completed_at ?? null) : null,
      steps,
    };
  });
}

/** When the current attempt completes, if nothing cancels it. */
export function completesAt(run: Run, stepMs: number): number {
  const steps = run.workflow.jobs.reduce((n, job) => n + job.steps.length, 0);
  return run.startedAt + stepMs * (steps + 1);
}

export function runStatus(run: Run, now: number, stepMs: number) {
  const jobs = jobsAt(run, now, stepMs);
  if (jobs.every((j) => j.status === "completed")) {
    const conclusion = jobs.some((j) => j.conclusion === "failure")
      ? "failure"
      : jobs.some((j) => j.conclusion === "cancelled")
        ? "cancelled"
        : "success";
    return { status: "completed" as const, conclusion };
  }
  if (now < run.startedAt + stepMs && run.cancelledAt === undefined) {
    return { status: "queued" as const, conclusion: null };
  }
  return { status: "in_progress" as const, conclusion: null };
}

/** A job's log as GitHub serves it: timestamped lines, a group per step. */
export function jobLog(run: Run, job: JobState): string {
  const lines: string[] = [];
  for (const step of job.steps) {
    if (step.started_at === null) continue;
    lines.push(`${step.started_at} ##[group]Run ${step.name}`);
    if (step.name === "Test" || step.name === "Build") {
      for (let i = 1; i <= 40; i++)
        lines.push(`${step.started_at} ${step.name.toLowerCase()} line ${i}`);
    }
    if (step.conclusion === "failure") {
      lines.push(`${step.started_at} ##[error]Process completed with exit code 1.`);
    }
    lines.push(`${step.started_at} ##[endgroup]`);
  }
  lines.push(`${isoAt(run.startedAt)} Job ${job.name} of run ${run.id} (attempt ${run.attempt})`);
  return `${lines.join("\n")}\n`;
}
