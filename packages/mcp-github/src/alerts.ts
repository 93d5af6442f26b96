import { decodeCursor, encodeCursor } from "@agent-mesh/core";
import { z } from "zod";

/** Where a finding sits in the repository. */
export const locationOutput = z
  .object({
    path: z.string(),
    start_line: z.number().nullable(),
    end_line: z.number().nullable(),
  })
  .nullable();

export const codeAlertOutput = z.object({
  number: z.number(),
  state: z.string().describe("open, dismissed or fixed"),
  severity: z
    .string()
    .nullable()
    .describe(
      "Security severity (critical, high, medium, low), else the rule's (error, warning, note)",
    ),
  rule: z.object({
    id: z.string().nullable(),
    name: z.string().nullable(),
    description: z.string().nullable(),
  }),
  tool: z.string().nullable(),
  location: locationOutput,
  message: z.string().nullable(),
  ref: z.string().nullable(),
  dismissed_reason: z.string().nullable(),
  dismissed_comment: z.string().nullable(),
  created_at: z.string(),
  html_url: z.string(),
});

/** The fields of GitHub's code-scanning-alert the tools read. */
export interface ApiCodeAlert {
  number: number;
  state: string | null;
  created_at: string;
  html_url: string;
  dismissed_reason?: string | null;
  dismissed_comment?: string | null;
  rule: {
    id?: string | null;
    name?: string;
    severity?: string | null;
    security_severity_level?: string | null;
    description?: string;
  };
  tool: { name?: string };
  most_recent_instance: {
    ref?: string;
    message?: { text?: string };
    location?: { path?: string; start_line?: number; end_line?: number };
  };
}

export function toCodeAlert(a: ApiCodeAlert): z.output<typeof codeAlertOutput> {
  const instance = a.most_recent_instance;
  const loc = instance.location;
  return {
    number: a.number,
    state: a.state ?? "unknown",
    severity: a.rule.security_severity_level ?? a.rule.severity ?? null,
    rule: {
      id: a.rule.id ?? null,
      name: a.rule.name ?? null,
      description: a.rule.description ?? null,
    },
    tool: a.tool.name ?? null,
    location:
      loc?.path === undefined
        ? null
        : { path: loc.path, start_line: loc.start_line ?? null, end_line: loc.end_line ?? null },
    message: instance.message?.text ?? null,
    ref: instance.ref ?? null,
    dismissed_reason: a.dismissed_reason ?? null,
    dismissed_comment: a.dismissed_comment ?? null,
    created_at: a.created_at,
    html_url: a.html_url,
  };
}

export const dependabotAlertOutput = z.object({
  number: z.number(),
  state: z.string().describe("open, dismissed, fixed or auto_dismissed"),
  severity: z.string(),
  package: z.object({ ecosystem: z.string(), name: z.string() }),
  manifest_path: z.string(),
  scope: z.string().nullable(),
  vulnerable_version_range: z.string(),
  fixed_in: z.string().nullable().describe("First patched version; null when none exists yet"),
  ghsa_id: z.string(),
  cve_id: z.string().nullable(),
  summary: z.string(),
  dismissed_reason: z.string().nullable(),
  dismissed_comment: z.string().nullable(),
  created_at: z.string(),
  html_url: z.string(),
});

/** The fields of GitHub's dependabot-alert the tools read. */
export interface ApiDependabotAlert {
  number: number;
  state: string;
  created_at: string;
  html_url: string;
  dismissed_reason?: string | null;
  dismissed_comment?: string | null;
  dependency: {
    package?: { ecosystem: string; name: string };
    manifest_path?: string;
    scope?: string | null;
  };
  security_advisory: { ghsa_id: string; cve_id: string | null; summary: string };
  security_vulnerability: {
    package: { ecosystem: string; name: string };
    severity: string;
    vulnerable_version_range: string;
    first_patched_version: { identifier: string } | null;
  };
}

export function toDependabotAlert(a: ApiDependabotAlert): z.output<typeof dependabotAlertOutput> {
  const v = a.security_vulnerability;
  return {
    number: a.number,
    state: a.state,
    severity: v.severity,
    package: a.dependency.package ?? v.package,
    manifest_path: a.dependency.manifest_path ?? "",
    scope: a.dependency.scope ?? null,
    vulnerable_version_range: v.vulnerable_version_range,
    fixed_in: v.first_patched_version?.identifier ?? null,
    ghsa_id: a.security_advisory.ghsa_id,
    cve_id: a.security_advisory.cve_id,
    summary: a.security_advisory.summary,
    dismissed_reason: a.dismissed_reason ?? null,
    dismissed_comment: a.dismissed_comment ?? null,
    created_at: a.created_at,
    html_url: a.html_url,
  };
}

export const secretAlertOutput = z.object({
  number: z.number(),
  state: z.string().describe("open or resolved"),
  resolution: z.string().nullable(),
  secret_type: z.string(),
  secret_type_display_name: z.string().nullable(),
  validity: z.string().nullable().describe("active, inactive or unknown"),
  location: locationOutput,
  created_at: z.string(),
  html_url: z.string(),
});

/**
 * The fields of GitHub's secret-scanning-alert the tools read. `secret` is deliberately absent:
 * the tools ask GitHub to hide it and copy only these fields, so the value cannot leak.
 */
export interface ApiSecretAlert {
  number?: number;
  state?: string;
  resolution?: string | null;
  secret_type?: string;
  secret_type_display_name?: string;
  validity?: string;
  created_at?: string;
  html_url?: string;
  first_location_detected?: {
    path?: string;
    start_line?: number;
    end_line?: number;
  } | null;
}

export function toSecretAlert(a: ApiSecretAlert): z.output<typeof secretAlertOutput> {
  const loc = a.first_location_detected;
  return {
    number: a.number ?? 0,
    state: a.state ?? "unknown",
    resolution: a.resolution ?? null,
    secret_type: a.secret_type ?? "unknown",
    secret_type_display_name: a.secret_type_display_name ?? null,
    validity: a.validity ?? null,
    location:
      loc?.path === undefined
        ? null
        : { path: loc.path, start_line: loc.start_line ?? null, end_line: loc.end_line ?? null },
    created_at: a.created_at ?? "",
    html_url: a.html_url ?? "",
  };
}

const afterState = z.object({ after: z.string().min(1) });

/** Dependabot's list pages by `after` cursor: the one a cursor of ours carries. */
export function afterOf(cursor: string | undefined): string | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor, afterState).after;
}

/** next_cursor from a `Link` header whose next page is named by an `after` parameter. */
export function nextAfterCursor(link: string | undefined): string | null {
  const next = link?.split(",").find((part) => /rel="next"/.test(part));
  const url = next === undefined ? undefined : /<([^>]+)>/.exec(next)?.[1];
  const after = url === undefined ? null : new URL(url).searchParams.get("after");
  return after ? encodeCursor({ after }) : null;
}
