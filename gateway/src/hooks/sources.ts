import type { RawRequest, Verified } from "./delivery.js";
import { verifyGithub } from "./verify-github.js";
import { verifyStripe } from "./verify-stripe.js";
import { verifyTwilio } from "./verify-twilio.js";
import { verifyVercel } from "./verify-vercel.js";

/** A platform that can start workflows: where its signing secret lives and how it signs. */
export interface HookSource {
  name: string;
  /** The integration (first-party platform) whose settings hold the secret. */
  platform: string;
  /** The setting key of the signing secret in that platform's config. */
  secretKey: string;
  /** Its environment variable, for error messages and `agent-mesh doctor`. */
  secretEnv: string;
  verify(
    request: RawRequest,
    secret: string,
    toleranceSeconds: number,
  ): Verified | Promise<Verified>;
}

/** Every webhook source, by name (the path segment of /hooks/<source> and the prefix of `on:`). */
export const HOOK_SOURCES: Readonly<Record<string, HookSource>> = {
  stripe: {
    name: "stripe",
    platform: "stripe",
    secretKey: "webhookSecret",
    secretEnv: "STRIPE_WEBHOOK_SECRET",
    verify: verifyStripe,
  },
  github: {
    name: "github",
    platform: "github",
    secretKey: "webhookSecret",
    secretEnv: "GITHUB_WEBHOOK_SECRET",
    verify: (request, secret) => verifyGithub(request, secret),
  },
  twilio: {
    name: "twilio",
    platform: "twilio",
    // Twilio signs with the account's auth token; there is no separate webhook secret.
    secretKey: "authToken",
    secretEnv: "TWILIO_AUTH_TOKEN",
    verify: (request, secret) => verifyTwilio(request, secret),
  },
  vercel: {
    name: "vercel",
    platform: "vercel",
    secretKey: "webhookSecret",
    secretEnv: "VERCEL_WEBHOOK_SECRET",
    verify: (request, secret) => verifyVercel(request, secret),
  },
};

export const HOOK_SOURCE_NAMES = Object.keys(HOOK_SOURCES);
