import {
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  pageInput,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "./client.js";
import { idInput, nextCursor, pageOf, repoInput, repoOf } from "./shapes.js";

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

/** How a list of alerts pages: by page number (code and secret scanning) or `after` (Dependabot). */
export type AlertPaging = "page" | "after";

/** The paging parameters a request sends for a cursor of ours, and the cursor after a response. */
const paging = {
  page: {
    request: (cursor: string | undefined) => ({ page: pageOf(cursor) }),
    next: (link: string | undefined, cursor: string | undefined) =>
      nextCursor(link, pageOf(cursor)),
  },
  after: {
    request: (cursor: string | undefined) => ({ after: afterOf(cursor) }),
    next: (link: string | undefined) => nextAfterCursor(link),
  },
} as const;

/** Alerts counted at most, 10 pages of 100; `counts.complete` says whether that covered all. */
export const COUNT_CAP = 1000;
const COUNT_PAGE = 100;

interface Where {
  owner: string;
  repo: string;
}

interface ListSpec<F extends z.ZodRawShape, T> {
  name: string;
  title: string;
  description: string;
  /** e.g. "code scanning alert", for the summary. */
  noun: string;
  /** Filter inputs beside repo and the page (state, severity, ...). */
  filters: F;
  item: z.ZodType<T>;
  paging: AlertPaging;
  /** Keys counted, each the value of `countBy` (severity; validity for secrets). */
  countKeys: readonly string[];
  countBy: (alert: T) => string | null;
  countsDescription: string;
  /** One request for one page of the filtered list. */
  fetch: (
    ctx: ToolContext<GitHubClient>,
    where: Where,
    filters: z.output<z.ZodObject<F>>,
    page: { per_page: number; page?: number; after?: string | undefined },
  ) => Promise<{ data: unknown; headers: { link?: string | undefined } }>;
  toItem: (api: never) => T;
}

/**
 * A list tool of one kind of alert: repo, filters and the page in; the alerts (marked untrusted),
 * `counts` of the whole filtered set and next_cursor out. Counts come from the page itself when it
 * is the only one; otherwise from the filtered list read again 100 at a time, up to COUNT_CAP.
 * Only the first page (no cursor) counts: later pages answer `counts: null`.
 */
export function alertListTool<F extends z.ZodRawShape, T>(spec: ListSpec<F, T>) {
  const counts = z
    .object({
      total: z.number().int(),
      ...Object.fromEntries(spec.countKeys.map((k) => [k, z.number().int()])),
      complete: z
        .boolean()
        .describe(
          `false when more than ${COUNT_CAP} alerts matched: the counts cover the first ${COUNT_CAP}`,
        ),
    })
    .nullable()
    .describe(spec.countsDescription);
  const pager = paging[spec.paging];
  const filterKeys = Object.keys(spec.filters);
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    input: z.object({ repo: repoInput, ...spec.filters, ...pageInput }),
    output: z.object({
      repo: z.string(),
      alerts: untrustedSchema(z.array(spec.item)),
      counts,
      next_cursor: nextCursorOutput,
    }),
    annotations: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    },
    summary: (out) =>
      `${out.alerts.data.length}${out.counts ? ` of ${out.counts.total}` : ""} ${spec.noun}(s) in ${out.repo}${out.next_cursor ? "; more available" : ""}`,
    run: async (input, ctx: ToolContext<GitHubClient>) => {
      const all = input as Record<string, unknown> & {
        repo?: string;
        cursor?: string;
        limit: number;
      };
      const { owner, repo, full } = repoOf(ctx.client, all.repo);
      const filters = Object.fromEntries(filterKeys.map((k) => [k, all[k]])) as z.output<
        z.ZodObject<F>
      >;
      const fetchPage = (cursor: string | undefined, perPage: number) =>
        spec.fetch(ctx, { owner, repo }, filters, { per_page: perPage, ...pager.request(cursor) });
      const toItems = (data: unknown) => (data as never[]).map((a) => spec.toItem(a));
      const res = await fetchPage(all.cursor, all.limit);
      const alerts = toItems(res.data);
      const next = pager.next(res.headers.link, all.cursor);
      let counted: Array<T> | undefined;
      let complete = true;
      if (all.cursor === undefined) {
        if (next === null) counted = alerts;
        else {
          counted = [];
          let cursor: string | undefined;
          for (;;) {
            const page = await fetchPage(cursor, COUNT_PAGE);
            counted.push(...toItems(page.data));
            const after = pager.next(page.headers.link, cursor);
            if (after === null) break;
            if (counted.length >= COUNT_CAP) {
              complete = false;
              break;
            }
            cursor = after;
          }
        }
      }
      return {
        repo: full,
        alerts: untrusted(alerts),
        counts: counted === undefined ? null : countOf(counted, spec, complete),
        next_cursor: next,
      };
    },
  });
}

