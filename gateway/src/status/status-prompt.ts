import type { MeshPrompt } from "../mesh-server/index.js";
import { statusMarkdown, statusSummary } from "./markdown.js";
import { type StatusSource, statusSnapshot } from "./snapshot.js";

/** The `status` prompt: Claude Code's /mcp__mesh__status. */
export function statusPrompt(source: StatusSource): MeshPrompt {
  return {
    definition: {
      name: "status",
      title: "Mesh status",
      description: "Summarise the mesh's health, waiting approvals and running workflows",
    },
    async get(_args, { caller }) {
      const status = await statusSnapshot(source, caller);
      const text = [
        "Here is the agent-mesh status as I may see it. Tell me in a few short lines what needs my attention (servers down and how to fix them, approvals waiting for me, runs in progress), most urgent first; say so plainly if all is well.",
        "",
        ...statusSummary(status),
        "",
        statusMarkdown(status),
      ].join("\n");
      return {
        description: `agent-mesh is ${status.status}`,
        messages: [{ role: "user", content: { type: "text", text } }],
      };
    },
  };
}
