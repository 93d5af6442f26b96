import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatIssue, parseConfig } from "../src/config/load.js";
import { CidrList } from "../src/policy/cidr.js";
import { Limit, Limiters } from "../src/policy/limits.js";
import { inWindow } from "../src/policy/time-window.js";
import { firstPartyPlatforms } from "./platforms.js";

function issues(yaml: string) {
  const result = parseConfig(yaml, "mesh.yaml", firstPartyPlatforms, {});
  if (result.ok) throw new Error("expected the config to be refused");
  return result.issues.map(formatIssue);
}

function valid(yaml: string) {
  const result = parseConfig(yaml, "/some/where/mesh.yaml", firstPartyPlatforms, {});
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
  return result.config;
}

describe("mesh.yaml's policy section", () => {
  it("notes each rule's and limit's line for refusals", () => {
    const config = valid(`gateway:
  clients: { ci: { token: ci-token-0123456789abcdef } }
policy:
  rules:
    - tools: [vercel_env_set]
      effect: deny

    - clients: ci
      effect: allow
  limits:
    - rate: 60/min
      burst: 10
`);
    expect(config.policy?.sources).toEqual({
      rules: ["mesh.yaml:5", "mesh.yaml:8"],
      limits: ["mesh.yaml:11"],
    });
    // A single pattern is a list of one.
    expect(config.policy?.rules[1]?.clients).toEqual(["ci"]);
    expect(config.policy?.mode).toBe("enforcing");
    expect(config.policy?.default).toBe("allow");
  });

  it("refuses a client name the gateway does not know, which would leave the real one unrestricted", () => {
    const found = issues(`gateway:
  clients: { deployer: { token: deployer-token-0123456789 } }
policy:
  clients:
    deployr: { ip_allow: [10.0.0.0/8] }
  rules:
    - clients: [stdio, "ci-*", deployer, token-0a1b2c3d]
      effect: allow
    - clients: [deploy]
      effect: deny
`);
    expect(found).toEqual([
      'mesh.yaml:5:14: policy.clients.deployr: no client named "deployr"; did you mean `deployer`? clients are the keys of gateway.clients, or anonymous, stdio, cli, workflow, dashboard',
      expect.stringMatching(
        /^mesh\.yaml:9:17: policy\.rules\[1\]\.clients\[0\]: no client named "deploy"; did you mean `deployer`\?/,
      ),
    ]);
  });

  it("names the file, line and key of every bad setting, with how to write it", () => {
    const found = issues(`policy:
  mode: strict
  ip_allow: [10.0.0.0/33, 192.0.2.1]
  trusted_proxies: [not-an-ip]
  rules:
    - tools: [a]
      effect: permit
    - when: { days: [monday], hours: "9-17", time_zone: Mars/Olympus }
      effect: deny
    - tols: [b]
      effect: deny
  limits:
    - rate: lots
  clients:
    ci:
      ip_allow: ["2001:db8::/129"]
`);
    const text = found.join("\n");
    expect(text).toContain("mesh.yaml:2:9: policy.mode:");
    expect(text).toContain(
      'mesh.yaml:3:14: policy.ip_allow[0]: "10.0.0.0/33" is not an address or CIDR range',
    );
    expect(text).toContain("mesh.yaml:4:21: policy.trusted_proxies[0]:");
    expect(text).toContain("mesh.yaml:7:15: policy.rules[0].effect:");
    expect(text).toContain("policy.rules[1].when.days[0]:");
    expect(text).toContain(
      'policy.rules[1].when.hours: "9-17" is not a range of hours; write it like 09:00-18:00',
    );
    expect(text).toContain(
      'policy.rules[1].when.time_zone: "Mars/Olympus" is not an IANA time zone',
    );
    expect(text).toContain(
      "mesh.yaml:10:7: policy.rules[2].tols: unknown key; did you mean `tools`?",
    );
    expect(text).toContain('mesh.yaml:13:13: policy.limits[0].rate: "lots" is not a rate');
    expect(text).toContain("policy.clients.ci.ip_allow[0]:");
  });
});

