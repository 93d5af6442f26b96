import type { AnyPlatform, Redactor, SharedState } from "@agent-mesh/core";
import { Catalog, type ToolReview } from "./catalog/catalog.js";
import type { MeshConfig } from "./config/schema.js";
import { configSecrets, environmentSecrets } from "./config/secrets.js";
import { Downstream, type DownstreamEvents } from "./downstream/downstream.js";
import { downstreamSpecs } from "./downstream/specs.js";
import type { DownstreamSpec } from "./downstream/types.js";

export interface SupervisorOptions {
  platforms: readonly AnyPlatform[];
  env: Record<string, string | undefined>;
  overrides?: Record<string, Record<string, string>> | undefined;
  /** Shared with the platforms' runtimes: idempotency records, claims, confirmations. */
  state: SharedState;
  redactor: Redactor;
  /** What downstreams report besides catalog changes: notifications, requests, log lines. */
  events: Omit<DownstreamEvents, "changed" | "redact">;
  /** The catalog was rebuilt. */
  onCatalog(catalog: Catalog): void;
  /** Pinning and scanning of third-party tools: the ones to hide. */
  review?: ToolReview;
  /** The gateway's own downstream (`mesh`) for a config, when it has something to serve. */
  own?: (config: MeshConfig) => DownstreamSpec | undefined;
}

export interface ApplyResult {
  added: string[];
  removed: string[];
  changed: string[];
}

/**
 * Owns the downstreams and the catalog: starts, keeps, restarts or stops downstreams so that
 * they match the config, and rebuilds the merged catalog whenever one of them changes.
 */
export class Supervisor {
  catalog = new Catalog([]);
  config: MeshConfig | undefined;
  private readonly downstreams = new Map<string, Downstream>();
  private closed = false;
  /** The apply in progress, so that a list waits for servers it is about to start. */
  private applying: Promise<unknown> = Promise.resolve();
  private readonly events: DownstreamEvents;

  constructor(private readonly options: SupervisorOptions) {
    this.events = {
      ...options.events,
      changed: () => this.rebuild(),
      redact: (text) => options.redactor.text(text),
    };
  }

  /** True while some downstream is still making its first connection. */
  get starting(): boolean {
    return this.list().some((downstream) => downstream.state === "starting");
  }

  list(): Downstream[] {
    return [...this.downstreams.values()];
  }

  get(name: string): Downstream | undefined {
    return this.downstreams.get(name);
  }

  apply(config: MeshConfig): Promise<ApplyResult> {
    const applied = this.applyNow(config);
    this.applying = applied.catch(() => {});
    return applied;
  }

  private async applyNow(config: MeshConfig): Promise<ApplyResult> {
    if (this.closed) throw new Error("the mesh is closed");
    this.config = config;
    this.options.redactor.add(
      ...configSecrets(config, this.options.platforms),
      ...environmentSecrets(this.options.platforms, this.options.env),
    );
    const specs = downstreamSpecs(config, {
      platforms: this.options.platforms,
      env: this.options.env,
      overrides: this.options.overrides,
      state: this.options.state,
      confirmSecret: config.state?.confirm_secret,
    });
    const own = this.options.own?.(config);
    if (own) specs.push(own);
    const added: string[] = [];
    const changed: string[] = [];
    const wanted = new Set(specs.map((spec) => spec.name));
    const removed = [...this.downstreams.keys()].filter((name) => !wanted.has(name));
    const stopping = removed.map((name) => this.downstreams.get(name)!.stop());
    const next = new Map<string, Downstream>();
    for (const spec of specs) {
      const current = this.downstreams.get(spec.name);
      if (current && current.spec.fingerprint === spec.fingerprint) {
        next.set(spec.name, current);
        continue;
      }
      if (current) {
        changed.push(spec.name);
        stopping.push(current.stop());
      } else {
        added.push(spec.name);
      }
      next.set(spec.name, new Downstream(spec, this.events));
    }
    this.downstreams.clear();
    for (const [name, downstream] of next) this.downstreams.set(name, downstream);
    await Promise.all(stopping);
    for (const downstream of next.values()) void downstream.start();
    this.rebuild();
    return { added, removed, changed };
  }

  /** Resolves when every downstream's first connection attempt has finished, or after `maxMs`. */
  async settled(maxMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.applying.then(() => Promise.all(this.list().map((downstream) => downstream.settled()))),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, maxMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.list().map((downstream) => downstream.stop()));
    this.downstreams.clear();
  }

  /** Rebuilds the catalog now (after tools were approved out of quarantine). */
  rebuild(): void {
    if (this.closed) return;
    this.catalog = new Catalog(this.list(), this.config?.tools, this.options.review);
    this.options.onCatalog(this.catalog);
  }
}
