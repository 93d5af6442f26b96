// `pnpm bench`: the runtime's own overhead (core), then the gateway's. Prints tables only.
await import("./bench/core.mjs");
await import("./bench/gateway.mjs");
