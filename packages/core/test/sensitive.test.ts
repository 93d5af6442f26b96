import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createLogger,
  createRuntime,
  redactPaths,
  SENSITIVE_MASK,
  sensitive,
  sensitivePaths,
  toJsonSchema,
} from "../src/index.js";
import { expectEnvelope, structured } from "../src/testing.js";
import { VaultClient, vaultPlatform } from "./fixtures/vault-platform.js";

const SECRET = "hunter2-very-secret";

function vault(lines: string[] = []) {
  const client = new VaultClient();
  const runtime = createRuntime(vaultPlatform(client), {
    env: {},
    logger: createLogger({ name: "vault", level: "debug", write: (line) => lines.push(line) }),
  });
  return { client, runtime };
}

describe("sensitive inputs", () => {
  it("are writeOnly in the JSON Schema clients see, wherever they are nested", () => {
    const { runtime } = vault();
    const listed = runtime.tools.find((tool) => tool.name === "vault_secret_set")!;
    const properties = listed.inputSchema.properties as Record<string, Record<string, unknown>>;
    expect(properties.value).toMatchObject({ type: "string", writeOnly: true });
    expect(properties.value!.description).toBe("The secret; never shown back");
    expect(properties.name!.writeOnly).toBeUndefined();
    expect(sensitivePaths(listed.inputSchema)).toEqual([["value"], ["labels", "*", "note"]]);
  });

  it("keeps the marker through optional, default and describe", () => {
    const schema = z.object({
      a: sensitive(z.string()).optional(),
      b: sensitive(z.string()).default("x").describe("b"),
      c: z.record(z.string(), sensitive(z.string())),
    });
    expect(sensitivePaths(toJsonSchema(schema, "input"))).toEqual([["a"], ["b"], ["c", "*"]]);
  });

  it("never reach the confirmation message, the approval or the log", async () => {
    const lines: string[] = [];
    const { runtime, client } = vault(lines);
    const first = await runtime.call("vault_secret_set", { name: "db", value: SECRET });
    const refusal = expectEnvelope(first, "confirmation_required");
    expect(refusal.message).toContain(`Replace db with ${SENSITIVE_MASK}.`);
    expect(JSON.stringify(first)).not.toContain(SECRET);
    const token = refusal.details?.confirm_token as string;
    const done = await runtime.call("vault_secret_set", {
      name: "db",
      value: SECRET,
      confirm_token: token,
    });
    expect(structured(done)).toEqual({ name: "db", stored: true });
    // The tool got the real value; only what is echoed is masked.
    expect(client.stored.get("db")).toBe(SECRET);
    expect(lines.join("\n")).toContain(`storing db=${SENSITIVE_MASK}`);
    expect(lines.join("\n")).not.toContain(SECRET);
  });

  it("are scrubbed from an error that echoes them, and from a refusal of bad input", async () => {
    const { runtime } = vault();
    const echoed = await runtime.call("vault_secret_set", {
      name: "echo",
      value: SECRET,
      confirm_token: "not-a-token",
    });
    expect(JSON.stringify(echoed)).not.toContain(SECRET);
    const bad = await runtime.call("vault_secret_set", { name: 42, value: SECRET });
    expectEnvelope(bad, "invalid_request");
    expect(JSON.stringify(bad)).not.toContain(SECRET);
  });

  it("binds a confirmation to the real value without showing it", async () => {
    const { runtime, client } = vault();
    const first = expectEnvelope(
      await runtime.call("vault_secret_set", { name: "db", value: SECRET }),
      "confirmation_required",
    );
    const other = await runtime.call("vault_secret_set", {
      name: "db",
      value: "another-secret-value",
      confirm_token: first.details?.confirm_token,
    });
    expect(expectEnvelope(other, "confirmation_required").message).toContain(
      "for different arguments",
    );
    expect(client.stored.size).toBe(0);
  });

  it("are masked by redactArguments for audit records", () => {
    const { runtime } = vault();
    const args = { name: "db", value: SECRET, labels: [{ key: "k", note: "private note" }] };
    expect(runtime.redactArguments("vault_secret_set", args)).toEqual({
      name: "db",
      value: SENSITIVE_MASK,
      labels: [{ key: "k", note: SENSITIVE_MASK }],
    });
    expect(args.value).toBe(SECRET);
    expect(runtime.redactArguments("vault_unknown", { value: SECRET })).toEqual({ value: SECRET });
    expect(redactPaths({ a: 1 }, [["missing", "*"]])).toEqual({ a: 1 });
  });

  it("checkArguments says what call would refuse, without running or echoing a secret", async () => {
    const { client, runtime } = vault();
    expect(
      runtime.checkArguments("vault_secret_set", { name: "db", value: SECRET }),
    ).toBeUndefined();
    const wrong = runtime.checkArguments("vault_secret_set", { name: 42, value: SECRET });
    expect(wrong).toMatch(/^Invalid arguments for vault_secret_set: .*name/);
    expect(wrong).not.toContain(SECRET);
    expect(runtime.checkArguments("vault_secret_set", { name: "\ud800", value: "x" })).toMatch(
      /lone UTF-16 surrogate/,
    );
    expect(runtime.checkArguments("vault_unknown", {})).toBeUndefined();
    // The same refusal as a call gets.
    const called = await runtime.call("vault_secret_set", { name: 42, value: SECRET });
    expect(expectEnvelope(called, "invalid_request").message).toBe(wrong);
    expect(client.stored.size).toBe(0);
  });
});
