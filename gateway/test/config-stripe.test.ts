import { describe, expect, it } from "vitest";
import { formatIssue, parseConfig } from "../src/config/load.js";
import { firstPartyPlatforms } from "./platforms.js";

describe("mesh.yaml: integrations.stripe", () => {
  it("takes the seed's keys (secret_key, webhook_secret) and the server's limits", () => {
    const yaml = `integrations:
  stripe:
    secret_key: \${STRIPE_SECRET_KEY}
    webhook_secret: \${STRIPE_WEBHOOK_SECRET}
    max_amount: [usd:50000, jpy:100000]
    customers: [cus_team*]
    read_only: true
`;
    const result = parseConfig(yaml, "mesh.yaml", firstPartyPlatforms, {
      STRIPE_SECRET_KEY: "sk_test_51Abc",
      STRIPE_WEBHOOK_SECRET: "whsec_abc123",
    });
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
    expect(result.config.integrations?.stripe?.values).toEqual({
      secretKey: "sk_test_51Abc",
      webhookSecret: "whsec_abc123",
      maxAmount: "usd:50000,jpy:100000",
      customers: "cus_team*",
      readOnly: "true",
    });
  });

  it("refuses a malformed limit without echoing a secret", () => {
    const result = parseConfig(
      "integrations:\n  stripe:\n    secret_key: pk_live_s3cr3t\n    max_amount: lots\n",
      "mesh.yaml",
      firstPartyPlatforms,
      {},
    );
    if (result.ok) throw new Error("expected the config to be refused");
    const text = result.issues.map(formatIssue).join("\n");
    expect(text).toContain("STRIPE_SECRET_KEY");
    expect(text).toContain("STRIPE_MAX_AMOUNT");
    expect(text).not.toContain("s3cr3t");
  });
});
