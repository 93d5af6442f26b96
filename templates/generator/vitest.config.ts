import { packageProject } from "../../vitest.shared.js";

// The end-to-end test installs and builds a copy of the workspace: minutes, not milliseconds.
export default packageProject("generator", { testTimeout: 300_000, hookTimeout: 300_000 });
