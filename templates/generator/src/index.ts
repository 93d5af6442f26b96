export { main, USAGE } from "./cli.js";
export type { GenerateOptions } from "./generate.js";
export { GenerateError, generatePlatform } from "./generate.js";
export { nameProblem, platformPaths, RESERVED_NAMES } from "./validate.js";
