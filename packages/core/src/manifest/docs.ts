import type { Manifest, ManifestTool } from "./build.js";

const GENERATED =
  "<!-- Generated from the tool definitions by agent-mesh-manifest. Do not edit. -->";

/** The user docs page of a platform, generated from the same data as tools.json. */
export function renderDocs(manifest: Manifest): string {
  const { platform, title, package: pkg } = manifest;
  const required = manifest.settings.filter((s) => s.required).map((s) => `-e ${s.env}=...`);
  const lines = [
    GENERATED,
    "",
    `# ${title}`,
    "",
    manifest.description,
    "",
    "## Run it",
    "",
    "```sh",
    `claude mcp add ${platform} ${required.join(" ")} -- npx -y ${pkg}`.replace(/ {2,}/g, " "),
    "```",
    "",
    `Or as part of the whole mesh: \`agent-mesh start\` mounts it in-process. \`npx -y ${pkg} --http 3000\` serves Streamable HTTP on 127.0.0.1.`,
    "",
    `Not on npm yet: from a clone of agent-mesh (after \`pnpm install && pnpm build\`), run \`node packages/mcp-${platform}/bin/mcp-${platform}.js\` in place of \`npx -y ${pkg}\`, or pack it (\`pnpm --filter ${pkg} pack\`) and run \`npx -y ./<tarball>.tgz\`; see [development.md](../development.md#running-the-packages-before-they-are-on-npm).`,
    "",
    "## Configuration",
    "",
    "| Variable | Required | Description |",
    "| --- | --- | --- |",
    ...manifest.settings.map(
      (s) =>
        `| \`${s.env}\` | ${s.required ? "yes" : "no"} | ${cell(s.description)}${s.secret ? " (secret: never shown in output or logs)" : ""} |`,
    ),
    "",
    "Without its required variables the server still starts and lists its tools; every call answers",
    "`not_configured` naming the variable to set.",
    "",
    "## Tools",
    "",
    "| Tool | What it does | Read-only | Destructive | Idempotent | Confirmation |",
    "| --- | --- | --- | --- | --- | --- |",
    ...manifest.tools.map(
      (t) =>
        `| [\`${t.name}\`](#${t.name}) | ${cell(t.title)} | ${yes(t.annotations.readOnlyHint)} | ${yes(t.annotations.destructiveHint)} | ${yes(t.annotations.idempotentHint)} | ${yes(t.confirmation)} |`,
    ),
    "",
    ...manifest.tools.flatMap(toolSection),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}

function toolSection(tool: ManifestTool): string[] {
  const notes: string[] = [];
  if (tool.confirmation) {
    notes.push(
      "Needs confirmation: the first call answers `confirmation_required` with a `confirm_token` (or asks the user through MCP elicitation); repeat the call with that token after the user agrees.",
    );
  }
  if (tool.noConfirmReason) {
    notes.push(`Runs without confirmation, by design. ${tool.noConfirmReason}`);
  }
  if (tool.idempotent) {
    notes.push(
      "Safe to retry: calls with the same `idempotency_key` (or identical arguments within a minute) run once.",
    );
  }
  return [
    `### ${tool.name}`,
    "",
    tool.description,
    "",
    ...notes.flatMap((note) => [note, ""]),
    "| Argument | Type | Required | Description |",
    "| --- | --- | --- | --- |",
    ...propertyRows(tool.inputSchema),
    "",
    "Returns:",
    "",
    "| Field | Type | Description |",
    "| --- | --- | --- |",
    ...propertyRows(tool.outputSchema, false),
    "",
  ];
}

type JsonSchema = {
  type?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  const?: unknown;
  default?: unknown;
  writeOnly?: boolean;
};

function propertyRows(schema: JsonSchema, withRequired = true): string[] {
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {}).map(([name, prop]) => {
    const defaults =
      prop.default !== undefined ? ` Default: \`${JSON.stringify(prop.default)}\`.` : "";
    const text = prop.writeOnly
      ? `${sentence(`${prop.description ?? ""}${defaults}`)} Sensitive: never echoed, logged or shown when confirming.`
      : `${prop.description ?? ""}${defaults}`;
    const description = cell(text);
    return withRequired
      ? `| \`${name}\` | ${typeOf(prop)} | ${required.has(name) ? "yes" : "no"} | ${description} |`
      : `| \`${name}\` | ${typeOf(prop)} | ${description} |`;
  });
  return rows.length > 0 ? rows : [withRequired ? "| (none) | | | |" : "| (none) | | |"];
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(" \\| ");
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" \\| ");
  if (schema.type === "array") return `${schema.items ? typeOf(schema.items) : "any"}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(" \\| ");
  return typeof schema.type === "string" ? schema.type : "any";
}

/** Text with a full stop added, so another sentence can follow it. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === "" || /[.!?)`]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n+/g, " ").trim();
}

function yes(value: boolean): string {
  return value ? "yes" : "no";
}
