import { EventEmitter } from "node:events";
import { MemoryState, type MemoryStateOptions } from "@agent-mesh/core";
import type { MeshState, StateHealth } from "./mesh-state.js";

/** The default: one process's memory. Right for one gateway; replicas need Redis. */
export class MemoryMeshState extends MemoryState implements MeshState {
  private readonly counters = new Map<string, { value: number; expiresAt: number }>();
  private readonly bus = new EventEmitter().setMaxListeners(0);
  private readonly clock: () => number;

  constructor(options: MemoryStateOptions = {}) {
    super(options);
    this.clock = options.now ?? Date.now;
  }

  async increment(key: string, by: number, ttlMs: number): Promise<number> {
    const now = this.clock();
    const current = this.counters.get(key);
    const live =
      current && current.expiresAt > now ? current : { value: 0, expiresAt: now + ttlMs };
    live.value += by;
    this.counters.set(key, live);
    if (this.counters.size > 10_000)
      for (const [name, counter] of this.counters)
        if (counter.expiresAt <= now) this.counters.delete(name);
    return live.value;
  }

  async publish(channel: string, message: string): Promise<void> {
    this.bus.emit(channel, message);
  }

  subscribe(channel: string, handler: (message: string) => void): () => void {
    this.bus.on(channel, handler);
    return () => this.bus.off(channel, handler);
  }

  health(): StateHealth {
    return { kind: "memory", ok: true };
  }

  async close(): Promise<void> {
    this.bus.removeAllListeners();
  }
}
