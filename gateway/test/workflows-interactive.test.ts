import { interactiveSuite } from "./workflow-interactive-suite.js";

// The embedded database: PGlite under AGENT_MESH_HOME, served to DBOS on a loopback port.
interactiveSuite("workflow approvals by elicitation, and confirm: ask (embedded database)");
