import type { StateConfig } from "../config/schema.js";
import { MemoryMeshState } from "./memory.js";
import type { MeshState } from "./mesh-state.js";

export { MemoryMeshState } from "./memory.js";
export type { MeshState, StateHealth } from "./mesh-state.js";
export type { RedisMeshState } from "./redis.js";
export { sessionStore } from "./session-store.js";

/**
 * The state mesh.yaml asks for: Redis when `state.redis` is set, else this process's memory.
 * An unreachable Redis does not stop the gateway: health() reports it and calls that need
 * state answer `upstream_unavailable` until it is back. ioredis loads only when Redis is used.
 */
export async function createMeshState(config: StateConfig | undefined): Promise<MeshState> {
  if (!config?.redis) return new MemoryMeshState();
  const { RedisMeshState } = await import("./redis.js");
  const state = new RedisMeshState({ url: config.redis, keyPrefix: config.key_prefix });
  await state.connect();
  return state;
}
