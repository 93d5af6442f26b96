import { checkAllowList, isAllowed, PlatformError } from "@agent-mesh/core";
import Stripe from "stripe";
import { maxAmounts } from "./money.js";

export interface ClientConfig {
  secretKey: string;
  baseUrl?: string | undefined;
  maxAmount: string[];
  customers: string[];
}

/** The official SDK, pointed at STRIPE_API_URL when set, plus the operator's limits. */
export class StripeClient {
  readonly sdk: Stripe;
  /** sk_live_ or rk_live_: every confirmation says LIVE MODE. */
  readonly live: boolean;
  readonly maxAmounts: ReadonlyMap<string, number>;
  private readonly customers: readonly string[];

  constructor(config: ClientConfig) {
    const url = config.baseUrl ? new URL(config.baseUrl) : undefined;
    this.sdk = new Stripe(config.secretKey, {
      // The SDK's pinned API version; the stand-in and the real API both answer it.
      maxNetworkRetries: 0, // core and the gateway decide about retries; every POST has a key
      timeout: 30_000,
      telemetry: false,
      appInfo: { name: "agent-mesh", url: "https://github.com/agent-mesh" },
      ...(url && {
        host: url.hostname,
        port: url.port || (url.protocol === "http:" ? "80" : "443"),
        protocol: url.protocol === "http:" ? "http" : "https",
      }),
    });
    this.live = /^(sk|rk)_live_/.test(config.secretKey);
    this.maxAmounts = maxAmounts(config.maxAmount);
    this.customers = config.customers;
  }

  /** Refuses a customer outside STRIPE_CUSTOMERS (policy_denied) before any request. */
  checkCustomer(id: string | undefined | null): void {
    if (id) checkAllowList({ noun: "customer", env: "STRIPE_CUSTOMERS" }, this.customers, id);
  }

  /**
   * For list tools filtered by customer: with STRIPE_CUSTOMERS set, the filter is required (a
   * list across all customers would show the others) and must be allowed.
   */
  scopeToCustomer(id: string | undefined): void {
    if (id === undefined && this.customers.length > 0) {
      throw new PlatformError(
        "policy_denied",
        "STRIPE_CUSTOMERS limits this server to some customers: pass customer to list theirs.",
        { details: { variable: "STRIPE_CUSTOMERS" } },
      );
    }
    this.checkCustomer(id);
  }

  /** Whether a customer is within STRIPE_CUSTOMERS (always, when it is empty). */
  allows(id: string): boolean {
    return this.customers.length === 0 || isAllowed(this.customers, id);
  }

  /** Prefix for confirmation messages: live keys move real money. */
  get mode(): string {
    return this.live ? "LIVE MODE: " : "";
  }
}

export function createClient(config: ClientConfig): StripeClient {
  return new StripeClient(config);
}
