import { createHmac, randomUUID } from "node:crypto";
import type { Hook } from "./state.js";

/**
 * Delivers one webhook as GitHub does: a JSON POST with X-GitHub-Event, X-GitHub-Delivery,
 * X-GitHub-Hook-ID and, when the hook has a secret, X-Hub-Signature-256 (HMAC-SHA256 of the
 * body). Failures are ignored, as a delivery that fails only shows up in GitHub's delivery log.
 */
export async function deliver(hook: Hook, event: string, payload: unknown): Promise<void> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/sandbox",
    "x-github-event": event,
    "x-github-delivery": randomUUID(),
    "x-github-hook-id": String(hook.id),
  };
  if (hook.secret) headers["x-hub-signature-256"] = signature(body, hook.secret);
  await fetch(hook.url, { method: "POST", headers, body }).catch(() => undefined);
}

/** GitHub's X-Hub-Signature-256: `sha256=` and the hex HMAC-SHA256 of the body. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Hooks of a repository that want an event. */
export function hooksFor(hooks: Hook[], repoId: number, event: string): Hook[] {
  return hooks.filter(
    (h) => h.active && h.repo.id === repoId && (h.events.includes(event) || h.events.includes("*")),
  );
}
