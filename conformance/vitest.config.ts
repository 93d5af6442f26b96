import { packageProject } from "../vitest.shared.js";

export default packageProject("conformance", { testTimeout: 180_000 });
