// `pnpm bench`: the runtime's own overhead (core), the gateway's, the gateway side by side with
// mcp-hub and supergateway, what grows with the mesh, then each platform server's tools against
// the sandbox, and last a 10-minute memory soak. Prints tables only.
// `pnpm bench --quick` (or BENCH_SOAK=0) leaves the soak out.
import { setMaxListeners } from "node:events";

// The SDK's HTTP client passes one AbortSignal to every fetch and undici keeps a listener per
// request on it, so a long run trips Node's leak warning in this (client) process.
setMaxListeners(0);

await import("./bench/core.mjs");
await import("./bench/gateway.mjs");
await import("./bench/dashboard.mjs");
await import("./bench/peers.mjs");
await import("./bench/scaling.mjs");
await import("./bench/replicas.mjs");
await import("./bench/tenants.mjs");
await import("./bench/aws.mjs");
await import("./bench/stripe.mjs");
await import("./bench/docker.mjs");
await import("./bench/segment.mjs");
await import("./bench/github.mjs");
await import("./bench/twilio.mjs");
await import("./bench/supabase.mjs");
if (!process.argv.includes("--quick") && process.env.BENCH_SOAK !== "0") {
  await import("./bench/soak.mjs");
}
