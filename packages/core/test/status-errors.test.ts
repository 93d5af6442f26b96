import { describe, expect, it } from "vitest";
import {
  errorFromNetwork,
  errorFromStatus,
  HttpError,
  httpErrorToPlatformError,
  retryAfterSeconds,
} from "../src/index.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");

describe("errorFromStatus", () => {
  it("maps statuses to envelope codes", () => {
    const cases: Array<[number, string]> = [
      [400, "invalid_request"],
      [401, "authentication_error"],
      [403, "permission_denied"],
      [404, "not_found"],
      [409, "conflict"],
      [429, "rate_limited"],
      [503, "upstream_unavailable"],
      [504, "timeout"],
    ];
    for (const [status, code] of cases) {
      expect(errorFromStatus({ status, message: "x" }).code, String(status)).toBe(code);
    }
  });

  it("honours Retry-After in seconds and as an HTTP date, from Headers or a plain record", () => {
    const seconds = errorFromStatus({
      status: 429,
      headers: new Headers({ "Retry-After": "7" }),
      message: "Slow down",
      platformCode: "rate_limit",
    });
    expect(seconds.details).toEqual({ retry_after_seconds: 7, platform_code: "rate_limit" });
    const date = errorFromStatus({
      status: 503,
      headers: { "retry-after": "Wed, 25 Nov 2026 12:00:30 GMT" },
      message: "Maintenance",
      now: () => NOW,
    });
    expect(date.details).toEqual({ retry_after_seconds: 30 });
    expect(
      errorFromStatus({ status: 500, headers: { "Retry-After": "soon" }, message: "x" }).details,
    ).toEqual({});
  });

  it("keeps the cause and the message", () => {
    const cause = new Error("sdk");
    const err = errorFromStatus({ status: 404, message: "No such charge", cause });
    expect(err.message).toBe("No such charge");
    expect(err.cause).toBe(cause);
  });

  it("is what httpErrorToPlatformError uses", () => {
    const err = httpErrorToPlatformError(
      new HttpError(429, {}, new Headers({ "retry-after": "3" }), "GET /x answered 429"),
    );
    expect(err).toMatchObject({ code: "rate_limited", details: { retry_after_seconds: 3 } });
  });
});

describe("retryAfterSeconds", () => {
  it("reads both forms and clamps a past date to zero", () => {
    expect(retryAfterSeconds("120")).toBe(120);
    expect(retryAfterSeconds("Wed, 25 Nov 2026 11:00:00 GMT", () => NOW)).toBe(0);
    expect(retryAfterSeconds(undefined)).toBeUndefined();
    expect(retryAfterSeconds("-1")).toBeUndefined();
  });
});

describe("errorFromNetwork", () => {
  it("maps socket, DNS, timeout and abort errors, looking through causes", () => {
    const wrapped = new TypeError("fetch failed", {
      cause: Object.assign(new Error("getaddrinfo ENOTFOUND api.example.com"), {
        code: "ENOTFOUND",
      }),
    });
    expect(errorFromNetwork(wrapped, "Stripe")).toMatchObject({
      code: "upstream_unavailable",
      message: expect.stringContaining("Cannot reach Stripe (ENOTFOUND)"),
    });
    expect(errorFromNetwork(Object.assign(new Error("x"), { code: "ECONNRESET" }))?.code).toBe(
      "upstream_unavailable",
    );
    expect(errorFromNetwork(Object.assign(new Error("x"), { code: "ETIMEDOUT" }))?.code).toBe(
      "timeout",
    );
    const socket = Object.assign(new Error("connect ENOENT /var/run/docker.sock"), {
      code: "ENOENT",
      syscall: "connect",
      address: "/var/run/docker.sock",
    });
    expect(errorFromNetwork(socket, "the Docker engine")?.message).toContain(
      "Cannot reach the Docker engine at /var/run/docker.sock (ENOENT)",
    );
    expect(errorFromNetwork(Object.assign(new Error("x"), { code: "ENOENT" }))).toBeUndefined();
    expect(errorFromNetwork(new DOMException("gone", "AbortError"))?.code).toBe("timeout");
    expect(errorFromNetwork(new DOMException("late", "TimeoutError"))?.code).toBe("timeout");
  });

  it("leaves everything else alone, so bugs stay bugs", () => {
    expect(errorFromNetwork(new TypeError("cannot read properties of undefined"))).toBeUndefined();
    expect(errorFromNetwork("string")).toBeUndefined();
    expect(errorFromNetwork(undefined)).toBeUndefined();
  });
});
