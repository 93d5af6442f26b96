export interface PolicyDecision {
  mode: "enforcing" | "permissive";
  effect: "allow" | "deny" | "approval"; // what the first matching rule (or the default) says
  rule?: { id: string; source: string }; // source = "mesh.yaml:42" (file:line)
  approval?: "required" | "waived"; // a rule may add or waive approval
  violations: { kind: string; message: string; rule?: string }[]; // recorded even when permissive
}
