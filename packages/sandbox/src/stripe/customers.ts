import { emitter, type StripeApp, type StripeContext } from "./context.js";
import { invalid } from "./errors.js";
import { checkKnown, metadata, str } from "./params.js";
import { expand, newId, now, type Obj, paginate, type Store } from "./store.js";

const FIELDS = [
  "email",
  "name",
  "description",
  "phone",
  "metadata",
  "payment_method",
  "invoice_settings",
];
const TEST_PMS = /^pm_card_/;

function apply(c: StripeContext, customer: Obj): Obj {
  const form = c.get("form");
  checkKnown(form, FIELDS);
  const email = str(form, "email");
  if (email !== undefined && email !== "" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw invalid(`Invalid email address: ${email}`, "email", "email_invalid");
  }
  for (const field of ["email", "name", "description", "phone"]) {
    const value = str(form, field);
    if (value !== undefined) customer[field] = value === "" ? null : value;
  }
  const pm = str(form, "payment_method");
  if (pm !== undefined) {
    if (!TEST_PMS.test(pm))
      throw invalid(`No such PaymentMethod: '${pm}'`, "payment_method", "resource_missing");
    customer.invoice_settings.default_payment_method = pm;
  }
  const settings = form.invoice_settings;
  if (settings !== undefined) {
    if (typeof settings !== "object" || Array.isArray(settings))
      throw invalid("Invalid hash", "invoice_settings");
    checkKnown(settings, ["default_payment_method"]);
    const dpm = str(settings, "default_payment_method");
    if (dpm !== undefined) {
      if (dpm !== "" && dpm !== pm && !TEST_PMS.test(dpm)) {
        throw invalid(
          `No such PaymentMethod: '${dpm}'`,
          "invoice_settings[default_payment_method]",
          "resource_missing",
        );
      }
      customer.invoice_settings.default_payment_method = dpm || null;
    }
  }
  customer.metadata = metadata(form, customer.metadata);
  return customer;
}

/** Customers: create, retrieve, update, list (with `email`). */
export function customerRoutes(app: StripeApp, store: Store): void {
  const emit = emitter(store);
  app.post("/v1/customers", (c) => {
    const id = newId("cus");
    const customer = apply(c, {
      id,
      object: "customer",
      address: null,
      balance: 0,
      created: now(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: null,
      discount: null,
      email: null,
      invoice_prefix: id.slice(4, 12).toUpperCase(),
      invoice_settings: {
        custom_fields: null,
        default_payment_method: null,
        footer: null,
        rendering_options: null,
      },
      livemode: c.get("live"),
      metadata: {},
      name: null,
      next_invoice_sequence: 1,
      phone: null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: "none",
      test_clock: null,
    });
    store.add("customers", customer);
    emit(c, "customer.created", customer);
    return c.json(customer);
  });
  app.get("/v1/customers/:id", (c) => {
    const found = store.find("customers", c.req.param("id"));
    if (found?.deleted) return c.json({ id: found.id, object: "customer", deleted: true });
    return c.json(expand(store, store.get("customers", c.req.param("id")), c.get("form")));
  });
  app.post("/v1/customers/:id", (c) => {
    const customer = apply(c, store.get("customers", c.req.param("id")));
    emit(c, "customer.updated", customer);
    return c.json(customer);
  });
  app.get("/v1/customers", (c) => {
    const form = c.get("form");
    checkKnown(form, ["email", "limit", "starting_after", "ending_before", "created"]);
    const email = str(form, "email");
    const items = store.data.customers.filter((x) => !x.deleted && (!email || x.email === email));
    return c.json(paginate(items, form, "/v1/customers", "customer"));
  });
}
