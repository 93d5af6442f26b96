import { readEnvelope } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import type { CallContext, Stage } from "../pipeline/context.js";
import { ATTR } from "./attributes.js";
import type { TelemetryConfig } from "./config.js";
import { traceHttpRequests } from "./http-spans.js";
import { withMeshTracer } from "./mesh-context.js";

type Last = (ctx: CallContext) => Promise<CallToolResult>;

const propagator = new W3CTraceContextPropagator();
const metaGetter = {
  keys: (carrier: Record<string, unknown>) => Object.keys(carrier),
  get: (carrier: Record<string, unknown>, key: string) => {
    const value = carrier[key];
    return typeof value === "string" ? value : undefined;
  },
};

/**
 * The mesh's tracer: a span per call (the gateway as MCP server), one per pipeline stage inside
 * it, one for the downstream call (the gateway as MCP client, its context passed on in `_meta`
 * as `traceparent`), and one per HTTP request the platform SDKs make during it. Its own
 * provider, never the global one; only the context manager is global, as async context is.
 */
export class Tracing {
  readonly tracer: Tracer;
  private readonly provider: TracerProvider;
  private readonly releaseHttp: () => void;

  constructor(options: { config: TelemetryConfig; url?: string | undefined }) {
    const { config } = options;
    const exporter = new OTLPTraceExporter({
      ...(options.url ? { url: options.url } : {}),
      ...(Object.keys(config.headers).length > 0 ? { headers: config.headers } : {}),
    });
    this.provider = new TracerProvider({
      resource: resourceFromAttributes({ "service.name": config.service_name }),
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sample_ratio) }),
      spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 1000 })],
    });
    this.tracer = this.provider.getTracer("@agent-mesh/gateway");
    // A no-op if another part of the process registered one already (theirs carries ours).
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    this.releaseHttp = traceHttpRequests();
  }

  /** The outermost stage: the call's span, a child of the caller's `traceparent` if it sent one. */
  callSpan(): Stage {
    return (ctx, next) => {
      const meta = ctx.request.meta ?? {};
      const parent = withMeshTracer(
        propagator.extract(context.active(), meta, metaGetter),
        this.tracer,
      );
      const attributes: Record<string, string | number> = {
        [ATTR.mcpMethod]: "tools/call",
        [ATTR.toolName]: ctx.name,
        [ATTR.operation]: "execute_tool",
        [ATTR.client]: ctx.caller.id,
        [ATTR.downstream]: ctx.downstream.name,
      };
      if (ctx.request.sessionId) attributes[ATTR.mcpSession] = ctx.request.sessionId;
      if (ctx.request.requestId !== undefined)
        attributes[ATTR.jsonrpcRequestId] = String(ctx.request.requestId);
      return this.within(`tools/call ${ctx.name}`, SpanKind.SERVER, attributes, parent, () =>
        next(),
      );
    };
  }

  /** A stage inside its own span, named for it. */
  stage(name: string, stage: Stage): Stage {
    return (ctx, next) =>
      this.within(
        `agent-mesh ${name}`,
        SpanKind.INTERNAL,
        { [ATTR.stage]: name },
        context.active(),
        () => stage(ctx, next),
      );
  }

  /** The downstream call as an MCP client span, its context sent on as `_meta.traceparent`. */
  downstream(last: Last): Last {
    return (ctx) => {
      const attributes: Record<string, string | number> = {
        [ATTR.mcpMethod]: "tools/call",
        [ATTR.toolName]: ctx.entry.original,
        [ATTR.operation]: "execute_tool",
        [ATTR.downstream]: ctx.downstream.name,
      };
      const transport = transportOf(ctx.downstream.spec);
      if (transport) attributes[ATTR.networkTransport] = transport;
      return this.within(
        `tools/call ${ctx.entry.original}`,
        SpanKind.CLIENT,
        attributes,
        context.active(),
        () => {
          const carrier: Record<string, string> = {};
          propagator.inject(context.active(), carrier, {
            set: (target, key, value) => {
              target[key] = value;
            },
          });
          ctx.downstreamMeta = { ...ctx.downstreamMeta, ...carrier };
          return last(ctx);
        },
      );
    };
  }

  /** Exports what is buffered now (tests, and before exit). */
  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  async shutdown(): Promise<void> {
    this.releaseHttp();
    await this.provider.shutdown().catch(() => {});
  }

  private async within(
    name: string,
    kind: SpanKind,
    attributes: Record<string, string | number>,
    parent: ReturnType<typeof context.active>,
    work: () => Promise<CallToolResult>,
  ): Promise<CallToolResult> {
    const span = this.tracer.startSpan(name, { kind, attributes }, parent);
    try {
      const result = await context.with(trace.setSpan(parent, span), work);
      if (result.isError) failed(span, readEnvelope(result)?.code ?? "tool_error");
      return result;
    } catch (err) {
      failed(span, errorType(err));
      throw err;
    } finally {
      span.end();
    }
  }
}

function failed(span: Span, type: string): void {
  span.setAttribute(ATTR.errorType, type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** A JSON-RPC error's code, or the error's class: never its message, which may quote input. */
function errorType(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === "number" || typeof code === "string") return String(code);
  return err instanceof Error ? err.name : "error";
}

function transportOf(spec: CallContext["downstream"]["spec"]): string | undefined {
  if (spec.kind === "stdio") return "pipe";
  return spec.kind === "http" ? "tcp" : undefined;
}
