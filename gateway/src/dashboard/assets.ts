import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { DASHBOARD_CSS } from "./style.js";

/** A file the dashboard serves from /dashboard/assets/. */
export interface Asset {
  type: string;
  body: string;
}

/**
 * The dashboard's static files: htmx as npm installed it beside the gateway (resolved from this
 * module, so it is found from the sources, the bundled bin and an installed tarball alike; never
 * a CDN), and the stylesheet. Read once, on first use.
 */
export function dashboardAssets(): (name: string) => Asset | undefined {
  let htmx: string | undefined;
  return (name) => {
    if (name === "htmx.min.js") {
      htmx ??= readFileSync(
        createRequire(import.meta.url).resolve("htmx.org/dist/htmx.min.js"),
        "utf8",
      );
      return { type: "text/javascript; charset=utf-8", body: htmx };
    }
    if (name === "dashboard.css") return { type: "text/css; charset=utf-8", body: DASHBOARD_CSS };
    return undefined;
  };
}
