import { describe, expect, it } from "vitest";
import {
  type ApprovalRequest,
  type Approver,
  type Caller,
  createLogger,
  createRuntime,
  PlatformError,
} from "../src/index.js";
import { expectEnvelope, structured } from "../src/testing.js";
import { VaultClient, vaultPlatform } from "./fixtures/vault-platform.js";

const logger = createLogger({ name: "vault", write: () => {} });
const alice: Caller = { id: "alice", name: "Alice", kind: "token", roles: ["ops"] };

/** An operator who approves what a list says, and remembers every request. */
function operator(approve: (request: ApprovalRequest) => boolean) {
  const requests: ApprovalRequest[] = [];
  const approver: Approver = {
    async approve(request) {
      requests.push(request);
      return approve(request)
        ? undefined
        : new PlatformError("policy_denied", `An operator declined: ${request.what}`);
    },
  };
  return { approver, requests };
}

describe("a runtime's approver", () => {
  it("decides dangerous calls instead of the confirm token, seeing masked arguments and the caller", async () => {
    const client = new VaultClient();
    const { approver, requests } = operator((request) => request.caller?.id === "alice");
    const runtime = createRuntime(vaultPlatform(client), { env: {}, approver, logger });
    const done = await runtime.call(
      "vault_secret_set",
      { name: "db", value: "s3cret-value" },
      { caller: alice },
    );
    expect(structured(done)).toEqual({ name: "db", stored: true });
    expect(requests[0]).toMatchObject({
      platform: "vault",
      tool: "vault_secret_set",
      args: { name: "db", value: "[REDACTED]" },
      what: "Replace db with [REDACTED].",
      caller: alice,
    });
    expect(requests[0]!.fingerprint).toMatch(/^[\w-]{20,}$/);
    expect(JSON.stringify(requests)).not.toContain("s3cret-value");

    const refused = await runtime.call("vault_secret_set", { name: "db", value: "other-value" });
    expect(expectEnvelope(refused, "policy_denied").message).toContain("An operator declined");
    expect(client.stored.get("db")).toBe("s3cret-value");
  });

  it("is not asked for tools without confirm, nor when confirmations are off", async () => {
    const { approver, requests } = operator(() => false);
    const runtime = createRuntime(vaultPlatform(), { env: {}, approver, logger });
    structured(await runtime.call("vault_secret_rotate", { name: "db" }));
    const off = createRuntime(vaultPlatform(), { env: {}, approver, confirmations: false, logger });
    structured(await off.call("vault_secret_set", { name: "db", value: "s3cret-value" }));
    expect(requests).toHaveLength(0);
  });

  it("gets one fingerprint per exact arguments", async () => {
    const { approver, requests } = operator(() => false);
    const runtime = createRuntime(vaultPlatform(), { env: {}, approver, logger });
    await runtime.call("vault_secret_set", { name: "db", value: "first-value" });
    await runtime.call("vault_secret_set", { name: "db", value: "first-value" });
    await runtime.call("vault_secret_set", { name: "db", value: "second-value" });
    const [a, b, c] = requests.map((request) => request.fingerprint);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});

describe("ctx.idempotencyKey", () => {
  it("is the caller's key when given, a stable derived one otherwise, and absent for other tools", async () => {
    const client = new VaultClient();
    const runtime = createRuntime(vaultPlatform(client), { env: {} });
    await runtime.call("vault_secret_rotate", { name: "db", idempotency_key: "rotate-db-1" });
    await runtime.call("vault_secret_rotate", { name: "db" });
    await runtime.call("vault_secret_rotate", { name: "api" });
    await runtime.call("vault_secret_get", { name: "db" });
    const [given, derived, other, plain] = client.keys;
    expect(given).toEqual({ key: "rotate-db-1", source: "caller" });
    expect(derived?.source).toBe("derived");
    expect(derived?.key).toMatch(/^[\w-]{20,}$/);
    expect(other?.key).not.toBe(derived?.key);
    expect(plain).toEqual({ key: undefined, source: undefined });

    // Another runtime (a restarted server, another replica) derives the same key.
    const again = new VaultClient();
    await createRuntime(vaultPlatform(again), { env: {} }).call("vault_secret_rotate", {
      name: "db",
    });
    expect(again.keys[0]?.key).toBe(derived?.key);
  });
});

describe("network failures any SDK meets", () => {
  it("become upstream_unavailable and timeout without a platform mapping", async () => {
    const runtime = createRuntime(vaultPlatform(), { env: {} });
    const refused = expectEnvelope(
      await runtime.call("vault_secret_get", { name: "refused" }),
      "upstream_unavailable",
    );
    expect(refused.message).toContain("Cannot reach Vault (ECONNREFUSED)");
    expectEnvelope(await runtime.call("vault_secret_get", { name: "slow" }), "timeout");
  });
});
