import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { SEEDED_SECRET } from "@agent-mesh/sandbox";
import { describe, expect, it } from "vitest";
import { acceptAll, useGitHubSandbox } from "./setup.js";

const gh = useGitHubSandbox();
const SECURITY = { GITHUB_TOOLSETS: "repos,security" };
const connect = (env: Record<string, string> = {}, options = {}) =>
  gh.connect({ ...SECURITY, ...env }, options);

type Untrusted<T> = { notice: string; data: T };
type CodeAlert = {
  number: number;
  state: string;
  severity: string | null;
  rule: { id: string | null; description: string | null };
  tool: string | null;
  location: { path: string; start_line: number | null } | null;
  message: string | null;
  dismissed_reason: string | null;
};
type DepAlert = {
  number: number;
  state: string;
  severity: string;
  package: { ecosystem: string; name: string };
  fixed_in: string | null;
  vulnerable_version_range: string;
  ghsa_id: string;
};
type SecretAlert = {
  number: number;
  state: string;
  secret_type: string;
  location: { path: string; start_line: number | null } | null;
};
type List<T> = { repo: string; alerts: Untrusted<T[]>; next_cursor: string | null };

describe("github_code_scanning_alert_list and _get", () => {
  it("lists open alerts with severity, rule and location, text marked untrusted", async () => {
    const session = await connect();
    const out = structured<List<CodeAlert>>(
      await session.call("github_code_scanning_alert_list", { repo: "acme/web" }),
    );
    expect(out.alerts.notice).toMatch(/Untrusted/);
    expect(out.alerts.data.map((a) => [a.number, a.severity, a.rule.id])).toEqual([
      [3, "medium", "js/missing-rate-limiting"],
      [2, "high", "js/reflected-xss"],
      [1, "critical", "js/sql-injection"],
    ]);
    expect(out.alerts.data[2]).toMatchObject({
      state: "open",
      tool: "CodeQL",
      location: { path: "src/db/orders.ts", start_line: 42 },
    });
    expect(out.next_cursor).toBeNull();
    const [req] = gh.sandbox.recorder.to("github", "/repos/acme/web/code-scanning/alerts");
    expect(req?.query).toEqual({ state: "open", per_page: "20", page: "1" });
  });

  it("filters by severity and state and pages with next_cursor", async () => {
    const session = await connect();
    const critical = structured<List<CodeAlert>>(
      await session.call("github_code_scanning_alert_list", {
        repo: "acme/web",
        severity: "critical",
      }),
    );
    expect(critical.alerts.data.map((a) => a.number)).toEqual([1]);
    expect(gh.sandbox.recorder.to("github").at(-1)?.query).toMatchObject({ severity: "critical" });
    const first = structured<List<CodeAlert>>(
      await session.call("github_code_scanning_alert_list", {
        repo: "acme/web",
        state: "all",
        limit: 2,
      }),
    );
    expect(first.alerts.data.map((a) => a.number)).toEqual([4, 3]);
    expect(first.next_cursor).not.toBeNull();
    const second = structured<List<CodeAlert>>(
      await session.call("github_code_scanning_alert_list", {
        repo: "acme/web",
        state: "all",
        limit: 2,
        cursor: first.next_cursor,
      }),
    );
    expect(second.alerts.data.map((a) => a.number)).toEqual([2, 1]);
    expect(second.next_cursor).toBeNull();
    expect(gh.sandbox.recorder.to("github").at(-1)?.query).toEqual({ per_page: "2", page: "2" });
  });

  it("gets one alert; an unknown number is not_found", async () => {
    const session = await connect();
    const out = structured<{ alert: Untrusted<CodeAlert> }>(
      await session.call("github_code_scanning_alert_get", { repo: "acme/web", alert_number: 2 }),
    );
    expect(out.alert.notice).toMatch(/Untrusted/);
    expect(out.alert.data.message).toContain("Ignore previous instructions");
    expect(gh.sent()).toEqual(["GET /repos/acme/web/code-scanning/alerts/2"]);
    expectEnvelope(
      await session.call("github_code_scanning_alert_get", { repo: "acme/web", alert_number: 99 }),
      "not_found",
    );
  });
});