describe("docs/security.md", () => {
  it("shows a policy the gateway accepts", () => {
    const page = readFileSync(new URL("../../docs/security.md", import.meta.url), "utf8");
    const sample = /<!-- policy-sample -->\n```yaml\n([\s\S]*?)```/.exec(page)?.[1];
    expect(sample).toBeDefined();
    const result = parseConfig(sample!, "mesh.yaml", firstPartyPlatforms, {
      CI_TOKEN: "ci-token-0123456789abcdef",
      ALICE_TOKEN: "alice-token-0123456789abcdef",
    });
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
    expect(result.config.policy?.rules.map((rule) => rule.id)).toContain("destructive-otherwise");
    expect(result.config.policy?.limits[0]).toMatchObject({ rate: "60/min", burst: 10 });
  });
});

describe("policy building blocks", () => {
  it("matches IPv4 and IPv6 ranges, and IPv4 seen through a dual-stack socket", () => {
    const list = new CidrList(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"]);
    expect(list.has("10.200.3.4")).toBe(true);
    expect(list.has("::ffff:10.1.1.1")).toBe(true);
    expect(list.has("11.0.0.1")).toBe(false);
    expect(list.has("2001:db8:1::5")).toBe(true);
    expect(list.has("2001:db9::1")).toBe(false);
    expect(list.has("192.0.2.7")).toBe(true);
    expect(list.has("192.0.2.8")).toBe(false);
    expect(list.has("unknown")).toBe(false);
    expect(list.has(undefined)).toBe(false);
  });

  it("limits bursts to the bucket's size, then to the rate, per client", async () => {
    const limit = new Limit(
      { rate: "60/min", burst: 3, per: "client" },
      0,
      "mesh.yaml:9",
      new Limiters({ kind: "memory" }),
    );
    const ci = { id: "ci", name: "ci", kind: "token" as const, roles: [] };
    const dev = { ...ci, id: "dev", name: "dev" };
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await limit.take(ci));
    expect(taken.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    // 3 calls are what 60/min earns in 3 s: the next is admitted within that.
    expect(taken[3]).toBeGreaterThan(0);
    expect(taken[3]).toBeLessThanOrEqual(3_000);
    expect(await limit.take(dev)).toBeUndefined();
    expect(limit.describe).toBe("60/min (burst 3) per client");
  });

  it("reads time windows in their zone, overnight ranges by the day they start", () => {
    const office = { days: ["mon", "tue", "wed", "thu", "fri"] as const, hours: "09:00-18:00" };
    const berlin = { ...office, days: [...office.days], time_zone: "Europe/Berlin" };
    // 2026-11-27 is a Friday; Berlin is UTC+1 in November.
    expect(inWindow(berlin, new Date("2026-11-27T07:59:00Z"))).toBe(false);
    expect(inWindow(berlin, new Date("2026-11-27T08:00:00Z"))).toBe(true);
    expect(inWindow(berlin, new Date("2026-11-27T16:59:00Z"))).toBe(true);
    expect(inWindow(berlin, new Date("2026-11-27T17:00:00Z"))).toBe(false);
    expect(inWindow(berlin, new Date("2026-11-28T10:00:00Z"))).toBe(false);
    const night = { days: ["fri" as const], hours: "22:00-06:00", time_zone: "UTC" };
    expect(inWindow(night, new Date("2026-11-27T23:00:00Z"))).toBe(true);
    expect(inWindow(night, new Date("2026-11-28T05:59:00Z"))).toBe(true); // Saturday morning
    expect(inWindow(night, new Date("2026-11-28T23:00:00Z"))).toBe(false);
    expect(inWindow(night, new Date("2026-11-27T05:00:00Z"))).toBe(false); // Thursday's night
  });
});
