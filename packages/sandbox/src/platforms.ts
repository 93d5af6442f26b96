import { aws } from "./aws/index.js";
import type { StandIn } from "./stand-in.js";
import { supabase } from "./supabase/index.js";
import { vercel } from "./vercel/index.js";
// agent-mesh:stand-in-imports (the generator adds imports above this line)

/** Every stand-in the sandbox can start. */
export const standIns: readonly StandIn[] = [
  vercel,
  aws,
  supabase,
  // agent-mesh:stand-ins (the generator adds entries above this line)
];
