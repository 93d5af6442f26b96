import { Hono } from "hono";
import { defineStandIn } from "../stand-in.js";

const API_KEY = "sandbox-supabase-key";

interface Item {
  id: string;
  name: string;
  created: number;
}

const SEED: Item[] = [
  { id: "item_1", name: "First item", created: 1_767_225_600 },
  { id: "item_2", name: "Second item", created: 1_767_312_000 },
  { id: "item_3", name: "Third item", created: 1_767_398_400 },
];

/** Stand-in for Supabase's API: replace the example routes with the endpoints the tools use. */
export const supabase = defineStandIn({
  name: "supabase",
  title: "Supabase",
  credentials: { SUPABASE_API_KEY: API_KEY },
  env: (url) => ({ SUPABASE_API_KEY: API_KEY, SUPABASE_API_URL: url }),
  createApp: ({ recorder }) => {
    const items = SEED.map((item) => ({ ...item }));
    // Like most payment and messaging APIs: a repeated Idempotency-Key gets the first answer.
    const byKey = new Map<string, Item>();
    const app = new Hono();
    app.use("*", recorder.middleware("supabase"));
    app.use("*", async (c, next) => {
      if (c.req.header("authorization") !== `Bearer ${API_KEY}`) {
        return c.json({ error: { code: "unauthorized", message: "Invalid API key" } }, 401);
      }
      await next();
    });
    app.get("/v1/items", (c) => {
      const limit = Number(c.req.query("limit") ?? 10);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        return c.json({ error: { code: "invalid_request", message: "limit must be 1-100" } }, 400);
      }
      const newestFirst = [...items].reverse();
      const after = c.req.query("starting_after");
      const start = after ? newestFirst.findIndex((item) => item.id === after) + 1 : 0;
      const data = newestFirst.slice(start, start + limit);
      return c.json({ data, has_more: start + limit < newestFirst.length });
    });
    app.post("/v1/items", async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { name?: unknown };
      if (typeof body.name !== "string" || body.name === "") {
        return c.json({ error: { code: "invalid_request", message: "name is required" } }, 400);
      }
      const key = c.req.header("idempotency-key");
      const seen = key === undefined ? undefined : byKey.get(key);
      if (seen) return c.json(seen);
      const item = { id: `item_${items.length + 1}`, name: body.name, created: 1_767_484_800 };
      items.push(item);
      if (key !== undefined) byKey.set(key, item);
      return c.json(item);
    });
    app.notFound((c) =>
      c.json({ error: { code: "not_found", message: `No route ${c.req.path}` } }, 404),
    );
    return app;
  },
});
