import { packageProject } from "../vitest.shared.js";

export default packageProject("conformance", { testTimeout: 180_000, hookTimeout: 60_000 });
