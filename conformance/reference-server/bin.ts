import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createReferenceServer } from "./server.ts";

// Run by Node 22 (which strips the types) as a stdio MCP server: see conformance/test.
await createReferenceServer().connect(new StdioServerTransport());
