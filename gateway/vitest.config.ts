import { packageProject } from "../vitest.shared.js";

export default packageProject("gateway", { setupFiles: ["./test/setup-home.ts"] });
