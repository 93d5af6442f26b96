import type { TelemetryConfig } from "./config.js";
import type { Tracing } from "./tracing.js";

export { TELEMETRY_DEFAULTS, type TelemetryConfig, telemetrySection } from "./config.js";
export { withTraceIds } from "./log-ids.js";
export type { Tracing } from "./tracing.js";

/**
 * The mesh's tracing, or undefined when it is off: then no stage, span, channel subscription or
 * exporter exists, and calls cost what they did before. On when mesh.yaml's `telemetry:` or the
 * standard OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT names a collector, unless `enabled: false` or
 * OTEL_SDK_DISABLED=true. The OpenTelemetry SDK is loaded only then.
 */
export async function startTracing(
  config: TelemetryConfig,
  env: Record<string, string | undefined>,
): Promise<Tracing | undefined> {
  if (config.enabled === false || env.OTEL_SDK_DISABLED === "true") return undefined;
  const fromEnv = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!config.otlp_endpoint && !fromEnv && config.enabled !== true) return undefined;
  const { Tracing } = await import("./tracing.js");
  return new Tracing({ config, url: tracesUrl(config.otlp_endpoint) });
}

/** The traces URL for a base endpoint (as OTEL_EXPORTER_OTLP_ENDPOINT: /v1/traces appended). */
export function tracesUrl(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  if (/\/v1\/traces\/?$/.test(endpoint)) return endpoint;
  return `${endpoint.replace(/\/+$/, "")}/v1/traces`;
}
