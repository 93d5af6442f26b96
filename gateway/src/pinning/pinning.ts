import type { Logger } from "@agent-mesh/core";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { PinningConfig } from "./config.js";
import { type MeshLock, readLock, writeLock } from "./lock-file.js";
import { type Finding, scanTool } from "./scan.js";
import { toolPin } from "./tool-pin.js";

/** A third-party tool hidden until an operator accepts it. */
export interface Quarantined {
  server: string;
  tool: string;
  /** changed: its pin differs from mesh.lock (a rug pull?); new: not in mesh.lock; finding: the scan. */
  reason: "changed" | "new" | "finding";
}

export interface ScanReport {
  server: string;
  tool: string;
  findings: Finding[];
}

export interface PinningOptions {
  /** mesh.lock beside mesh.yaml; without one (no mesh.yaml) nothing is pinned. */
  lockPath: string | undefined;
  /** --no-pin: pinning off whatever mesh.yaml says. */
  disabled?: boolean;
  config: () => PinningConfig;
  audit: () => AuditLog | undefined;
  logger: Logger;
}

/**
 * Tool pinning and description scanning for third-party servers. The first time a server is
 * seen, its tools' pins go to mesh.lock; later, a tool whose pin changed, or a new tool, is
 * quarantined (hidden from every caller, audited) until `agent-mesh tools approve`. Every
 * description and schema is scanned; findings warn, or quarantine as `pinning.on_finding` says.
 */
export class Pinning {
  private lock: MeshLock | undefined;
  private readonly reported = new Set<string>();
  private readonly quarantine = new Map<string, Quarantined>();
  private readonly scans = new Map<string, ScanReport>();

  constructor(private readonly options: PinningOptions) {}

  get enabled(): boolean {
    return (
      this.options.lockPath !== undefined && !this.options.disabled && this.options.config().enabled
    );
  }

  /** Tools hidden now, for doctor and the operator. */
  get quarantined(): Quarantined[] {
    return [...this.quarantine.values()];
  }

  /** Scan findings of the tools seen, for doctor. */
  get findings(): ScanReport[] {
    return [...this.scans.values()].filter((report) => report.findings.length > 0);
  }

  /** True once the server's tools are in mesh.lock (its results are then trusted by default). */
  pinned(server: string): boolean {
    return this.enabled && this.readLock().servers[server] !== undefined;
  }

  /**
   * Reviews one third-party server's listing; returns the names of the tools to hide. Called on
   * every catalog rebuild, so it must be cheap and idempotent: records and logs happen once.
   */
  review(server: string, tools: readonly Tool[], otherTools: readonly string[]): Set<string> {
    const hidden = new Set<string>();
    const onFinding = this.options.config().on_finding;
    const pins = new Map<string, string>();
    for (const [key, entry] of this.quarantine)
      if (entry.server === server) this.quarantine.delete(key);
    for (const tool of tools) {
      const pin = toolPin(tool);
      pins.set(tool.name, pin);
      const findings = scanTool(tool, otherTools);
      this.scans.set(`${server}/${tool.name}`, { server, tool: tool.name, findings });
      if (findings.length > 0) {
        this.once(`finding:${server}/${tool.name}:${pin}`, () => {
          for (const finding of findings)
            this.options.logger.warn(`${server}: possible prompt injection: ${finding.message}`);
          this.options.audit()?.event({
            kind: "finding",
            caller: "gateway",
            tool: tool.name,
            downstream: server,
            outcome: onFinding === "quarantine" ? "quarantined" : "warned",
            detail: { findings },
          });
        });
        if (onFinding === "quarantine") this.hide(hidden, server, tool.name, "finding", pin);
      }
    }
    if (!this.enabled) return hidden;
    let lock: MeshLock;
    try {
      lock = this.readLock();
    } catch (err) {
      // A lock that cannot be read pins nothing: every tool waits, rather than trusting all.
      this.once(`lock-error:${String(err)}`, () => this.options.logger.error(String(err)));
      for (const name of pins.keys()) hidden.add(name);
      return hidden;
    }
    const known = lock.servers[server];
    if (!known) {
      // First sight: pin what passed the scan.
      lock.servers[server] = Object.fromEntries([...pins].filter(([name]) => !hidden.has(name)));
      this.saveLock(lock);
      this.options.logger.info(`${server}: pinned ${pins.size - hidden.size} tools in mesh.lock`);
      return hidden;
    }
    for (const [name, pin] of pins) {
      if (hidden.has(name) || known[name] === pin) continue;
      this.hide(hidden, server, name, known[name] === undefined ? "new" : "changed", pin);
    }
    return hidden;
  }

  /**
   * Accepts a server's tools as they are now (or one of them): their pins go to mesh.lock and
   * they leave quarantine at the next catalog rebuild. Returns the tools accepted.
   */
  approve(server: string, tools: readonly Tool[], only?: string): string[] {
    if (this.options.lockPath === undefined) {
      throw new Error("there is no mesh.yaml, so there is no mesh.lock to pin tools in");
    }
    const chosen = only === undefined ? tools : tools.filter((tool) => tool.name === only);
    if (only !== undefined && chosen.length === 0) {
      throw new Error(`${server} has no tool named ${only}`);
    }
    const lock = this.readLock();
    const entry = only === undefined ? {} : { ...lock.servers[server] };
    for (const tool of chosen) entry[tool.name] = toolPin(tool);
    lock.servers[server] = entry;
    this.saveLock(lock);
    for (const tool of chosen) {
      this.quarantine.delete(`${server}/${tool.name}`);
      this.options.audit()?.event({
        kind: "quarantine",
        caller: "operator",
        tool: tool.name,
        downstream: server,
        outcome: "approved",
      });
    }
    return chosen.map((tool) => tool.name);
  }

  private hide(
    hidden: Set<string>,
    server: string,
    tool: string,
    reason: Quarantined["reason"],
    pin: string,
  ): void {
    hidden.add(tool);
    this.quarantine.set(`${server}/${tool}`, { server, tool, reason });
    this.once(`quarantine:${server}/${tool}:${pin}`, () => {
      this.options.logger.warn(
        `${server}: ${tool} is quarantined (${reason === "changed" ? "its description, schema or annotations changed since mesh.lock" : reason === "new" ? "it is not in mesh.lock" : "its description looks like prompt injection"}); accept it with \`agent-mesh tools approve ${server} ${tool}\``,
      );
      this.options.audit()?.event({
        kind: "quarantine",
        caller: "gateway",
        tool,
        downstream: server,
        outcome: "quarantined",
        detail: { reason, pin },
      });
    });
  }

  private once(key: string, work: () => void): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    work();
  }

  private readLock(): MeshLock {
    this.lock ??= readLock(this.options.lockPath!);
    return this.lock;
  }

  private saveLock(lock: MeshLock): void {
    this.lock = lock;
    try {
      writeLock(this.options.lockPath!, lock);
    } catch (err) {
      this.options.logger.error(`cannot write ${this.options.lockPath}: ${String(err)}`);
    }
  }
}
