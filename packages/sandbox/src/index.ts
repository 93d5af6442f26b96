export type { Fault, FaultMatch } from "./faults.js";
export { Faults } from "./faults.js";
export { standIns } from "./platforms.js";
export type { RecordedRequest } from "./recorder.js";
export { Recorder } from "./recorder.js";
export type { StandIn, StandInContext } from "./stand-in.js";
export { defineStandIn } from "./stand-in.js";
export type { RunningSandbox, SandboxOptions } from "./start.js";
export { startSandbox } from "./start.js";
