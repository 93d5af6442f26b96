import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { AnyPlatform } from "@agent-mesh/core";
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import type { z } from "zod";
import { interpolate, MissingVariable } from "./interpolate.js";
import { knownKeys } from "./known-keys.js";
import { type MeshConfig, meshSchema } from "./schema.js";
import { nearest } from "./suggest.js";

/** One problem in a config file, located as precisely as the file allows. */
export interface ConfigIssue {
  file: string;
  line?: number;
  column?: number;
  /** Dotted path of the key, e.g. "servers.github.command". */
  key: string;
  message: string;
}

export type ConfigResult = { ok: true; config: MeshConfig } | { ok: false; issues: ConfigIssue[] };

export function formatIssue(issue: ConfigIssue): string {
  const where =
    issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return issue.key ? `${where}: ${issue.key}: ${issue.message}` : `${where}: ${issue.message}`;
}

export async function loadConfigFile(
  file: string,
  platforms: readonly AnyPlatform[],
  env: Record<string, string | undefined> = process.env,
  known: readonly string[] = [],
): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(err);
    return { ok: false, issues: [{ file, key: "", message: `cannot read the config: ${reason}` }] };
  }
  return parseConfig(text, file, platforms, env, known);
}

/**
 * Parses, interpolates and validates mesh.yaml text; never throws. `known` names first-party
 * platforms that are not in `platforms` (not loaded): mesh.yaml may only disable those.
 */
export function parseConfig(
  text: string,
  file: string,
  platforms: readonly AnyPlatform[],
  env: Record<string, string | undefined> = process.env,
  known: readonly string[] = [],
): ConfigResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => ({
        file,
        key: "",
        ...at(error.pos[0]),
        message: `not valid YAML: ${error.message.split("\n")[0]}`,
      })),
    };
  }

  const issues: ConfigIssue[] = [];
  interpolateDocument(doc, env, (node, key, message) =>
    issues.push({ file, key, ...at(node.range?.[0]), message }),
  );
  // The schema is checked too, so one run reports every problem; a value whose variable is
  // unset is reported once, for the variable.
  const unset = new Set(issues.map((issue) => issue.key));
  const schema = meshSchema(platforms, known);
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (parsed.success && issues.length === 0) {
    locatePolicy(parsed.data, doc, file, at);
    return { ok: true, config: parsed.data };
  }
  const invalid = parsed.success
    ? []
    : parsed.error.issues
        .flatMap((issue) => locate(issue, doc, schema, file, at))
        .filter((issue) => !unset.has(issue.key));
  return { ok: false, issues: [...issues, ...invalid].sort(byPosition) };
}

/** Notes where each policy rule and limit stands ("mesh.yaml:42"), so refusals can name it. */
function locatePolicy(
  config: MeshConfig,
  doc: Document,
  file: string,
  at: (offset: number | undefined) => { line?: number },
): void {
  const line = (path: Array<string | number>) => {
    const node = doc.getIn(path, true) as Node | undefined;
    const found = at(node?.range?.[0]).line;
    return found === undefined ? undefined : `${basename(file)}:${found}`;
  };
  const policies: Array<[MeshConfig["policy"], string[]]> = [
    [config.policy, ["policy"]],
    ...Object.entries(config.tenants).map(([name, tenant]): [MeshConfig["policy"], string[]] => [
      tenant.policy,
      ["tenants", name, "policy"],
    ]),
  ];
  for (const [policy, base] of policies) {
    if (!policy) continue;
    policy.sources.rules = policy.rules.map(
      (_, i) => line([...base, "rules", i]) ?? `${base.join(".")}.rules[${i}]`,
    );
    policy.sources.limits = policy.limits.map(
      (_, i) => line([...base, "limits", i]) ?? `${base.join(".")}.limits[${i}]`,
    );
  }
}

function byPosition(a: ConfigIssue, b: ConfigIssue): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

type Report = (node: Node, key: string, message: string) => void;

/** Replaces `${VAR}` references in every value (never in keys), reporting each unset one. */
function interpolateDocument(
  doc: Document,
  env: Record<string, string | undefined>,
  report: Report,
): void {
  visit(doc, {
    Scalar(key, node, path) {
      if (key === "key" || typeof node.value !== "string") return;
      try {
        node.value = interpolate(node.value, env);
      } catch (err) {
        if (!(err instanceof MissingVariable)) throw err;
        report(node, keyPath(path), err.message);
      }
    },
  });
}

function keyPath(path: readonly unknown[]): string {
  const keys: string[] = [];
  for (const [index, node] of path.entries()) {
    if (isPair(node) && isScalar(node.key)) keys.push(String(node.key.value));
    if (isSeq(node)) {
      const child = path[index + 1];
      const position = node.items.indexOf(child as never);
      if (position >= 0) keys.push(`[${position}]`);
    }
  }
  return keys.join(".").replace(/\.\[/g, "[");
}

function locate(
  issue: z.core.$ZodIssue,
  doc: Document,
  schema: z.ZodType,
  file: string,
  at: (offset: number | undefined) => { line?: number; column?: number },
): ConfigIssue[] {
  const path = issue.path.map((part) => (typeof part === "symbol" ? String(part) : part));
  const dotted = path
    .map((part) => (typeof part === "number" ? `[${part}]` : part))
    .join(".")
    .replace(/\.\[/g, "[");
  if (issue.code === "unrecognized_keys") {
    const parent = doc.getIn(path, true);
    const known = knownKeys(schema, path);
    return issue.keys.map((unknownKey) => {
      const pair = isMap(parent)
        ? parent.items.find((item) => isScalar(item.key) && item.key.value === unknownKey)
        : undefined;
      const suggestion = nearest(unknownKey, known);
      const hint = suggestion
        ? `did you mean \`${suggestion}\`?`
        : `known keys: ${known.join(", ") || "none"}`;
      return {
        file,
        key: dotted ? `${dotted}.${unknownKey}` : unknownKey,
        ...at(
          (pair?.key as Node | undefined)?.range?.[0] ?? (parent as Node | undefined)?.range?.[0],
        ),
        message: `unknown key; ${hint}`,
      };
    });
  }
  if (issue.code === "invalid_key") {
    // A bad key (e.g. a server name): point at the key itself, with the key schema's message.
    const parent = doc.getIn(path.slice(0, -1), true);
    const pair = isMap(parent)
      ? parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1))
      : undefined;
    return [
      {
        file,
        key: dotted,
        ...at((pair?.key as Node | undefined)?.range?.[0]),
        message: issue.issues[0]?.message ?? issue.message,
      },
    ];
  }
  // The deepest node that exists: a missing key is reported where its parent is.
  let node: unknown;
  for (let depth = path.length; depth >= 0 && node === undefined; depth--) {
    node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
  }
  return [
    {
      file,
      key: dotted,
      ...at((node as Node | undefined)?.range?.[0]),
      message: messageOf(issue, doc.hasIn(path)),
    },
  ];
}

function messageOf(issue: z.core.$ZodIssue, present: boolean): string {
  if (issue.code === "invalid_type" && !present) return `is required (${issue.expected})`;
  if (issue.code === "invalid_type") return `must be ${article(issue.expected)}`;
  return issue.message;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
