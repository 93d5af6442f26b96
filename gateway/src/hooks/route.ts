import type { IncomingMessage, ServerResponse } from "node:http";
import type { Caller } from "@agent-mesh/core";
import type { HttpRoute } from "@agent-mesh/core/node";
import type { AuditLog } from "../audit/audit-log.js";
import type { MeshMetrics } from "../metrics/index.js";
import type { MeshState } from "../state/index.js";
import { WorkflowInputError } from "../workflows/params.js";
import type { HooksConfig } from "./config.js";
import type { Delivery, RawRequest, Refusal } from "./delivery.js";
import { readBody } from "./read-body.js";
import { ReplayGuard } from "./replay.js";
import { HOOK_SOURCES } from "./sources.js";
import type { WorkflowStarter } from "./starter.js";
import type { Triggers } from "./triggers.js";

/** Where the platforms deliver: POST /hooks/<source>. */
export const HOOKS_PREFIX = "/hooks";

/** What the route reads from the running mesh, each time (a reload may change any of it). */
export interface HookRouteDeps {
  config(): HooksConfig;
  triggers(): Triggers;
  /** The signing secret of an integration's setting, or undefined when unset. */
  secret(platform: string, key: string): string | undefined;
  starter: WorkflowStarter;
  state: MeshState;
  metrics: MeshMetrics;
  audit(): AuditLog | undefined;
  now?: () => number;
}

/**
 * POST /hooks/<source>: the body is read (up to hooks.max_body), verified by the platform's
 * own scheme, checked against replays in the shared state, and only then matched against
 * `triggers:`, each match starting its workflow with the delivery id as idempotency key.
 * Every refusal is answered 4xx with a JSON error, counted and audited; no secret is echoed.
 */
export function hookRoute(deps: HookRouteDeps): HttpRoute {
  const now = deps.now ?? Date.now;
  return {
    method: "POST",
    path: `${HOOKS_PREFIX}/*`,
    public: true,
    async handle(req, res, caller) {
      const name = (req.url ?? "").split("?", 1)[0]!.slice(HOOKS_PREFIX.length + 1);
      const refused = (refusal: Refusal, delivery?: Delivery) => {
        const source = HOOK_SOURCES[name] ? name : "unknown";
        deps.metrics.webhook(source, refusal.code);
        deps.audit()?.event({
          kind: "webhook",
          caller: `webhook:${source}`,
          address: caller.address,
          outcome: refusal.code,
          detail: {
            source,
            reason: refusal.message,
            ...(delivery ? { delivery: delivery.id, type: delivery.type } : {}),
          },
        });
        send(
          res,
          refusal.status,
          { error: refusal.code, message: refusal.message },
          refusal.status === 413,
        );
      };
      const source = HOOK_SOURCES[name];
      if (!source) {
        return refused({
          status: 404,
          code: "unknown_source",
          message: `no webhook source "${name.slice(0, 40)}": POST to /hooks/stripe, /hooks/github, /hooks/twilio or /hooks/vercel`,
        });
      }
      const secret = deps.secret(source.platform, source.secretKey);
      if (!secret) {
        return refused({
          status: 503,
          code: "not_configured",
          message: `the gateway has no ${source.name} signing secret: set ${source.secretEnv} (or integrations.${source.platform}.${snake(source.secretKey)} in mesh.yaml)`,
        });
      }
      const config = deps.config();
      const body = await readBody(req, config.max_body);
      if (!body) {
        return refused({
          status: 413,
          code: "too_large",
          message: `the body is larger than hooks.max_body (${config.max_body} bytes)`,
        });
      }
      const request: RawRequest = {
        body,
        headers: req.headers,
        url: publicUrl(req, config.public_url),
        now: Math.floor(now() / 1000),
      };
      const verified = await source.verify(request, secret, Math.round(config.tolerance / 1000));
      if (!verified.ok) return refused(verified.refusal);
      const delivery = verified.delivery;
      const replay = new ReplayGuard(deps.state, config.tolerance);
      if (!(await replay.claim(delivery))) {
        return refused(
          {
            status: 400,
            code: "replayed",
            message: `delivery ${delivery.id} was already received: a replayed copy is refused (a retry by the platform is signed anew)`,
          },
          delivery,
        );
      }
      let runs: Array<Record<string, string>>;
      try {
        runs = await start(deps, delivery, webhookCaller(source.name, caller));
      } catch (err) {
        // Nothing was started for sure: forget the delivery so the platform's retry is taken.
        await replay.release(delivery).catch(() => {});
        deps.metrics.webhook(source.name, "error");
        deps.audit()?.event({
          kind: "webhook",
          caller: `webhook:${source.name}`,
          address: caller.address,
          outcome: "error",
          detail: {
            source: source.name,
            delivery: delivery.id,
            type: delivery.type,
            error: String(err),
          },
        });
        return send(res, 503, {
          error: "start_failed",
          message: `the workflow could not be started (${err instanceof Error ? err.message : String(err)}); the platform's retry will try again`,
        });
      }
      const outcome =
        runs.length === 0 ? "ignored" : runs.some((r) => r.error) ? "partial" : "accepted";
      deps.metrics.webhook(source.name, outcome);
      deps.audit()?.event({
        kind: "webhook",
        caller: `webhook:${source.name}`,
        address: caller.address,
        outcome,
        detail: { source: source.name, delivery: delivery.id, type: delivery.type, runs },
      });
      send(res, 200, {
        received: true,
        source: source.name,
        delivery: delivery.id,
        type: delivery.type,
        runs,
      });
    },
  };
}

async function start(
  deps: HookRouteDeps,
  delivery: Delivery,
  caller: Caller,
): Promise<Array<Record<string, string>>> {
  const runs: Array<Record<string, string>> = [];
  for (const fired of deps.triggers().fire(delivery)) {
    if ("error" in fired) {
      runs.push({ on: fired.on, workflow: fired.workflow, error: fired.error });
      continue;
    }
    try {
      const { runId } = await deps.starter.start({
        workflow: fired.workflow,
        params: fired.params,
        caller,
        idempotencyKey: fired.key,
      });
      runs.push({ on: fired.on, workflow: fired.workflow, run: runId });
    } catch (err) {
      // Params this event cannot give (a missing field): a retry would not help, so say why.
      if (!(err instanceof WorkflowInputError)) throw err;
      runs.push({ on: fired.on, workflow: fired.workflow, error: err.message });
    }
  }
  return runs;
}

/** The caller a webhook's runs act as: the platform, from the peer's address. */
function webhookCaller(source: string, peer: Caller): Caller {
  return {
    id: `webhook:${source}`,
    name: `${source} webhook`,
    kind: "webhook",
    roles: [],
    ...(peer.address ? { address: peer.address } : {}),
  };
}

/** The URL the platform called: hooks.public_url's origin, else http:// and the Host header. */
function publicUrl(req: IncomingMessage, base: string | undefined): string {
  const origin = base ? base.replace(/\/+$/, "") : `http://${req.headers.host ?? "localhost"}`;
  return `${origin}${req.url ?? "/"}`;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...(close ? { connection: "close" } : {}),
  });
  res.end(text);
}