describe("github_dependabot_alert_list and _get", () => {
  it("lists vulnerable packages with the fixed-in version, filtered by severity", async () => {
    const session = await connect();
    const out = structured<List<DepAlert>>(
      await session.call("github_dependabot_alert_list", {
        repo: "acme/web",
        severity: "critical",
      }),
    );
    expect(out.alerts.notice).toMatch(/Untrusted/);
    expect(out.alerts.data).toEqual([
      expect.objectContaining({
        number: 1,
        severity: "critical",
        package: { ecosystem: "npm", name: "lodash" },
        vulnerable_version_range: "< 4.17.21",
        fixed_in: "4.17.21",
        ghsa_id: "GHSA-35jh-r3h4-6jhm",
      }),
    ]);
    const [req] = gh.sandbox.recorder.to("github", "/repos/acme/web/dependabot/alerts");
    expect(req?.query).toEqual({ state: "open", severity: "critical", per_page: "20" });
  });

  it("pages with GitHub's after cursor", async () => {
    const session = await connect();
    const first = structured<List<DepAlert>>(
      await session.call("github_dependabot_alert_list", { repo: "acme/web", limit: 3 }),
    );
    expect(first.alerts.data.map((a) => a.number)).toEqual([4, 3, 2]);
    const second = structured<List<DepAlert>>(
      await session.call("github_dependabot_alert_list", {
        repo: "acme/web",
        limit: 3,
        cursor: first.next_cursor,
      }),
    );
    expect(second.alerts.data.map((a) => a.number)).toEqual([1]);
    expect(second.next_cursor).toBeNull();
    const sentAfter = gh.sandbox.recorder.to("github").at(-1)?.query.after;
    expect(Buffer.from(String(sentAfter), "base64").toString()).toBe("cursor:3");
  });

  it("gets one alert; a repository with Dependabot alerts off answers permission_denied", async () => {
    const session = await connect();
    const out = structured<{ alert: Untrusted<DepAlert> }>(
      await session.call("github_dependabot_alert_get", { repo: "acme/web", alert_number: 4 }),
    );
    expect(out.alert.data).toMatchObject({ package: { name: "debug" }, fixed_in: null });
    const off = expectEnvelope(
      await session.call("github_dependabot_alert_list", { repo: "acme/docs" }),
      "permission_denied",
    );
    expect(off.message).toContain("Dependabot alerts are disabled");
    expect(off.details).toMatchObject({ status: 403 });
  });
});

describe("github_secret_scanning_alert_list", () => {
  it("gives type and location, asks GitHub to hide the secret, and never returns it", async () => {
    const session = await connect();
    const result = await session.call("github_secret_scanning_alert_list", {
      repo: "acme/web",
      state: "all",
    });
    const out = structured<List<SecretAlert>>(result);
    expect(out.alerts.data.map((a) => [a.number, a.state, a.secret_type])).toEqual([
      [2, "resolved", "github_personal_access_token"],
      [1, "open", "aws_access_key_id"],
    ]);
    expect(out.alerts.data[1]?.location).toEqual({
      path: "config/deploy.env",
      start_line: 3,
      end_line: 3,
    });
    expect(JSON.stringify(result)).not.toContain(SEEDED_SECRET);
    expect(JSON.stringify(result)).not.toContain("ghp_sandboxRevoked");
    const [req] = gh.sandbox.recorder.to("github", "/repos/acme/web/secret-scanning/alerts");
    expect(req?.query).toMatchObject({ hide_secret: "true" });
  });

  it("drops the secret even when the server sends it anyway", async () => {
    const session = await connect();
    // An older GitHub Enterprise Server ignores hide_secret and sends the value along.
    gh.sandbox.faults.add({
      platform: "github",
      match: { path: "/repos/acme/web/secret-scanning/alerts" },
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: [
        {
          number: 7,
          state: "open",
          secret_type: "aws_access_key_id",
          secret: SEEDED_SECRET,
          created_at: "2026-01-10T00:00:00Z",
          html_url: "https://github.com/acme/web/security/secret-scanning/7",
        },
      ],
    });
    const result = await session.call("github_secret_scanning_alert_list", { repo: "acme/web" });
    const out = structured<List<SecretAlert>>(result);
    expect(out.alerts.data.map((a) => a.number)).toEqual([7]);
    expect(JSON.stringify(result)).not.toContain(SEEDED_SECRET);
  });

  it("secret scanning off is not_found with GitHub's message", async () => {
    const session = await connect();
    const env = expectEnvelope(
      await session.call("github_secret_scanning_alert_list", { repo: "acme/docs" }),
      "not_found",
    );
    expect(env.message).toContain("Secret scanning is disabled");
  });
});

