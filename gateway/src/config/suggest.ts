// One "did you mean" for the whole project: config keys, commands, tools and arguments.
export { nearest } from "@agent-mesh/core";
