import { Hono } from "hono";
import { defineStandIn } from "../stand-in.js";

const API_KEY = "sandbox-vercel-key";

const ITEMS = [
  { id: "item_1", name: "First item", created: 1_767_225_600 },
  { id: "item_2", name: "Second item", created: 1_767_312_000 },
  { id: "item_3", name: "Third item", created: 1_767_398_400 },
];

/** Stand-in for Vercel's API: replace the example route with the endpoints the tools use. */
export const vercel = defineStandIn({
  name: "vercel",
  title: "Vercel",
  credentials: { VERCEL_API_KEY: API_KEY },
  env: (url) => ({ VERCEL_API_KEY: API_KEY, VERCEL_API_URL: url }),
  createApp: ({ recorder }) => {
    const app = new Hono();
    app.use("*", recorder.middleware("vercel"));
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
      const newestFirst = [...ITEMS].reverse();
      const after = c.req.query("starting_after");
      const start = after ? newestFirst.findIndex((item) => item.id === after) + 1 : 0;
      const data = newestFirst.slice(start, start + limit);
      return c.json({ data, has_more: start + limit < newestFirst.length });
    });
    app.notFound((c) =>
      c.json({ error: { code: "not_found", message: `No route ${c.req.path}` } }, 404),
    );
    return app;
  },
});
