import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import type { PlatformDefinition } from "./platform.js";
import { createServer, type ServerOptions } from "./server.js";
import type { Settings } from "./settings.js";

export interface ConnectOptions extends ServerOptions {
  /** Answer elicitation requests (advertises the capability when given). */
  onElicit?: (message: string) => ElicitResult | Promise<ElicitResult>;
}

export interface Connected {
  client: Client;
  /** Calls a tool and returns the raw result, error envelopes included. */
  call(
    name: string,
    args?: Record<string, unknown>,
    options?: {
      onprogress?: (p: { progress: number; total?: number; message?: string }) => void;
      signal?: AbortSignal;
    },
  ): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * Links a real MCP client to a platform's server in one process. Tests assert on what a client
 * really receives, through the SDK's validation and the JSON-RPC wire format.
 */
export async function connectInMemory<S extends Settings, C>(
  platform: PlatformDefinition<S, C>,
  options: ConnectOptions = {},
): Promise<Connected> {
  const server = createServer(platform, options);
  const client = new Client(
    { name: "agent-mesh-test", version: "0.0.0" },
    { capabilities: options.onElicit ? { elicitation: { form: {} } } : {} },
  );
  if (options.onElicit) {
    const onElicit = options.onElicit;
    client.setRequestHandler(ElicitRequestSchema, async (request) =>
      onElicit(request.params.message),
    );
  }
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([client.connect(clientTransport), server.connect(serverTransport)]);
  return {
    client,
    // client.request rather than client.callTool: SDK 1.32's callTool validates error results
    // against the output schema too (typescript-sdk#1943), which would hide our envelopes.
    call: (name, args = {}, callOptions = {}) =>
      client.request(
        { method: "tools/call", params: { name, arguments: args } },
        CallToolResultSchema,
        callOptions,
      ),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}
