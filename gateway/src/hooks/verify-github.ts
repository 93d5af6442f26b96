import { header, jsonObject, type RawRequest, refuse, type Verified } from "./delivery.js";
import { hmacMatches } from "./hmac.js";

/**
 * X-Hub-Signature-256: `sha256=` + HMAC-SHA256 of the raw body under the hook's secret. The
 * delivery id is X-GitHub-Delivery (kept by a redelivery); the type is X-GitHub-Event and the
 * payload's action: workflow_run.completed. GitHub signs no timestamp.
 */
export function verifyGithub(request: RawRequest, secret: string): Verified {
  const signature = header(request, "x-hub-signature-256");
  if (!signature) {
    return refuse(
      400,
      "missing_signature",
      "no X-Hub-Signature-256 header: give the GitHub webhook a secret (the same as GITHUB_WEBHOOK_SECRET)",
    );
  }
  if (!signature.startsWith("sha256=")) {
    return refuse(400, "missing_signature", "X-Hub-Signature-256 must be sha256=<hex>");
  }
  if (!hmacMatches("sha256", secret, request.body, signature.slice(7))) {
    return refuse(
      401,
      "bad_signature",
      "X-Hub-Signature-256 does not match the body with the configured secret (GITHUB_WEBHOOK_SECRET)",
    );
  }
  const id = header(request, "x-github-delivery");
  const name = header(request, "x-github-event");
  const event = jsonObject(request.body);
  if (!id || !name || !event) {
    return refuse(
      400,
      "bad_request",
      "a GitHub delivery needs X-GitHub-Delivery, X-GitHub-Event and a JSON body (content type application/json)",
    );
  }
  const type = typeof event.action === "string" ? `${name}.${event.action}` : name;
  return { ok: true, delivery: { source: "github", id, type, event } };
}
