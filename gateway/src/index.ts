export type { ConfigIssue, ConfigResult } from "./config/load.js";
export { formatIssue, loadConfigFile, parseConfig } from "./config/load.js";
export type { MeshConfig } from "./config/schema.js";
export { meshSchema } from "./config/schema.js";
export { Mesh, type MeshOptions, STDIO_CALLER } from "./mesh.js";
export type { CallRequest, ClientRequests, Progress } from "./pipeline/context.js";
export {
  firstPartyPlatformLoaders,
  firstPartyPlatformNames,
  loadPlatforms,
  type PlatformLoader,
} from "./platforms.js";
export { type HttpGateway, serveHttp } from "./serve/http.js";
export { ConfigError, type RunningMesh, type StartOptions, startMesh } from "./start-mesh.js";
