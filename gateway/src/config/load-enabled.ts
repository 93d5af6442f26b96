import { readFile } from "node:fs/promises";
import type { AnyPlatform } from "@agent-mesh/core";
import { firstPartyPlatformNames, loadPlatforms } from "../platforms.js";
import { enabledPlatforms } from "./enabled-platforms.js";
import { type ConfigResult, parseConfig } from "./load.js";

/**
 * Reads and validates a mesh.yaml, loading the code of only the first-party platforms it
 * enables (the others' entries may only disable them). Never throws.
 */
export async function loadConfigWithPlatforms(
  file: string,
  env: Record<string, string | undefined> = process.env,
): Promise<ConfigResult & { platforms: AnyPlatform[] }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(err);
    const issues = [{ file, key: "", message: `cannot read the config: ${reason}` }];
    return { ok: false, issues, platforms: [] };
  }
  const platforms = await loadPlatforms(enabledPlatforms(text, firstPartyPlatformNames));
  return { ...parseConfig(text, file, platforms, env, firstPartyPlatformNames), platforms };
}
