import type { Tool } from "@modelcontextprotocol/sdk/types.js";

/** One suspicious thing in a third-party tool's description or schema. */
export interface Finding {
  kind: "model_instruction" | "hidden_unicode" | "exfiltration" | "tool_shadowing";
  message: string;
}

const MODEL_INSTRUCTIONS = [
  /\bignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|prompts?|messages)/i,
  /\bdo not (tell|inform|show|mention|reveal)[^.]{0,40}\b(the )?user\b/i,
  /\bdon'?t (tell|inform|show|mention)[^.]{0,40}\b(the )?user\b/i,
  /\bwithout (telling|informing|asking) (the )?user\b/i,
  /<\s*(important|system|instructions?)\s*>/i,
  /\byou (must|should) (always|first|now)\b/i,
  /\b(system prompt|developer message)\b/i,
];

const EXFILTRATION = [
  /\b(read|open|cat|load|include)\b[^.]{0,60}(~\/|\/etc\/|\.ssh|id_rsa|\.env\b|\.aws\/|credentials|mcp\.json|passwd)/i,
  /\b(send|post|upload|forward|transmit|exfiltrate)\b[^.]{0,60}\b(https?:\/\/|to (the )?(url|endpoint|server|webhook))/i,
  /\bpass (its|the|their) (content|contents)\b[^.]{0,40}\b(as|in) (the )?[a-z_]+ (parameter|argument)/i,
];

/** Invisible characters: zero-width, bidi controls, Unicode tags (U+E0000–U+E007F). */
const HIDDEN =
  /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/u;

/**
 * Scans a third-party tool's description and schema for the known prompt-injection patterns:
 * instructions aimed at the model, invisible or tag Unicode, instructions to read files or send
 * data to URLs, and references to other servers' tools (shadowing).
 */
export function scanTool(tool: Tool, otherTools: readonly string[]): Finding[] {
  const schemaText = JSON.stringify(tool.inputSchema ?? {});
  const texts = [tool.description ?? "", tool.title ?? "", schemaText];
  const all = texts.join("\n");
  const findings: Finding[] = [];
  if (MODEL_INSTRUCTIONS.some((pattern) => pattern.test(all))) {
    findings.push({
      kind: "model_instruction",
      message: `${tool.name}: its text gives the model instructions ("${excerpt(all, MODEL_INSTRUCTIONS)}")`,
    });
  }
  if (HIDDEN.test(all)) {
    findings.push({
      kind: "hidden_unicode",
      message: `${tool.name}: its text holds invisible or tag Unicode characters that a person reviewing it cannot see`,
    });
  }
  if (EXFILTRATION.some((pattern) => pattern.test(all))) {
    findings.push({
      kind: "exfiltration",
      message: `${tool.name}: its text asks to read local files or send data to a URL ("${excerpt(all, EXFILTRATION)}")`,
    });
  }
  const shadowed = otherTools.filter(
    (other) =>
      other !== tool.name &&
      other.length >= 4 &&
      new RegExp(`\\b${escapeRegExp(other)}\\b`).test(all),
  );
  if (shadowed.length > 0) {
    findings.push({
      kind: "tool_shadowing",
      message: `${tool.name}: its text refers to other servers' tools (${shadowed.slice(0, 3).join(", ")})`,
    });
  }
  return findings;
}

function excerpt(text: string, patterns: readonly RegExp[]): string {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[0].slice(0, 80);
  }
  return "";
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
