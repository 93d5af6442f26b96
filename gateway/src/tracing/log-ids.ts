import type { Logger } from "@agent-mesh/core";
import { trace } from "@opentelemetry/api";

/** Adds the active span's trace_id and span_id to every JSON log line written during a call. */
export function withTraceIds(logger: Logger): Logger {
  const tag =
    (level: keyof Logger) =>
    (message: string, data?: Record<string, unknown>): void => {
      const span = trace.getActiveSpan()?.spanContext();
      if (span) logger[level](message, { ...data, trace_id: span.traceId, span_id: span.spanId });
      else logger[level](message, data);
    };
  return { debug: tag("debug"), info: tag("info"), warn: tag("warn"), error: tag("error") };
}
