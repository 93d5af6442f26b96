import { z } from "zod";

/**
 * `pinning:` in mesh.yaml: third-party tools are pinned in mesh.lock on first sight; a changed or
 * new tool is quarantined until approved; descriptions are scanned for injection patterns.
 */
export const pinningSection = z.strictObject({
  enabled: z.boolean().default(true),
  /** What a scan finding does: `warn` (doctor and the audit log) or `quarantine` the tool. */
  on_finding: z.enum(["warn", "quarantine"]).default("warn"),
});

export type PinningConfig = z.output<typeof pinningSection>;
export const PINNING_DEFAULTS: PinningConfig = pinningSection.parse({});
