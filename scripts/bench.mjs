// `pnpm bench`: the runtime's own overhead (core), the gateway's, then the AWS server's tools
// against the sandbox, and the Supabase server's. Prints tables only.
import { setMaxListeners } from "node:events";

// The SDK's HTTP client passes one AbortSignal to every fetch and undici keeps a listener per
// request on it, so a long run trips Node's leak warning in this (client) process.
setMaxListeners(0);

await import("./bench/core.mjs");
await import("./bench/gateway.mjs");
await import("./bench/aws.mjs");
await import("./bench/supabase.mjs");
