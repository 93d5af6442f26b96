import { z } from "zod";

/**
 * `telemetry:` in mesh.yaml: OpenTelemetry traces over OTLP/HTTP. Off unless an endpoint is
 * set here or in OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; then on
 * unless `enabled: false`.
 */
export const telemetrySection = z.strictObject({
  enabled: z.boolean().optional(),
  /** The collector's base URL (traces go to <url>/v1/traces), as OTEL_EXPORTER_OTLP_ENDPOINT. */
  otlp_endpoint: z
    .url({ protocol: /^https?$/, error: "otlp_endpoint must be an http:// or https:// URL" })
    .optional(),
  /** Sent with every export (an API key: use ${VAR}); adds to OTEL_EXPORTER_OTLP_HEADERS. */
  headers: z.record(z.string(), z.string()).default({}),
  service_name: z.string().min(1).default("agent-mesh"),
  /** Share of new traces kept, 0 to 1 (a caller's sampled traceparent is always followed). */
  sample_ratio: z.number().min(0).max(1).default(1),
  /** Log lines written during a call carry its trace_id and span_id. */
  log_trace_ids: z.boolean().default(true),
});

export type TelemetryConfig = z.output<typeof telemetrySection>;
export const TELEMETRY_DEFAULTS: TelemetryConfig = telemetrySection.parse({});
