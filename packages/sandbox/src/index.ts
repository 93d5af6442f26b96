export type { Fault, FaultMatch } from "./faults.js";
export { Faults } from "./faults.js";
export { sandboxAppKey } from "./github/app-auth.js";
export { GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID, GITHUB_WEBHOOK_SECRET } from "./github/data.js";
export { SEEDED_SECRET } from "./github/security-seed.js";
export { standIns } from "./platforms.js";
export type { RecordedRequest } from "./recorder.js";
export { Recorder } from "./recorder.js";
export type { StandIn, StandInContext } from "./stand-in.js";
export { defineStandIn } from "./stand-in.js";
export type { RunningSandbox, SandboxOptions } from "./start.js";
export { startSandbox } from "./start.js";
export { STRIPE_SANDBOX_KEYS, STRIPE_SANDBOX_WEBHOOK_SECRET } from "./stripe/index.js";
export type { UsedSandbox } from "./use-sandbox.js";
export { useSandbox } from "./use-sandbox.js";
export {
  type SignedWebhook,
  sendWebhook,
  signedGithubDelivery,
  signedStripeEvent,
  signedTwilioCallback,
  signedVercelEvent,
} from "./webhooks.js";
