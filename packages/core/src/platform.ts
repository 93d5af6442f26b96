import type { PlatformError } from "./errors.js";
import { platformNameProblem, toolNameProblem } from "./names.js";
import type { ConfigOf, Settings } from "./settings.js";
import type { AnyObjectSchema, ToolDefinition } from "./tool.js";

export interface ClientFactoryContext {
  /** fetch to use for HTTP clients (tests and the gateway may pass their own). */
  fetch: typeof fetch;
}

export interface PlatformDefinition<S extends Settings = Settings, C = unknown> {
  /** Lower-case single word; every tool name starts with `${name}_`. */
  name: string;
  title: string;
  version: string;
  /** One or two sentences for docs and `--help`. */
  description: string;
  config: S;
  /** Builds the SDK client from validated configuration; called once, on the first tool call. */
  client(config: ConfigOf<S>, ctx: ClientFactoryContext): C;
  // biome-ignore lint/suspicious/noExplicitAny: tools are heterogeneous in input and output
  tools: ReadonlyArray<ToolDefinition<AnyObjectSchema, AnyObjectSchema, any>>;
  /**
   * Turns an error thrown by the SDK into a PlatformError. Return undefined for anything that is
   * not a platform failure; core then reports it as an internal error (a bug), not an envelope.
   */
  mapError: (error: unknown) => PlatformError | undefined;
  /**
   * Hides tools by configuration (a read-only switch, toolsets): a tool it answers false for is
   * neither listed nor callable. It gets the settings that resolved even when others did not (a
   * missing token), so a server without credentials lists exactly what it would serve.
   */
  visible?(
    // biome-ignore lint/suspicious/noExplicitAny: tools are heterogeneous in input and output
    tool: ToolDefinition<AnyObjectSchema, AnyObjectSchema, any>,
    config: Partial<ConfigOf<S>>,
  ): boolean;
}

export function definePlatform<S extends Settings, C>(
  definition: PlatformDefinition<S, C>,
): PlatformDefinition<S, C> {
  const nameProblem = platformNameProblem(definition.name);
  if (nameProblem) throw new TypeError(`definePlatform: ${nameProblem}`);
  const seen = new Set<string>();
  for (const tool of definition.tools) {
    const problem = toolNameProblem(tool.name, definition.name);
    if (problem) throw new TypeError(`definePlatform(${definition.name}): ${problem}`);
    if (seen.has(tool.name)) {
      throw new TypeError(
        `definePlatform(${definition.name}): tool "${tool.name}" is defined twice`,
      );
    }
    seen.add(tool.name);
  }
  const envs = new Set<string>();
  for (const [key, setting] of Object.entries(definition.config)) {
    if (envs.has(setting.env)) {
      throw new TypeError(
        `definePlatform(${definition.name}): setting "${key}" reuses ${setting.env}`,
      );
    }
    envs.add(setting.env);
  }
  return definition;
}

/**
 * A platform of any settings and client, for code that handles platforms generically. `client`
 * is declared as a method so that every specific platform is assignable to this type.
 */
export type AnyPlatform = PlatformDefinition<Settings, unknown>;
