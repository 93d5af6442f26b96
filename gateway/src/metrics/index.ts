import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Outcome } from "../pipeline/outcome.js";
import { RecentCalls } from "./recent-calls.js";

export { RecentCalls } from "./recent-calls.js";

/** What the metrics read from the running mesh when Prometheus scrapes. */
export interface MeshGauges {
  sessions(): number;
  /** Each downstream's state (ready, starting, restarting, down, stopped). */
  downstreams(): Array<{ name: string; state: string }>;
  /** Shared state's health: ok, or the error that makes it unusable. */
  state?(): { kind: string; ok: boolean };
}

export interface CallObservation {
  tool: string;
  downstream: string;
  client: string;
  outcome: Outcome;
  seconds: number;
}

interface Series {
  calls: Map<Outcome, { inc(): void }>;
  duration: { observe(seconds: number): void };
}

const DOWNSTREAM_STATES = ["starting", "ready", "restarting", "down", "stopped"];

/**
 * The gateway's Prometheus metrics, in a registry of its own (never the global one, so two meshes
 * in one process do not mix): calls and errors by tool, downstream and client, latency
 * histograms, and gauges read at scrape time.
 */
export class MeshMetrics {
  readonly registry = new Registry();
  /** Each downstream's calls and errors in the last hour (mesh://status). */
  readonly recent = new RecentCalls();
  private readonly calls: Counter<"tool" | "downstream" | "client" | "outcome">;
  private readonly errors: Counter<"tool" | "downstream" | "client" | "code">;
  private readonly duration: Histogram<"tool" | "downstream" | "client">;
  private readonly violations: Counter<"kind" | "mode">;
  private readonly webhooks: Counter<"source" | "outcome">;
  private readonly series = new Map<string, Series>();

  constructor(gauges: MeshGauges) {
    const registers = [this.registry];
    this.calls = new Counter({
      name: "agent_mesh_tool_calls_total",
      help: "Tool calls through the mesh, by how they ended (ok or an error code)",
      labelNames: ["tool", "downstream", "client", "outcome"],
      registers,
    });
    this.errors = new Counter({
      name: "agent_mesh_tool_call_errors_total",
      help: "Tool calls that failed, by envelope code (protocol_error: a JSON-RPC error)",
      labelNames: ["tool", "downstream", "client", "code"],
      registers,
    });
    this.duration = new Histogram({
      name: "agent_mesh_tool_call_duration_seconds",
      help: "Tool call latency through the mesh, pipeline stages included",
      labelNames: ["tool", "downstream", "client"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.violations = new Counter({
      name: "agent_mesh_policy_violations_total",
      help: "Policy violations (rule, ip, resource, rate), refused when enforcing, let through when permissive",
      labelNames: ["kind", "mode"],
      registers,
    });
    this.webhooks = new Counter({
      name: "agent_mesh_webhook_deliveries_total",
      help: "Webhook deliveries on /hooks/<source>, by outcome (accepted, or why refused: missing_signature, bad_signature, stale, replayed, ...)",
      labelNames: ["source", "outcome"],
      registers,
    });
    new Gauge({
      name: "agent_mesh_sessions",
      help: "Open client sessions",
      registers,
      collect() {
        this.set(gauges.sessions());
      },
    });
    new Gauge({
      name: "agent_mesh_downstream_state",
      help: "1 for each downstream's current state",
      labelNames: ["downstream", "state"],
      registers,
      collect() {
        this.reset();
        for (const { name, state } of gauges.downstreams()) {
          for (const known of DOWNSTREAM_STATES) {
            this.set({ downstream: name, state: known }, known === state ? 1 : 0);
          }
        }
      },
    });
    if (gauges.state) {
      const read = gauges.state;
      new Gauge({
        name: "agent_mesh_shared_state_up",
        help: "1 when the shared state (memory or Redis) is usable, else 0",
        labelNames: ["kind"],
        registers,
        collect() {
          const { kind, ok } = read();
          this.reset();
          this.set({ kind }, ok ? 1 : 0);
        },
      });
    }
  }

  observe(call: CallObservation): void {
    const { tool, downstream, client, outcome, seconds } = call;
    const series = this.seriesOf(tool, downstream, client);
    let calls = series.calls.get(outcome);
    if (!calls) {
      calls = this.calls.labels({ tool, downstream, client, outcome });
      series.calls.set(outcome, calls);
    }
    calls.inc();
    if (outcome !== "ok") this.errors.inc({ tool, downstream, client, code: outcome });
    series.duration.observe(seconds);
    this.recent.record(downstream, outcome !== "ok");
  }

  /**
   * The labelled children of one tool, downstream and client, kept so a call does not make
   * prom-client hash its labels three times. Bounded like the series themselves: one entry per
   * tool and client that has been called.
   */
  private seriesOf(tool: string, downstream: string, client: string): Series {
    const key = `${tool}\u0000${downstream}\u0000${client}`;
    let series = this.series.get(key);
    if (!series) {
      series = { calls: new Map(), duration: this.duration.labels({ tool, downstream, client }) };
      this.series.set(key, series);
    }
    return series;
  }

  policyViolation(kind: string, mode: string): void {
    this.violations.inc({ kind, mode });
  }

  webhook(source: string, outcome: string): void {
    this.webhooks.inc({ source, outcome });
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
