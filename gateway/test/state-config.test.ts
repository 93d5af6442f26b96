import { describe, expect, it } from "vitest";
import { formatIssue, parseConfig } from "../src/config/load.js";
import { configSecrets } from "../src/config/secrets.js";
import { firstPartyPlatforms } from "./platforms.js";

function parse(yaml: string, env: Record<string, string> = {}) {
  return parseConfig(yaml, "mesh.yaml", firstPartyPlatforms, env);
}

describe("mesh.yaml state:", () => {
  it("takes a Redis URL from the environment, a key prefix and a confirmation secret", () => {
    const result = parse(
      'state:\n  redis: ${REDIS_URL}\n  key_prefix: "prod-mesh:"\n  confirm_secret: ${SECRET}\n',
      {
        REDIS_URL: "redis://:p%40ss-word@redis.internal:6379/2",
        SECRET: "0123456789abcdef0123456789abcdef",
      },
    );
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
    expect(result.config.state).toEqual({
      redis: "redis://:p%40ss-word@redis.internal:6379/2",
      key_prefix: "prod-mesh:",
      confirm_secret: "0123456789abcdef0123456789abcdef",
    });
    // Both are credentials: scrubbed from logs, health and errors.
    expect(configSecrets(result.config, firstPartyPlatforms)).toEqual(
      expect.arrayContaining(["0123456789abcdef0123456789abcdef", "p@ss-word"]),
    );
  });

  it("defaults the key prefix and leaves state out when absent", () => {
    const result = parse("state:\n  redis: redis://127.0.0.1:6379\n");
    expect(result.ok && result.config.state).toEqual({
      redis: "redis://127.0.0.1:6379",
      key_prefix: "agent-mesh:",
    });
    const none = parse("");
    expect(none.ok && none.config.state).toBeUndefined();
  });

  it("says what is wrong, where, without echoing a secret", () => {
    const bad = parse(
      "state:\n  redis: http://127.0.0.1:6379\n  key_prefix: 'has spaces'\n  confirm_secret: short-secret\n  redis_url: x\n",
    );
    expect(bad.ok).toBe(false);
    const text = bad.ok ? "" : bad.issues.map(formatIssue).join("\n");
    expect(text).toContain("state.redis: redis must be a redis:// or rediss:// URL");
    expect(text).toContain("state.key_prefix: key_prefix is up to 64 letters");
    expect(text).toContain("state.confirm_secret: confirm_secret must be at least 32 characters");
    expect(text).toContain("state.redis_url: unknown key; did you mean `redis`?");
    expect(text).not.toContain("short-secret");
  });
});
