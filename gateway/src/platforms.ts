import type { AnyPlatform } from "@agent-mesh/core";
import { platform as aws } from "@agent-mesh/mcp-aws";
import { platform as docker } from "@agent-mesh/mcp-docker";
import { platform as github } from "@agent-mesh/mcp-github";
import { platform as segment } from "@agent-mesh/mcp-segment";
import { platform as stripe } from "@agent-mesh/mcp-stripe";
import { platform as supabase } from "@agent-mesh/mcp-supabase";
import { platform as twilio } from "@agent-mesh/mcp-twilio";
import { platform as vercel } from "@agent-mesh/mcp-vercel";
// agent-mesh:platform-imports (the generator adds imports above this line)

/** Every first-party platform the gateway can mount in-process. */
export const firstPartyPlatforms: readonly AnyPlatform[] = [
  vercel,
  aws,
  stripe,
  docker,
  segment,
  github,
  twilio,
  supabase,
  // agent-mesh:platforms (the generator adds entries above this line)
];
