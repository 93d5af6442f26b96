import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** What `agent-mesh start` leaves for the other commands to find it. */
export interface GatewayRecord {
  url: string;
  pid: number;
  sandbox: boolean;
  /** True when the gateway asks for a bearer token (the CLI sends AGENT_MESH_TOKEN). */
  tokens: boolean;
  started_at: string;
}

/** Where the record lives: $AGENT_MESH_HOME/gateway.json, default ~/.agent-mesh. */
export function recordPath(env: Record<string, string | undefined>): string {
  return join(env.AGENT_MESH_HOME || join(homedir(), ".agent-mesh"), "gateway.json");
}

export function writeRecord(env: Record<string, string | undefined>, record: GatewayRecord): void {
  const path = recordPath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the record if it is still this process's (a newer gateway may have replaced it). */
export function removeRecord(env: Record<string, string | undefined>, pid = process.pid): void {
  const record = readRecord(env);
  if (record?.pid === pid) rmSync(recordPath(env), { force: true });
}

/** The record of a gateway whose process is still alive, if there is one. */
export function readRecord(env: Record<string, string | undefined>): GatewayRecord | undefined {
  let record: GatewayRecord;
  try {
    record = JSON.parse(readFileSync(recordPath(env), "utf8")) as GatewayRecord;
  } catch {
    return undefined;
  }
  if (typeof record.url !== "string" || typeof record.pid !== "number") return undefined;
  try {
    process.kill(record.pid, 0);
  } catch {
    return undefined;
  }
  return record;
}
