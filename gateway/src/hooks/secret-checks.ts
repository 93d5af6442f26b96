import type { Mesh } from "../mesh.js";
import { HOOK_SOURCES } from "./sources.js";

export interface SecretCheck {
  ok: boolean;
  name: string;
  detail: string;
  fix?: string;
}

/**
 * For `agent-mesh doctor`: each webhook source that `triggers:` listen to must have its signing
 * secret, or every delivery is refused (503 not_configured). Never shows the secret.
 */
export function hookSecretChecks(mesh: Mesh): SecretCheck[] {
  const triggers = mesh.config?.triggers ?? [];
  const counts = new Map<string, number>();
  for (const trigger of triggers) {
    const source = trigger.on.split(".")[0]!;
    counts.set(source, (counts.get(source) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => {
    const source = HOOK_SOURCES[name]!;
    const listening = `${count} trigger${count === 1 ? "" : "s"} on /hooks/${name}`;
    if (mesh.integrationSetting(source.platform, source.secretKey)) {
      return { ok: true, name: `hooks/${name}`, detail: `${listening}; signing secret set` };
    }
    return {
      ok: false,
      name: `hooks/${name}`,
      detail: `${listening}, but no signing secret: every delivery is refused`,
      fix: `set ${source.secretEnv} (or integrations.${source.platform}.${source.secretKey.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} in mesh.yaml) to the secret ${name} signs its webhooks with`,
    };
  });
}
