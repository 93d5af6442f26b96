import { loadPlatforms } from "../src/platforms.js";

/** Every first-party platform, loaded (the gateway itself loads only those a config enables). */
export const firstPartyPlatforms = await loadPlatforms();
