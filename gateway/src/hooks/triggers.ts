import { globToRegExp } from "@agent-mesh/core";
import {
  evaluateTemplate,
  parseTemplate,
  resolveArgs,
  type Template,
  truthy,
} from "../workflows/expression/index.js";
import type { TriggerConfig } from "./config.js";
import type { Delivery } from "./delivery.js";

/** What expressions in a trigger see: the event body and the delivery's own facts. */
export interface TriggerScope {
  event: unknown;
  delivery: { source: string; id: string; type: string; timestamp: number | null };
}

/** One trigger that matched a delivery: the run to start, or why its filter or params failed. */
export type Fired =
  | { on: string; workflow: string; params: Record<string, unknown>; key: string }
  | { on: string; workflow: string; error: string };

/** The triggers of mesh.yaml, compiled: which ones a delivery fires, with their params. */
export class Triggers {
  private readonly compiled: Array<{
    trigger: TriggerConfig;
    pattern: RegExp;
    filter: Template | undefined;
  }>;

  /** Triggers as mesh.yaml's schema checked them (their templates parse). */
  constructor(triggers: readonly TriggerConfig[]) {
    this.compiled = triggers.map((trigger) => ({
      trigger,
      pattern: onPattern(trigger.on),
      filter: trigger.filter === undefined ? undefined : parseTemplate(trigger.filter),
    }));
  }

  /** Whether any trigger listens to this source at all. */
  listensTo(source: string): boolean {
    return this.compiled.some(({ trigger }) => trigger.on.split(".")[0] === source);
  }

  /**
   * The triggers this delivery fires, in mesh.yaml order. Each run's idempotency key is the
   * delivery id (with the source and workflow), so a delivery retried by its platform, or one
   * reaching two replicas, starts each workflow once.
   */
  fire(delivery: Delivery): Fired[] {
    const scope: TriggerScope = {
      event: delivery.event,
      delivery: {
        source: delivery.source,
        id: delivery.id,
        type: delivery.type,
        timestamp: delivery.timestamp ?? null,
      },
    };
    const name = `${delivery.source}.${delivery.type}`;
    const fired: Fired[] = [];
    const seen = new Map<string, number>();
    for (const { trigger, pattern, filter } of this.compiled) {
      if (!pattern.test(name)) continue;
      const base = { on: trigger.on, workflow: trigger.run };
      try {
        if (filter && !truthy(evaluateTemplate(filter, scope))) continue;
        const params = resolveArgs(trigger.params, scope) as Record<string, unknown>;
        const count = (seen.get(trigger.run) ?? 0) + 1;
        seen.set(trigger.run, count);
        const key = `hook:${delivery.source}:${delivery.id}:${trigger.run}${count > 1 ? `:${count}` : ""}`;
        fired.push({ ...base, params, key });
      } catch (err) {
        fired.push({ ...base, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return fired;
  }
}

/** `on:` as a pattern over source.type: itself, any event under it, `*` any run of characters. */
function onPattern(on: string): RegExp {
  const exact = globToRegExp(on).source.replace(/\$$/, "");
  return new RegExp(`${exact}(\\..+)?$`);
}