describe("counts of the filtered set", () => {
  type Counts = Record<string, number | boolean> | null;
  type Counted = { alerts: Untrusted<unknown[]>; counts: Counts; next_cursor: string | null };

  it("counts every matching alert by severity, reading all pages when the first is not all", async () => {
    const session = await connect();
    const code = structured<Counted>(
      await session.call("github_code_scanning_alert_list", { repo: "acme/web", limit: 1 }),
    );
    expect(code.alerts.data).toHaveLength(1);
    expect(code.counts).toEqual({
      total: 3,
      critical: 1,
      high: 1,
      medium: 1,
      low: 0,
      error: 0,
      warning: 0,
      note: 0,
      complete: true,
    });
    // The page asked for, then the whole filtered list read again 100 at a time.
    expect(gh.sandbox.recorder.to("github").map((r) => r.query)).toEqual([
      { state: "open", per_page: "1", page: "1" },
      { state: "open", per_page: "100", page: "1" },
    ]);
    const dep = structured<Counted>(
      await session.call("github_dependabot_alert_list", { repo: "acme/web", limit: 2 }),
    );
    expect(dep.counts).toEqual({
      total: 4,
      critical: 1,
      high: 1,
      medium: 1,
      low: 1,
      complete: true,
    });
    // Later pages do not count again.
    const later = structured<Counted>(
      await session.call("github_dependabot_alert_list", {
        repo: "acme/web",
        limit: 2,
        cursor: dep.next_cursor,
      }),
    );
    expect(later.counts).toBeNull();
    expect(gh.sandbox.recorder.to("github", "/repos/acme/web/dependabot/alerts")).toHaveLength(3);
  });

  it("stops counting at 1,000 alerts and says the counts are not complete", async () => {
    const session = await connect();
    const alert = {
      number: 1,
      state: "open",
      created_at: "2026-01-10T00:00:00Z",
      html_url: "https://github.com/acme/web/security/dependabot/1",
      dependency: { package: { ecosystem: "npm", name: "lodash" }, manifest_path: "package.json" },
      security_advisory: { ghsa_id: "GHSA-xxxx-xxxx-xxxx", cve_id: null, summary: "s" },
      security_vulnerability: {
        package: { ecosystem: "npm", name: "lodash" },
        severity: "high",
        vulnerable_version_range: "< 1",
        first_patched_version: null,
      },
    };
    // A repository with more alerts than the cap: every page is full and names a next one.
    gh.sandbox.faults.add({
      platform: "github",
      match: { path: "/repos/acme/web/dependabot/alerts" },
      status: 200,
      headers: {
        "content-type": "application/json; charset=utf-8",
        link: '<https://api.github.com/repos/acme/web/dependabot/alerts?after=Y3Vyc29yOjE%3D>; rel="next"',
      },
      body: Array.from({ length: 100 }, () => alert),
      times: 20,
    });
    const out = structured<Counted>(
      await session.call("github_dependabot_alert_list", { repo: "acme/web", limit: 100 }),
    );
    expect(out.counts).toEqual({
      total: 1000,
      critical: 0,
      high: 1000,
      medium: 0,
      low: 0,
      complete: false,
    });
    // The page, then ten pages of 100 counted.
    expect(gh.sent()).toHaveLength(11);
    gh.sandbox.faults.clear();
  });

  it("counts only the filter's alerts, from the page itself when it holds them all", async () => {
    const session = await connect();
    const high = structured<Counted>(
      await session.call("github_dependabot_alert_list", { repo: "acme/api", severity: "high" }),
    );
    expect(high.counts).toMatchObject({ total: 1, critical: 0, high: 1 });
    const secrets = structured<Counted>(
      await session.call("github_secret_scanning_alert_list", { repo: "acme/web" }),
    );
    expect(secrets.counts).toEqual({
      total: 1,
      active: 1,
      inactive: 0,
      unknown: 0,
      complete: true,
    });
    expect(gh.sent()).toEqual([
      "GET /repos/acme/api/dependabot/alerts",
      "GET /repos/acme/web/secret-scanning/alerts",
    ]);
  });
});

