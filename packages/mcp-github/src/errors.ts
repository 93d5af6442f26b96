import { errorFromStatus, type PlatformError } from "@agent-mesh/core";

/** Octokit's RequestError (name "HttpError"), read by shape so any copy of the class matches. */
interface OctokitError {
  name: string;
  status: number;
  message: string;
  response?: {
    headers: Record<string, string | number | undefined>;
    data?: unknown;
  };
}

interface GitHubErrorBody {
  message?: string;
  documentation_url?: string;
  errors?: Array<{ resource?: string; field?: string; code?: string; message?: string }>;
}

function isOctokitError(error: unknown): error is OctokitError {
  return (
    error instanceof Error &&
    error.name === "HttpError" &&
    typeof (error as { status?: unknown }).status === "number"
  );
}

/**
 * Every failure of GitHub's API, in one place, as the standard envelope: the status picks the
 * code; GitHub's 422 `errors` array goes into the message; primary (403/429 with
 * x-ratelimit-remaining 0) and secondary (retry-after) rate limits become rate_limited with the
 * reset time. Failures below HTTP (no response) are left to core's network mapping.
 */
export function mapError(error: unknown): PlatformError | undefined {
  if (!isOctokitError(error) || error.response === undefined) return undefined;
  const { headers } = error.response;
  const body = (
    typeof error.response.data === "object" && error.response.data !== null
      ? error.response.data
      : {}
  ) as GitHubErrorBody;
  const text = body.message ?? `HTTP ${error.status}`;
  const problems = (body.errors ?? [])
    .map((e) => e.message ?? [e.resource, e.field, e.code].filter(Boolean).join(" "))
    .filter((m) => m !== "");
  const detail = problems.length > 0 ? `${text}: ${problems.join("; ")}` : text;
  const base = {
    headers,
    cause: error,
    platformCode: body.errors?.[0]?.code,
    details: { status: error.status },
  };
  const remaining = headers["x-ratelimit-remaining"];
  const limited =
    error.status === 429 ||
    (error.status === 403 &&
      (String(remaining) === "0" ||
        headers["retry-after"] !== undefined ||
        /rate limit/i.test(text)));
  if (limited) {
    const mapped = errorFromStatus({
      ...base,
      status: 429,
      message: `GitHub rate limit reached: ${detail}. Retry after the reset time.`,
    });
    const reset = Number(headers["x-ratelimit-reset"]);
    if (mapped.details && reset > 0) {
      mapped.details.reset_at = new Date(reset * 1000).toISOString();
      mapped.details.retry_after_seconds ??= Math.max(0, Math.ceil(reset - Date.now() / 1000));
    }
    return mapped;
  }
  if (error.status === 401) {
    return errorFromStatus({
      ...base,
      status: 401,
      message: `GitHub rejected the credentials: ${detail}. Check GITHUB_TOKEN (or the GitHub App settings).`,
    });
  }
  if (error.status === 404) {
    return errorFromStatus({
      ...base,
      status: 404,
      message: `GitHub: ${detail} (it does not exist, or the token cannot see it).`,
    });
  }
  // 405 is GitHub's "not mergeable" (conflicts, a draft, checks required): a state conflict.
  const status = error.status === 405 ? 409 : error.status;
  return errorFromStatus({ ...base, status, message: `GitHub: ${detail}` });
}
