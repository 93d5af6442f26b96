import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatIssue, parseConfig } from "../src/config/load.js";
import { firstPartyPlatforms } from "./platforms.js";

function issues(yaml: string): string[] {
  const result = parseConfig(yaml, "mesh.yaml", firstPartyPlatforms, {});
  return result.ok ? [] : result.issues.map(formatIssue);
}

const GOOD = `workflows:
  ecommerce_deploy:
    description: Deploy the store
    params:
      environment: { type: string, enum: [preview, production], default: preview }
      notify: { type: string, required: false }
    steps:
      - id: backend
        tool: aws_workflow_start
        args: { state_machine: deploy-api, input: { environment: "\${{ params.environment }}" } }
      - id: backend_done
        tool: aws_workflow_get
        args: { execution_arn: "\${{ steps.backend.output.execution_arn }}" }
        until: "\${{ output.status != 'RUNNING' }}"
        timeout: 15m
      - id: approve
        approval: "Register the webhook for \${{ steps.backend_done.output.url }}?"
      - id: sms
        tool: twilio_message_send
        when: "\${{ params.notify }}"
        args: { to: "\${{ params.notify }}", body: "Deployed to \${{ params.environment }}" }
        retry: { attempts: 3, backoff: 2s }
  quick: [vercel_project_list, vercel_deployment_list]
`;

describe("workflows in mesh.yaml", () => {
  it("accepts the full form and the short form", () => {
    const result = parseConfig(GOOD, "mesh.yaml", firstPartyPlatforms, {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const wf = result.config.workflows.ecommerce_deploy!;
    expect(wf.steps.map((s) => s.id)).toEqual(["backend", "backend_done", "approve", "sms"]);
    expect(wf.steps[1]!.timeout).toBe(15 * 60_000);
    expect(wf.steps[3]!.retry).toEqual({ attempts: 3, backoff: 2000 });
    const quick = result.config.workflows.quick!;
    expect(quick.steps.map((s) => [s.id, s.pass_params, s.depends_on])).toEqual([
      ["vercel_project_list", true, []],
      ["vercel_deployment_list", true, ["vercel_project_list"]],
    ]);
  });

  it("takes confirm: ask on a tool step, not on an approval step", () => {
    const ask = GOOD.replace(
      "        retry: { attempts: 3, backoff: 2s }",
      "        retry: { attempts: 3, backoff: 2s }\n        confirm: ask",
    );
    const result = parseConfig(ask, "mesh.yaml", firstPartyPlatforms, {});
    expect(result.ok && result.config.workflows.ecommerce_deploy!.steps[3]!.confirm).toBe("ask");
    const onApproval = GOOD.replace(
      '        approval: "Register',
      '        confirm: ask\n        approval: "Register',
    );
    expect(issues(onApproval)).toEqual([
      expect.stringMatching(
        /^mesh\.yaml:17:18: workflows\.ecommerce_deploy\.steps\[2\]\.confirm: confirm: ask is for a tool step/,
      ),
    ]);
  });

  it("reports bad references at file:line:key", () => {
    const bad = GOOD.replace("steps.backend.output.execution_arn", "steps.backend_x.output.arn")
      .replace('params.notify }}"\n        args', 'params.nofity }}"\n        args')
      .replace("output.status != 'RUNNING'", "output.status = 'RUNNING'");
    const found = issues(bad);
    expect(found).toEqual([
      expect.stringMatching(
        /^mesh\.yaml:13:\d+: workflows\.ecommerce_deploy\.steps\[1\]\.args\.execution_arn: unknown step "backend_x"; steps: backend, backend_done, approve, sms/,
      ),
      expect.stringMatching(
        /^mesh\.yaml:14:\d+: workflows\.ecommerce_deploy\.steps\[1\]\.until: .*use "==" to compare/,
      ),
      expect.stringMatching(
        /^mesh\.yaml:20:\d+: workflows\.ecommerce_deploy\.steps\[3\]\.when: unknown param "nofity"/,
      ),
    ]);
  });

  it("refuses later steps, unknown depends_on and steps with neither tool nor approval", () => {
    const yaml = `workflows:
  w:
    steps:
      - id: a
        tool: x_y
        args: { v: "\${{ steps.b.output.v }}" }
      - id: b
        tool: x_z
        depends_on: [a, nope]
      - id: c
`;
    const found = issues(yaml);
    expect(found.join("\n")).toMatch(/steps\[0\]\.args\.v: step "b" comes later/);
    expect(found.join("\n")).toMatch(/steps\[1\]\.depends_on\[1\]: unknown step "nope"/);
    expect(found.join("\n")).toMatch(/steps\[2\]: a step has either `tool`/);
  });

  it("loads the shipped example workflows", () => {
    const text = readFileSync(
      join(import.meta.dirname, "../../examples/workflows/mesh.yaml"),
      "utf8",
    );
    const result = parseConfig(text, "mesh.yaml", firstPartyPlatforms, {});
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
    expect(Object.keys(result.config.workflows)).toEqual([
      "security_gate",
      "ecommerce_deploy",
      "compliance_check",
      "dr_drill",
    ]);
  });
});