function countOf<T>(
  alerts: T[],
  spec: { countKeys: readonly string[]; countBy: (alert: T) => string | null },
  complete: boolean,
) {
  const counts: Record<string, number> = Object.fromEntries(spec.countKeys.map((k) => [k, 0]));
  for (const alert of alerts) {
    const key = spec.countBy(alert);
    if (key !== null && Object.hasOwn(counts, key)) counts[key]! += 1;
  }
  return { total: alerts.length, ...counts, complete };
}

interface DismissSpec<R extends readonly [string, ...string[]]> {
  name: string;
  title: string;
  /** As in a sentence: "code scanning alert", "Dependabot alert". */
  noun: string;
  reasons: R;
  update: (
    ctx: ToolContext<GitHubClient>,
    where: Where,
    body: {
      alert_number: number;
      state: "dismissed";
      dismissed_reason: R[number];
      dismissed_comment: string;
    },
  ) => Promise<{
    data: {
      number: number;
      state?: string | null;
      dismissed_reason?: string | null;
      html_url: string;
    };
  }>;
}

/** A dismiss tool of one kind of alert: reason and comment required, the user's yes first. */
export function alertDismissTool<const R extends readonly [string, ...string[]]>(
  spec: DismissSpec<R>,
) {
  const sentence = `${spec.noun.charAt(0).toUpperCase()}${spec.noun.slice(1)}`;
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: `Dismisses a ${spec.noun} with a reason and comment, so it stops counting as open. Needs the user's confirmation.`,
    input: z.object({
      repo: repoInput,
      alert_number: idInput,
      dismissed_reason: z.enum(spec.reasons),
      dismissed_comment: z.string().min(1).max(280).describe("Why, for the audit trail (max 280)"),
    }),
    output: z.object({
      repo: z.string(),
      alert_number: z.number(),
      state: z.string(),
      dismissed_reason: z.string().nullable(),
      html_url: z.string(),
    }),
    annotations: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: true,
    },
    confirm: {
      message: (input, client: GitHubClient) =>
        `Dismiss ${spec.noun} ${input.alert_number} of ${repoOf(client, input.repo).full} as "${input.dismissed_reason}": it stops blocking and stops being reported as open.`,
    },
    summary: (out) =>
      `${sentence} ${out.alert_number} in ${out.repo} is ${out.state} (${out.dismissed_reason ?? "no reason"})`,
    run: async (input, ctx: ToolContext<GitHubClient>) => {
      const { owner, repo, full } = repoOf(ctx.client, input.repo);
      const res = await spec.update(
        ctx,
        { owner, repo },
        {
          alert_number: input.alert_number,
          state: "dismissed",
          dismissed_reason: input.dismissed_reason as R[number],
          dismissed_comment: input.dismissed_comment,
        },
      );
      const alert = res.data;
      return {
        repo: full,
        alert_number: alert.number,
        state: alert.state ?? "unknown",
        dismissed_reason: alert.dismissed_reason ?? null,
        html_url: alert.html_url,
      };
    },
  });
}
