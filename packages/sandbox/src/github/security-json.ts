import { isoAt } from "./http.js";
import { fullName, userJson } from "./json.js";
import type { CodeScanningAlert, DependabotAlert, SecretAlert } from "./security-seed.js";

const WEB = "https://github.com";
const at = (ms: number | null) => (ms === null ? null : isoAt(ms));

/** A `code-scanning-alert` as GitHub's REST API returns it. */
export function codeAlertJson(api: string, a: CodeScanningAlert) {
  const full = fullName(a.repo);
  const url = `${api}/repos/${full}/code-scanning/alerts/${a.number}`;
  return {
    number: a.number,
    created_at: isoAt(a.createdAt),
    updated_at: isoAt(a.updatedAt),
    url,
    html_url: `${WEB}/${full}/security/code-scanning/${a.number}`,
    instances_url: `${url}/instances`,
    state: a.state,
    fixed_at: at(a.fixedAt),
    dismissed_by: a.dismissedBy ? userJson(api, a.dismissedBy) : null,
    dismissed_at: at(a.dismissedAt),
    dismissed_reason: a.dismissedReason,
    dismissed_comment: a.dismissedComment,
    rule: { ...a.rule, full_description: a.rule.description, help: null, help_uri: null },
    tool: a.tool,
    most_recent_instance: {
      ref: `refs/heads/${a.repo.defaultBranch}`,
      analysis_key: ".github/workflows/codeql.yml:analyze",
      environment: "{}",
      category: ".github/workflows/codeql.yml:analyze/language:javascript",
      state: a.state === "dismissed" ? "open" : a.state,
      commit_sha: a.repo.branches.get(a.repo.defaultBranch) ?? "",
      message: { text: a.message },
      location: { ...a.location, start_column: 1, end_column: 20 },
      classifications: [],
    },
  };
}

/** A `dependabot-alert` as GitHub's REST API returns it. */
export function dependabotAlertJson(api: string, a: DependabotAlert) {
  const full = fullName(a.repo);
  const pkg = { ecosystem: a.ecosystem, name: a.package };
  const patched = a.patched === null ? null : { identifier: a.patched };
  const vulnerability = {
    package: pkg,
    severity: a.severity,
    vulnerable_version_range: a.range,
    first_patched_version: patched,
  };
  return {
    number: a.number,
    state: a.state,
    dependency: {
      package: pkg,
      manifest_path: a.manifest,
      scope: a.scope,
      relationship: "direct",
    },
    security_advisory: {
      ghsa_id: a.ghsa,
      cve_id: a.cve,
      summary: a.summary,
      description: a.description,
      vulnerabilities: [vulnerability],
      severity: a.severity,
      cvss: { vector_string: null, score: a.cvss },
      cvss_severities: null,
      epss: null,
      cwes: [],
      identifiers: [
        { type: "GHSA", value: a.ghsa },
        ...(a.cve ? [{ type: "CVE", value: a.cve }] : []),
      ],
      references: [{ url: `https://github.com/advisories/${a.ghsa}` }],
      published_at: isoAt(a.createdAt),
      updated_at: isoAt(a.updatedAt),
      withdrawn_at: null,
    },
    security_vulnerability: vulnerability,
    url: `${api}/repos/${full}/dependabot/alerts/${a.number}`,
    html_url: `${WEB}/${full}/security/dependabot/${a.number}`,
    created_at: isoAt(a.createdAt),
    updated_at: isoAt(a.updatedAt),
    dismissed_at: at(a.dismissedAt),
    dismissed_by: a.dismissedBy ? userJson(api, a.dismissedBy) : null,
    dismissed_reason: a.dismissedReason,
    dismissed_comment: a.dismissedComment,
    fixed_at: at(a.fixedAt),
    auto_dismissed_at: null,
  };
}

/** A `secret-scanning-alert`; the `secret` member only when the caller did not ask to hide it. */
export function secretAlertJson(api: string, a: SecretAlert, hideSecret: boolean) {
  const full = fullName(a.repo);
  const url = `${api}/repos/${full}/secret-scanning/alerts/${a.number}`;
  return {
    number: a.number,
    created_at: isoAt(a.createdAt),
    updated_at: isoAt(a.createdAt),
    url,
    html_url: `${WEB}/${full}/security/secret-scanning/${a.number}`,
    locations_url: `${url}/locations`,
    state: a.state,
    resolution: a.resolution,
    resolved_at: a.state === "resolved" ? isoAt(a.createdAt) : null,
    resolved_by: null,
    resolution_comment: null,
    secret_type: a.secretType,
    secret_type_display_name: a.secretTypeDisplayName,
    ...(hideSecret ? {} : { secret: a.secret }),
    push_protection_bypassed: false,
    push_protection_bypassed_by: null,
    push_protection_bypassed_at: null,
    validity: a.validity,
    publicly_leaked: false,
    multi_repo: false,
    is_base64_encoded: false,
    first_location_detected: {
      ...a.location,
      start_column: 1,
      end_column: 30,
      blob_sha: a.location.commit_sha,
      blob_url: `${api}/repos/${full}/git/blobs/${a.location.commit_sha}`,
      commit_url: `${api}/repos/${full}/git/commits/${a.location.commit_sha}`,
    },
    has_more_locations: false,
  };
}
