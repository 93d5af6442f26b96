import { JsonClient } from "@agent-mesh/core";

export interface ClientConfig {
  apiKey: string;
  baseUrl: string;
}

export type ApiClient = JsonClient;

/** The platform's HTTP client; swap in the official SDK when the platform has one. */
export function createClient(config: ClientConfig, fetch: typeof globalThis.fetch): ApiClient {
  return new JsonClient({
    baseUrl: config.baseUrl,
    headers: { authorization: `Bearer ${config.apiKey}` },
    fetch,
  });
}
