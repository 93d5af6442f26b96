import type { ToolAnnotations } from "../annotations.js";
import type { AnyPlatform } from "../platform.js";
import { createRuntime } from "../runtime.js";

export interface ManifestSetting {
  key: string;
  env: string;
  description: string;
  secret: boolean;
  required: boolean;
}

export interface ManifestTool {
  name: string;
  title: string;
  description: string;
  annotations: ToolAnnotations;
  confirmation: boolean;
  /** Why a destructive tool runs without confirmation (its `noConfirmReason`). */
  noConfirmReason?: string;
  idempotent: boolean;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
}

export interface Manifest {
  platform: string;
  title: string;
  version: string;
  description: string;
  package: string;
  settings: ManifestSetting[];
  tools: ManifestTool[];
}

/** The machine-readable description of a platform's server, written to tools.json at build time. */
export function buildManifest(platform: AnyPlatform): Manifest {
  // An empty environment: the manifest must not depend on (or leak) the builder's credentials.
  // Every tool, whatever a configuration would hide (read-only mode, toolsets).
  const runtime = createRuntime({ ...platform, visible: undefined }, { env: {}, logger: silent });
  const listed = new Map(runtime.tools.map((tool) => [tool.name, tool]));
  return {
    platform: platform.name,
    title: platform.title,
    version: platform.version,
    description: platform.description,
    package: `@agent-mesh/mcp-${platform.name}`,
    settings: Object.entries(platform.config).map(([key, setting]) => ({
      key,
      env: setting.env,
      description: setting.description,
      secret: setting.secret === true,
      required: !setting.schema.safeParse(undefined).success,
    })),
    tools: platform.tools.map((tool) => {
      const entry = listed.get(tool.name)!;
      return {
        name: tool.name,
        title: tool.title,
        description: tool.description,
        annotations: tool.annotations,
        confirmation: Boolean(tool.confirm),
        ...(tool.noConfirmReason ? { noConfirmReason: tool.noConfirmReason } : {}),
        idempotent: tool.idempotent === true,
        inputSchema: entry.inputSchema,
        outputSchema: entry.outputSchema ?? {},
      };
    }),
  };
}

const noop = () => {};
const silent = { debug: noop, info: noop, warn: noop, error: noop };
