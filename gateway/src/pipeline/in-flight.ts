import { type Caller, RELATED_CALL_META } from "@agent-mesh/core";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Downstream } from "../downstream/downstream.js";
import type { ClientRequest, ClientRequests } from "./context.js";

export interface Flight {
  downstream: Downstream;
  answers: ClientRequests | undefined;
  /** Who made the call (the mesh's own downstream answers as this caller). */
  caller?: Caller;
}

/**
 * Calls under way, by id, so that a downstream's elicitation or sampling request reaches the
 * caller whose call caused it and never another. A downstream that echoes the call's id in the
 * request's `_meta` (every agent-mesh platform does) is routed exactly; otherwise a request is
 * routed only when one call is under way on that downstream.
 */
export class InFlightCalls {
  private readonly flights = new Map<string, Flight>();
  private next = 0;

  newId(): string {
    return `call-${++this.next}`;
  }

  async run<T>(id: string, flight: Flight, work: () => Promise<T>): Promise<T> {
    this.flights.set(id, flight);
    try {
      return await work();
    } finally {
      this.flights.delete(id);
    }
  }

  /**
   * The caller of call `id` under way on a downstream of `kind`, else undefined. The id comes
   * from the gateway (it overwrites any a client sent), so a client cannot borrow another caller.
   */
  callerOf(id: unknown, kind: Downstream["spec"]["kind"]): Caller | undefined {
    return this.flightOf(id, kind)?.caller;
  }

  /** Call `id` under way on a downstream of `kind` (its caller and client's answers). */
  flightOf(id: unknown, kind: Downstream["spec"]["kind"]): Flight | undefined {
    if (typeof id !== "string") return undefined;
    const flight = this.flights.get(id);
    return flight?.downstream.spec.kind === kind ? flight : undefined;
  }

  /** True while some call is under way on the downstream. */
  busy(downstream: Downstream): boolean {
    for (const flight of this.flights.values()) if (flight.downstream === downstream) return true;
    return false;
  }

  /** Sends the request to the caller of the call it belongs to; undefined outside any call. */
  route(
    downstream: Downstream,
    request: ClientRequest,
  ): Promise<Record<string, unknown>> | undefined {
    const what = request.method === "sampling/createMessage" ? "sampling" : "elicitation";
    const meta = request.params?._meta as Record<string, unknown> | undefined;
    const tag = meta?.[RELATED_CALL_META];
    const tagged = typeof tag === "string" ? this.flights.get(tag) : undefined;
    let flight = tagged?.downstream === downstream ? tagged : undefined;
    if (!flight) {
      const candidates = [...this.flights.values()].filter((f) => f.downstream === downstream);
      if (candidates.length === 0) return undefined;
      if (candidates.length > 1) {
        throw new McpError(
          ErrorCode.InvalidRequest,
          `${what} cannot be routed: ${downstream.name} has ${candidates.length} calls under way and the request does not say which one it belongs to (_meta["${RELATED_CALL_META}"])`,
        );
      }
      flight = candidates[0]!;
    }
    const { answers } = flight;
    if (!answers?.supports(request.method, request.params)) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `the client that made this call does not support ${what}`,
      );
    }
    const { [RELATED_CALL_META]: _call, ...rest } = meta ?? {};
    const params = { ...request.params };
    if (meta) {
      if (Object.keys(rest).length > 0) params._meta = rest;
      else delete params._meta;
    }
    return answers.send({ method: request.method, params });
  }
}
