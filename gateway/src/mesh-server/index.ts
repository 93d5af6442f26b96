export { MESH_SERVER_NAME, MeshServer } from "./registry.js";
export type {
  MeshPart,
  MeshPartSource,
  MeshPrompt,
  MeshRequest,
  MeshResource,
  MeshResourceTemplate,
  MeshTool,
} from "./types.js";
