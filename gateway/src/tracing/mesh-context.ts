import { type Context, createContextKey, type Tracer } from "@opentelemetry/api";

/** Marks the context of a traced call with the tracer of the mesh it runs in. */
const MESH_TRACER = createContextKey("agent-mesh tracer");

export function withMeshTracer(ctx: Context, tracer: Tracer): Context {
  return ctx.setValue(MESH_TRACER, tracer);
}

/** The tracer of the mesh whose call is running in `ctx`; undefined outside a traced call. */
export function activeMeshTracer(ctx: Context): Tracer | undefined {
  return ctx.getValue(MESH_TRACER) as Tracer | undefined;
}
