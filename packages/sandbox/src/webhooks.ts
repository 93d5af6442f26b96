import { randomUUID } from "node:crypto";
import { signature as githubSignature } from "./github/webhooks.js";
import { signature as stripeSignature } from "./stripe/store.js";
import { signature as twilioSignature } from "./twilio/callbacks.js";
import { signature as vercelSignature } from "./vercel/webhook.js";

/** A webhook as a platform sends it: the exact body and the headers, signature included. */
export interface SignedWebhook {
  headers: Record<string, string>;
  body: string;
}

/**
 * Stripe: an event (its id and type are the delivery's), signed with Stripe-Signature
 * `t=<timestamp>,v1=...` at `timestamp` (seconds; default now).
 */
export function signedStripeEvent(
  event: { id: string; type: string; [key: string]: unknown },
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): SignedWebhook {
  const body = JSON.stringify({ object: "event", api_version: "2025-01-27", ...event }, null, 2);
  return {
    body,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      "stripe-signature": stripeSignature(body, secret, timestamp),
    },
  };
}

/** GitHub: a payload for X-GitHub-Event `event`, signed with X-Hub-Signature-256. */
export function signedGithubDelivery(
  event: string,
  payload: unknown,
  secret: string,
  delivery: string = randomUUID(),
): SignedWebhook {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/sandbox",
      "x-github-event": event,
      "x-github-delivery": delivery,
      "x-hub-signature-256": githubSignature(body, secret),
    },
  };
}

/** Twilio: form fields posted to `url`, signed with X-Twilio-Signature under the auth token. */
export function signedTwilioCallback(
  url: string,
  params: Record<string, string>,
  authToken: string,
  idempotencyToken: string = randomUUID(),
): SignedWebhook {
  return {
    body: new URLSearchParams(params).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": "TwilioProxy/1.1",
      "i-twilio-idempotency-token": idempotencyToken,
      "x-twilio-signature": twilioSignature(authToken, url, params),
    },
  };
}

/** Vercel: a webhook event ({ id, type, createdAt, payload }), signed with x-vercel-signature. */
export function signedVercelEvent(
  event: { id: string; type: string; [key: string]: unknown },
  secret: string,
): SignedWebhook {
  const body = JSON.stringify({ createdAt: Date.now(), payload: {}, ...event });
  return {
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "Vercel-Webhook/sandbox",
      "x-vercel-signature": vercelSignature(body, secret),
    },
  };
}

/** Posts a signed webhook to `url` (as the platform would) and answers the status and JSON body. */
export async function sendWebhook(
  url: string,
  webhook: SignedWebhook,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: "POST",
    headers: webhook.headers,
    body: webhook.body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text);
  } catch {
    body = { text };
  }
  return { status: response.status, body };
}
