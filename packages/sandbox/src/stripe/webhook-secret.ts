/**
 * The signing secret of every webhook endpoint the stand-in creates (Stripe makes one per
 * endpoint; one shared secret lets `agent-mesh start --sandbox` verify them with no setup).
 */
export const STRIPE_SANDBOX_WEBHOOK_SECRET = "whsec_AgentMeshSandboxSigningSecret0000000000";
