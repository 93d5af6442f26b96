import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";
import type { ClientEntry } from "./clients.js";

type JsonObject = Record<string, unknown>;

/** The file's JSON object, or {} when it does not exist; never guesses at a broken file. */
export function readJsonObject(file: string): JsonObject {
  if (!existsSync(file)) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new CliError(
      `${file} is not valid JSON (${(err as Error).message}); not touching it`,
      "fix or remove it, then run again",
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CliError(
      `${file} is not a JSON object; not touching it`,
      "fix or remove it, then run again",
    );
  }
  return value as JsonObject;
}

/** The file with `name` set to the entry, every other server and key kept. */
export function mergeEntry(current: JsonObject, name: string, entry: ClientEntry): JsonObject {
  const servers = current[entry.key];
  const next: JsonObject = {
    ...current,
    [entry.key]: { ...(isObject(servers) ? servers : {}), [name]: entry.entry },
  };
  for (const [key, items] of Object.entries(entry.extra ?? {})) {
    const existing = Array.isArray(current[key]) ? (current[key] as unknown[]) : [];
    const ids = new Set(existing.map((item) => (isObject(item) ? item.id : undefined)));
    next[key] = [...existing, ...items.filter((item) => !isObject(item) || !ids.has(item.id))];
  }
  return next;
}

/**
 * Adds (or replaces) the server `name` in a client's JSON config. A different entry of the
 * same name is never replaced silently: in a terminal the person is asked, otherwise --force
 * is required. Returns false when nothing was written.
 */
export async function writeEntry(
  io: Io,
  file: string,
  name: string,
  entry: ClientEntry,
  force: boolean,
): Promise<boolean> {
  const current = readJsonObject(file);
  const servers = current[entry.key];
  const existing = isObject(servers) ? servers[name] : undefined;
  if (existing !== undefined && !isDeepStrictEqual(existing, entry.entry) && !force) {
    const question = `${file} already has a server named "${name}":\n${JSON.stringify(existing, null, 2)}\nReplace it with:\n${JSON.stringify(entry.entry, null, 2)}\nReplace? [y/N] `;
    if (!io.ask) {
      throw new CliError(
        `${file} already has a different server named "${name}"; not replacing it`,
        "run again with --force to replace it, or choose another --name",
      );
    }
    const answer = (await io.ask(question)).trim().toLowerCase();
    if (answer !== "y" && answer !== "yes") {
      io.err(`left ${file} unchanged\n`);
      return false;
    }
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(mergeEntry(current, name, entry), null, 2)}\n`);
  return true;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