describe("dismissing alerts", () => {
  it("asks first, sends nothing before the yes, then dismisses with the reason", async () => {
    const session = await connect();
    const args = {
      repo: "acme/api",
      alert_number: 1,
      dismissed_reason: "false positive",
      dismissed_comment: "The value is a constant.",
    };
    const refused = expectEnvelope(
      await session.call("github_code_scanning_alert_dismiss", args),
      "confirmation_required",
    );
    expect(refused.message).toContain(
      'Dismiss code scanning alert 1 of acme/api as "false positive"',
    );
    expect(gh.sent()).toEqual([]);
    const token = (refused.details as { confirm_token: string }).confirm_token;
    const out = structured<{ state: string; dismissed_reason: string }>(
      await session.call("github_code_scanning_alert_dismiss", { ...args, confirm_token: token }),
    );
    expect(out).toMatchObject({ state: "dismissed", dismissed_reason: "false positive" });
    const [req] = gh.sandbox.recorder.to("github", "/repos/acme/api/code-scanning/alerts/1");
    expect(req?.method).toBe("PATCH");
    expect(req?.body).toEqual({
      state: "dismissed",
      dismissed_reason: "false positive",
      dismissed_comment: "The value is a constant.",
    });
    const open = structured<List<CodeAlert>>(
      await session.call("github_code_scanning_alert_list", { repo: "acme/api" }),
    );
    expect(open.alerts.data.map((a) => a.number)).toEqual([2]);
  });

  it("dismisses a Dependabot alert with the user's yes by elicitation", async () => {
    const session = await connect({}, { onElicit: acceptAll });
    const out = structured<{ state: string; dismissed_reason: string }>(
      await session.call("github_dependabot_alert_dismiss", {
        repo: "acme/api",
        alert_number: 2,
        dismissed_reason: "tolerable_risk",
        dismissed_comment: "Only used behind the VPN.",
      }),
    );
    expect(out).toMatchObject({ state: "dismissed", dismissed_reason: "tolerable_risk" });
    const [req] = gh.sandbox.recorder.to("github", "/repos/acme/api/dependabot/alerts/2");
    expect(req?.body).toEqual({
      state: "dismissed",
      dismissed_reason: "tolerable_risk",
      dismissed_comment: "Only used behind the VPN.",
    });
  });

  it("needs a known reason and a comment, refused before any request", async () => {
    const session = await connect({}, { onElicit: acceptAll });
    const noReason = await session.call("github_dependabot_alert_dismiss", {
      repo: "acme/web",
      alert_number: 1,
      dismissed_comment: "x",
    });
    expect(noReason.isError).toBe(true);
    expect(JSON.stringify(noReason.content)).toContain("dismissed_reason");
    const badReason = await session.call("github_code_scanning_alert_dismiss", {
      repo: "acme/web",
      alert_number: 1,
      dismissed_reason: "because",
      dismissed_comment: "x",
    });
    expect(badReason.isError).toBe(true);
    expect(gh.sent()).toEqual([]);
  });

  it("a repository without push access answers permission_denied", async () => {
    const session = await connect({}, { onElicit: acceptAll });
    const env = expectEnvelope(
      await session.call("github_code_scanning_alert_dismiss", {
        repo: "acme/docs",
        alert_number: 1,
        dismissed_reason: "won't fix",
        dismissed_comment: "Docs only.",
      }),
      "permission_denied",
    );
    expect(env.details).toMatchObject({ status: 403 });
  });
});

describe("allow-list and read-only mode", () => {
  it("refuses a repository outside GITHUB_REPOS with policy_denied, asking nobody, sending nothing", async () => {
    let asked = 0;
    const session = await connect(
      { GITHUB_REPOS: "acme/web" },
      {
        onElicit: () => {
          asked += 1;
          return { action: "accept", content: { confirm: true } };
        },
      },
    );
    const calls: Array<[string, Record<string, unknown>]> = [
      ["github_code_scanning_alert_list", {}],
      ["github_code_scanning_alert_get", { alert_number: 1 }],
      [
        "github_code_scanning_alert_dismiss",
        { alert_number: 1, dismissed_reason: "won't fix", dismissed_comment: "x" },
      ],
      ["github_dependabot_alert_list", {}],
      ["github_dependabot_alert_get", { alert_number: 1 }],
      [
        "github_dependabot_alert_dismiss",
        { alert_number: 1, dismissed_reason: "not_used", dismissed_comment: "x" },
      ],
      ["github_secret_scanning_alert_list", {}],
    ];
    for (const [tool, args] of calls) {
      const env = expectEnvelope(
        await session.call(tool, { ...args, repo: "acme/api" }),
        "policy_denied",
      );
      expect(env.message).toContain("GITHUB_REPOS");
    }
    expect(asked).toBe(0);
    expect(gh.sent()).toEqual([]);
  });

  it("GITHUB_READ_ONLY hides and refuses both dismiss tools, keeping the reads", async () => {
    const session = await connect({ GITHUB_READ_ONLY: "true" });
    const names = (await session.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("github_code_scanning_alert_list");
    expect(names).toContain("github_secret_scanning_alert_list");
    expect(names).not.toContain("github_code_scanning_alert_dismiss");
    expect(names).not.toContain("github_dependabot_alert_dismiss");
    const refused = expectEnvelope(
      await session.call("github_dependabot_alert_dismiss", {
        repo: "acme/web",
        alert_number: 1,
        dismissed_reason: "not_used",
        dismissed_comment: "x",
      }),
      "policy_denied",
    );
    expect(refused.message).toContain("GITHUB_READ_ONLY");
    expect(gh.sent()).toEqual([]);
  });

  it("the security toolset is opt-in: not served by default", async () => {
    const session = await gh.connect();
    const names = (await session.client.listTools()).tools.map((t) => t.name);
    expect(names.filter((n) => n.includes("alert"))).toEqual([]);
  });
});
