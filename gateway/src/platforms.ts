import type { AnyPlatform } from "@agent-mesh/core";
import { platform as aws } from "@agent-mesh/mcp-aws";
import { platform as supabase } from "@agent-mesh/mcp-supabase";
import { platform as vercel } from "@agent-mesh/mcp-vercel";
// agent-mesh:platform-imports (the generator adds imports above this line)

/** Every first-party platform the gateway can mount in-process. */
export const firstPartyPlatforms: readonly AnyPlatform[] = [
  vercel,
  aws,
  supabase,
  // agent-mesh:platforms (the generator adds entries above this line)
];
