import { workflowSuite } from "./workflow-suite.js";

// The embedded database: PGlite under AGENT_MESH_HOME, served to DBOS on a loopback port.
workflowSuite("workflows on the sandbox, embedded database");
