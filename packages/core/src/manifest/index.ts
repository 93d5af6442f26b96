export type { Manifest, ManifestSetting, ManifestTool } from "./build.js";
export { buildManifest } from "./build.js";
export { renderDocs } from "./docs.js";
export type { GeneratedFile } from "./files.js";
export { generatedFiles } from "./files.js";
