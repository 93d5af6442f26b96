import { aws } from "./aws/index.js";
import { docker } from "./docker/index.js";
import { github } from "./github/index.js";
import { segment } from "./segment/index.js";
import type { StandIn } from "./stand-in.js";
import { stripe } from "./stripe/index.js";
import { supabase } from "./supabase/index.js";
import { twilio } from "./twilio/index.js";
import { vercel } from "./vercel/index.js";
// agent-mesh:stand-in-imports (the generator adds imports above this line)

/** Every stand-in the sandbox can start. */
export const standIns: readonly StandIn[] = [
  vercel,
  aws,
  stripe,
  docker,
  segment,
  github,
  twilio,
  supabase,
  // agent-mesh:stand-ins (the generator adds entries above this line)
];
