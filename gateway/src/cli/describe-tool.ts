import type { ToolInfo } from "./target.js";

interface PropertySchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  items?: PropertySchema;
  default?: unknown;
  writeOnly?: boolean;
}

/** One tool, as `agent-mesh tools <name>` shows it: what it does, its arguments, a sample call. */
export function describeTool(tool: ToolInfo): string {
  const lines = [`${tool.name}${tool.server ? `  (${tool.server})` : ""}`];
  if (tool.title) lines.push(tool.title);
  if (tool.description) lines.push("", ...wrap(tool.description, 96, ""));
  const hints = tool.annotations ?? {};
  const flags = [
    hints.readOnlyHint ? "read-only" : "writes",
    hints.destructiveHint ? "destructive (asks for confirmation)" : undefined,
    hints.idempotentHint ? "idempotent" : undefined,
    hints.openWorldHint ? "reaches an outside service" : undefined,
  ].filter(Boolean);
  lines.push("", `Annotations: ${flags.join(", ")}`);
  const schema = tool.inputSchema as {
    properties?: Record<string, PropertySchema>;
    required?: string[];
  };
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  lines.push("", properties.length === 0 ? "Arguments: none" : "Arguments:");
  const width = Math.max(0, ...properties.map(([key]) => key.length));
  for (const [key, property] of properties) {
    const kind = `${typeOf(property)}${required.has(key) ? ", required" : ""}${property.writeOnly ? ", secret" : ""}`;
    const head = `  ${key.padEnd(width)}  ${kind}`;
    lines.push(head);
    if (property.description) lines.push(...wrap(property.description, 92, "      "));
  }
  const example = properties
    .filter(([key]) => required.has(key))
    .map(([key, property]) => `${key}=${exampleValue(key, property)}`);
  lines.push("", "Example:", `  agent-mesh call ${[tool.name, ...example].join(" ")}`);
  return `${lines.join("\n")}\n`;
}

function typeOf(property: PropertySchema): string {
  if (property.enum) return `one of ${property.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const type = Array.isArray(property.type) ? property.type.join(" | ") : (property.type ?? "any");
  return type === "array" && property.items ? `array of ${typeOf(property.items)}` : type;
}

function exampleValue(key: string, property: PropertySchema): string {
  if (property.enum?.length) return String(property.enum[0]);
  if (property.default !== undefined) return JSON.stringify(property.default);
  const type = Array.isArray(property.type) ? property.type[0] : property.type;
  if (type === "number" || type === "integer") return "1";
  if (type === "boolean") return "true";
  if (type === "array") return "'[]'";
  if (type === "object") return "'{}'";
  return `<${key}>`;
}

/** Words wrapped to `width` columns, each line after `indent`. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        lines.push(`${indent}${line}`);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(`${indent}${line}`);
  }
  return lines;
}
