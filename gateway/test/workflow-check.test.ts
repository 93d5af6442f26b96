import { describe, expect, it } from "vitest";
import { formatIssue, parseConfig } from "../src/config/load.js";
import { check } from "../src/workflows/engine/check.js";
import { plan } from "../src/workflows/engine/plan.js";
import { firstPartyPlatforms } from "./platforms.js";

function load(yaml: string) {
  return parseConfig(yaml, "mesh.yaml", firstPartyPlatforms, {});
}

function issues(yaml: string): string[] {
  const result = load(yaml);
  return result.ok ? [] : result.issues.map(formatIssue);
}

const GATE = `workflows:
  gate:
    params:
      repository: { type: string, default: acme/web }
      max_critical: { type: integer, default: 0 }
    steps:
      - id: code
        tool: github_code_scanning_alert_list
        args: { repo: "\${{ params.repository }}" }
      - id: simple
        check: "\${{ steps.code.output.counts.critical <= params.max_critical }}"
        message: "\${{ steps.code.output.counts.critical }} critical (max \${{ params.max_critical }})"
      - id: gate
        check:
          - that: "\${{ steps.code.output.counts.critical <= params.max_critical }}"
            message: "\${{ steps.code.output.counts.critical }} critical (max \${{ params.max_critical }}) in code scanning"
          - that: "\${{ steps.code.output.counts.high == 0 }}"
            message: "\${{ steps.code.output.counts.high }} high in code scanning"
        message: "gate failed for \${{ params.repository }}"
`;

describe("check steps", () => {
  it("load in both forms", () => {
    const result = load(GATE);
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
    const steps = result.config.workflows.gate!.steps;
    expect(steps[1]!.check).toBe("${{ steps.code.output.counts.critical <= params.max_critical }}");
    expect(steps[2]!.check).toHaveLength(2);
  });

  it("report bad references, text conditions and tool-only options at file:line:key", () => {
    const bad = GATE.replace(
      'check: "${{ steps.code.output.counts.critical <= params.max_critical }}"',
      'check: "steps.code.output.counts.critical <= params.max_critical"\n        retry: { attempts: 2 }',
    )
      .replace("steps.code.output.counts.high == 0", "steps.cod.output.counts.high == 0")
      .replace("gate failed for ${{ params.repository }}", "gate failed for ${{ params.repo }}");
    const found = issues(bad);
    expect(found).toEqual([
      expect.stringMatching(
        /^mesh\.yaml:11:\d+: workflows\.gate\.steps\[1\]\.check: a condition is one expression, e\.g\. .* is text, always true$/,
      ),
      expect.stringMatching(
        /^mesh\.yaml:12:\d+: workflows\.gate\.steps\[1\]\.retry: a check step calls no tool, so `retry` does not apply; remove it$/,
      ),
      expect.stringMatching(
        /^mesh\.yaml:18:\d+: workflows\.gate\.steps\[2\]\.check\.1\.that: unknown step "cod"; steps: code, simple, gate$/,
      ),
      expect.stringMatching(
        /^mesh\.yaml:20:\d+: workflows\.gate\.steps\[2\]\.message: unknown param "repo"; declare it under params \(declared: repository, max_critical\)$/,
      ),
    ]);
  });

  it("refuse a step with both a tool and a check, and a message without a check", () => {
    const yaml = `workflows:
  w:
    steps:
      - id: a
        tool: github_repo_get
        check: "\${{ params }}"
      - id: b
        tool: github_repo_get
        message: hello
`;
    const found = issues(yaml).join("\n");
    expect(found).toMatch(
      /steps\[0\]: a step has either `tool` .* or `check` \(a condition to meet\)/,
    );
    expect(found).toMatch(/steps\[1\]\.message: `message` is the failure message of a check step/);
  });

  it("pass, or fail with every failed condition's rendered message", () => {
    const result = load(GATE);
    if (!result.ok) throw new Error("GATE does not load");
    const [, simple, gate] = result.config.workflows.gate!.steps;
    const scope = (critical: number, high: number) => ({
      params: { repository: "acme/web", max_critical: 0 },
      steps: { code: { status: "succeeded", output: { counts: { critical, high } } } },
    });
    expect(check(simple!, scope(0, 3))).toEqual({
      status: "succeeded",
      output: { passed: true, checked: 1 },
    });
    expect(check(simple!, scope(2, 0))).toMatchObject({
      status: "failed",
      error: { code: "check_failed", message: "2 critical (max 0)" },
    });
    expect(check(gate!, scope(0, 0)).status).toBe("succeeded");
    expect(check(gate!, scope(2, 1))).toEqual({
      status: "failed",
      output: {
        passed: false,
        checked: 2,
        failed: ["2 critical (max 0) in code scanning", "1 high in code scanning"],
      },
      error: {
        code: "check_failed",
        message:
          "gate failed for acme/web: 2 critical (max 0) in code scanning; 1 high in code scanning",
      },
    });
    // A missing count is not a pass: ordering anything but two numbers is false.
    const missing = { params: { max_critical: 0 }, steps: { code: { output: {} } } };
    expect(check(simple!, missing).status).toBe("failed");
  });

  it("gate the steps written after them, like an approval", () => {
    const result = load(`${GATE}      - id: deploy
        tool: vercel_deployment_create
        args: { project: web }
`);
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
    const { deps } = plan(result.config.workflows.gate!);
    expect([...deps.get("code")!]).toEqual([]);
    expect([...deps.get("simple")!]).toEqual(["code"]);
    expect([...deps.get("gate")!].sort()).toEqual(["code", "simple"]);
    // The deploy reads nothing and names no dependency, yet waits for the check above it.
    expect([...deps.get("deploy")!]).toEqual(["gate"]);
  });
});
