import type { HttpRoute } from "@agent-mesh/core/node";
import type { Mesh } from "../mesh.js";
import { HOOKS_DEFAULTS, type TriggerConfig } from "./config.js";
import { hookRoute } from "./route.js";
import type { WorkflowStarter } from "./starter.js";
import { Triggers } from "./triggers.js";

export {
  HOOKS_DEFAULTS,
  type HooksConfig,
  hooksSection,
  type TriggerConfig,
  triggersSection,
} from "./config.js";
export type { Delivery, Refusal, RefusalCode } from "./delivery.js";
export { HOOKS_PREFIX } from "./route.js";
export { hookSecretChecks, type SecretCheck } from "./secret-checks.js";
export { HOOK_SOURCE_NAMES, HOOK_SOURCES, type HookSource } from "./sources.js";
export type { StartRequest, WorkflowStarter } from "./starter.js";
export { type TriggerScope, Triggers } from "./triggers.js";

export interface HookRoutesOptions {
  /** Starts the runs triggers ask for; default the mesh's workflow service. */
  starter?: WorkflowStarter;
  now?: () => number;
}

/** POST /hooks/<source> for the mesh: its config, triggers, secrets, state, metrics and audit. */
export function hookRoutes(mesh: Mesh, options: HookRoutesOptions = {}): HttpRoute[] {
  let compiled: { from: readonly TriggerConfig[]; triggers: Triggers } | undefined;
  const triggers = () => {
    const current = mesh.config?.triggers ?? [];
    // Recompiled after a reload changed them, else reused.
    if (compiled?.from !== current) {
      compiled = { from: current, triggers: new Triggers(current) };
    }
    return compiled.triggers;
  };
  return [
    hookRoute({
      config: () => mesh.config?.hooks ?? HOOKS_DEFAULTS,
      triggers,
      secret: (platform, key) => mesh.integrationSetting(platform, key),
      starter: options.starter ?? meshStarter(mesh),
      state: mesh.state,
      metrics: mesh.metrics,
      audit: () => mesh.audit,
      ...(options.now ? { now: options.now } : {}),
    }),
  ];
}

/** The mesh's own workflow service, as it is when a delivery arrives (a reload may start it). */
function meshStarter(mesh: Mesh): WorkflowStarter {
  return {
    start(request) {
      if (!mesh.workflows) {
        return Promise.reject(
          new Error("the workflow engine is not running (mesh.yaml defines no workflows)"),
        );
      }
      return mesh.workflows.start(request);
    },
  };
}
