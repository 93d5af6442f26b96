export { platform } from "./platform.js";
export { tools } from "./tools/index.js";
