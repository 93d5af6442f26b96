import type { AnyPlatform } from "@agent-mesh/core";

/**
 * A first-party platform the gateway can mount in-process, by name, with its code loaded only
 * when asked: a gateway that does not enable a platform never loads it or its provider's SDK.
 */
export interface PlatformLoader {
  name: string;
  load(): Promise<AnyPlatform>;
}

/** Every first-party platform, in the order the gateway mounts them. */
export const firstPartyPlatformLoaders: readonly PlatformLoader[] = [
  { name: "vercel", load: async () => (await import("@agent-mesh/mcp-vercel")).platform },
  { name: "aws", load: async () => (await import("@agent-mesh/mcp-aws")).platform },
  { name: "stripe", load: async () => (await import("@agent-mesh/mcp-stripe")).platform },
  { name: "docker", load: async () => (await import("@agent-mesh/mcp-docker")).platform },
  { name: "segment", load: async () => (await import("@agent-mesh/mcp-segment")).platform },
  { name: "github", load: async () => (await import("@agent-mesh/mcp-github")).platform },
  { name: "twilio", load: async () => (await import("@agent-mesh/mcp-twilio")).platform },
  { name: "supabase", load: async () => (await import("@agent-mesh/mcp-supabase")).platform },
  // agent-mesh:platforms (the generator adds entries above this line)
];

/** The names of every first-party platform, without loading any. */
export const firstPartyPlatformNames: readonly string[] = firstPartyPlatformLoaders.map(
  (loader) => loader.name,
);

/**
 * Loads the named first-party platforms (all of them when no names are given), in parallel,
 * returned in mounting order. Unknown names are ignored: the config check reports them.
 */
export async function loadPlatforms(names?: Iterable<string>): Promise<AnyPlatform[]> {
  const wanted = names ? new Set(names) : undefined;
  return Promise.all(
    firstPartyPlatformLoaders
      .filter((loader) => !wanted || wanted.has(loader.name))
      .map((loader) => loader.load()),
  );
}
