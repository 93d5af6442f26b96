import type { HttpRoute } from "@agent-mesh/core/node";
import type { MeshMetrics } from "../metrics/index.js";

/** GET /metrics: the Prometheus text format, behind the same tokens as /mcp. */
export function metricsRoute(metrics: MeshMetrics): HttpRoute {
  return {
    method: "GET",
    path: "/metrics",
    async handle(_req, res) {
      const body = await metrics.text();
      res.writeHead(200, {
        "content-type": metrics.contentType,
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    },
  };
}
