import type { Context, Hono } from "hono";
import type { Form } from "./form.js";
import type { Obj, Store } from "./store.js";

export interface StripeEnv {
  Variables: {
    /** The request's parameters: the form body of a POST, the query of a GET or DELETE. */
    form: Form;
    /** True for live keys (sk_live_, rk_live_): objects say livemode: true. */
    live: boolean;
    requestId: string;
    idempotencyKey: string | undefined;
  };
}

export type StripeApp = Hono<StripeEnv>;
export type StripeContext = Context<StripeEnv>;

/** Emits an event for this request's object, with the request's id and idempotency key. */
export function emitter(store: Store) {
  return (c: StripeContext, type: string, object: Obj) =>
    store.emit(type, object, c.get("live"), {
      id: c.get("requestId"),
      key: c.get("idempotencyKey"),
    });
}
