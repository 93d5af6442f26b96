import { PlatformError } from "@agent-mesh/core";
import twilio from "twilio";
import { FetchRequestClient } from "./http-client.js";
import { RecentRecipients } from "./recent-recipients.js";

export interface ClientConfig {
  accountSid: string;
  authToken?: string | undefined;
  apiKey?: string | undefined;
  apiSecret?: string | undefined;
  baseUrl?: string | undefined;
  edge?: string | undefined;
  region?: string | undefined;
  from: string[];
  recipients: string[];
  countries: string[];
  verifyServices: string[];
  confirmSegments: number;
  confirmRecipientsPerMinute: number;
}

/** The SDK client plus what the tools decide with: the operator's lists and limits. */
export interface TwilioClient {
  sdk: twilio.Twilio;
  config: ClientConfig;
  /** Distinct recipients messaged in the last minute by this server, for confirmation. */
  recent: RecentRecipients;
}

/**
 * The official SDK, unmodified: its httpClient option (the SDK's own extension point) sends every
 * request through fetch, to the sandbox or a proxy when TWILIO_API_URL is set. Auth is the
 * account SID and auth token, or an API key SID and secret for the account.
 */
export function createClient(config: ClientConfig, fetch: typeof globalThis.fetch): TwilioClient {
  const [username, password] =
    config.apiKey && config.apiSecret
      ? [config.apiKey, config.apiSecret]
      : [config.accountSid, config.authToken];
  if (!password) {
    throw new PlatformError(
      "not_configured",
      "Twilio is not configured: set TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET) in the server's environment and call again.",
      { details: { variables: ["TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"] } },
    );
  }
  const httpClient = new FetchRequestClient({ fetch, baseUrl: config.baseUrl });
  const sdk = twilio(username, password, {
    accountSid: config.accountSid,
    edge: config.edge,
    region: config.region,
    env: {},
    httpClient: httpClient as unknown as twilio.RequestClient,
  });
  return { sdk, config, recent: new RecentRecipients() };
}
