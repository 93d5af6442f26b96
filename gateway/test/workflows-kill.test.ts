import { killAndResumeSuite } from "./workflow-kill-suite.js";

// The embedded database: PGlite under AGENT_MESH_HOME, no server, memory state.
killAndResumeSuite("a workflow run survives SIGKILL, embedded database");
