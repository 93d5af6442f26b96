import { emitter, type StripeApp } from "./context.js";
import { invalid } from "./errors.js";
import { bool, checkKnown, currency, int, metadata, need, oneOf, str } from "./params.js";
import { newId, now, type Obj, paginate, type Store } from "./store.js";

/** Products and prices (one-time and recurring). */
export function catalogRoutes(app: StripeApp, store: Store): void {
  const emit = emitter(store);
  app.post("/v1/products", (c) => {
    const form = c.get("form");
    checkKnown(form, ["name", "description", "active", "metadata", "unit_label", "url"]);
    const product: Obj = {
      id: newId("prod"),
      object: "product",
      active: bool(form, "active") ?? true,
      created: now(),
      default_price: null,
      description: str(form, "description") ?? null,
      images: [],
      livemode: c.get("live"),
      marketing_features: [],
      metadata: metadata(form),
      name: need(form, "name"),
      package_dimensions: null,
      shippable: null,
      statement_descriptor: null,
      tax_code: null,
      type: "service",
      unit_label: str(form, "unit_label") ?? null,
      updated: now(),
      url: str(form, "url") ?? null,
    };
    store.add("products", product);
    emit(c, "product.created", product);
    return c.json(product);
  });
  app.get("/v1/products", (c) => {
    const form = c.get("form");
    checkKnown(form, ["active", "limit", "starting_after", "ending_before", "created"]);
    const active = bool(form, "active");
    const items = store.data.products.filter((p) => active === undefined || p.active === active);
    return c.json(paginate(items, form, "/v1/products", "product"));
  });
  app.post("/v1/prices", (c) => {
    const form = c.get("form");
    checkKnown(form, [
      "product",
      "currency",
      "unit_amount",
      "recurring",
      "nickname",
      "metadata",
      "lookup_key",
      "active",
    ]);
    const product = store.get("products", need(form, "product"), "product");
    const cur = currency(form);
    const amount = int(form, "unit_amount", 0);
    if (amount === undefined)
      throw invalid("Missing required param: unit_amount.", "unit_amount", "parameter_missing");
    const rec = form.recurring;
    let recurring: Obj["recurring"] = null;
    if (rec !== undefined) {
      if (typeof rec !== "object" || Array.isArray(rec)) throw invalid("Invalid hash", "recurring");
      const interval = oneOf(rec, "interval", ["day", "week", "month", "year"]);
      if (!interval)
        throw invalid(
          "Missing required param: recurring[interval].",
          "recurring[interval]",
          "parameter_missing",
        );
      recurring = {
        interval,
        interval_count: int(rec, "interval_count", 1) ?? 1,
        meter: null,
        trial_period_days: null,
        usage_type: "licensed",
      };
    }
    const price: Obj = {
      id: newId("price"),
      object: "price",
      active: bool(form, "active") ?? true,
      billing_scheme: "per_unit",
      created: now(),
      currency: cur,
      custom_unit_amount: null,
      livemode: c.get("live"),
      lookup_key: str(form, "lookup_key") ?? null,
      metadata: metadata(form),
      nickname: str(form, "nickname") ?? null,
      product: product.id,
      recurring,
      tax_behavior: "unspecified",
      tiers_mode: null,
      transform_quantity: null,
      type: recurring ? "recurring" : "one_time",
      unit_amount: amount,
      unit_amount_decimal: String(amount),
    };
    store.add("prices", price);
    product.default_price ??= price.id;
    emit(c, "price.created", price);
    return c.json(price);
  });
  app.get("/v1/prices", (c) => {
    const form = c.get("form");
    checkKnown(form, [
      "product",
      "active",
      "type",
      "currency",
      "limit",
      "starting_after",
      "ending_before",
      "created",
    ]);
    const product = str(form, "product");
    const active = bool(form, "active");
    const type = oneOf(form, "type", ["one_time", "recurring"]);
    const items = store.data.prices.filter(
      (p) =>
        (!product || p.product === product) &&
        (active === undefined || p.active === active) &&
        (!type || p.type === type),
    );
    return c.json(paginate(items, form, "/v1/prices", "price"));
  });
}
