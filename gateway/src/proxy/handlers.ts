import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { Downstream } from "../downstream/downstream.js";
import type { CallRequest } from "../pipeline/context.js";
import { anyResult } from "./any-result.js";
import { FIRST_LIST_WAIT_MS } from "./list-wait.js";
import type { MeshApi } from "./mesh-api.js";
import { asProtocolError } from "./protocol-error.js";
import { handleSearchModeCall } from "./search-call.js";
import { CALL_TOOL, DESCRIBE_TOOL, SEARCH_TOOL } from "./search-tools.js";
import type { Extra, Session } from "./session.js";

const INSTRUCTIONS =
  "agent-mesh: one endpoint for many platforms. Tools are named <platform>_<resource>_<action>; third-party tools keep their own names unless two servers clash. Failures come back as a JSON envelope with a `code` (e.g. not_configured, upstream_unavailable, timeout) and a message that says how to fix it.";

/** The MCP server one client session talks to: every request is answered from the mesh. */
export function createSessionServer(mesh: MeshApi, session: () => Session): Server {
  const server = new Server(
    { name: "agent-mesh", title: "agent-mesh gateway", version: "0.1.0" },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
      instructions: INSTRUCTIONS,
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    await mesh.settled(FIRST_LIST_WAIT_MS);
    return { tools: mesh.visibleTools(session().caller) };
  });

  server.setRequestHandler(
    CallToolRequestSchema,
    async (request, extra): Promise<CallToolResult> => {
      const { name, arguments: args = {}, _meta } = request.params;
      const call = callRequest(session(), name, args, _meta, extra);
      if (
        mesh.searchActive &&
        (name === SEARCH_TOOL || name === DESCRIBE_TOOL || name === CALL_TOOL)
      ) {
        return handleSearchModeCall(mesh, call);
      }
      return mesh.callTool(call);
    },
  );

  server.setRequestHandler(ListPromptsRequestSchema, async () => {
    await mesh.settled(FIRST_LIST_WAIT_MS);
    return { prompts: [...mesh.catalog.prompts.values()].map((entry) => entry.exposed) };
  });

  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
    const entry = mesh.catalog.prompts.get(request.params.name);
    if (!entry)
      throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    const { caller } = session();
    return mesh.during(entry.downstream, caller, session().answers(extra), (meta) =>
      entry.downstream
        .request<Record<string, unknown>>(
          {
            method: "prompts/get",
            params: withMeta({ ...request.params, name: entry.original }, meta),
          },
          anyResult,
          { signal: extra.signal, timeout: entry.downstream.spec.timeoutMs },
        )
        .catch(rethrow),
    );
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    await mesh.settled(FIRST_LIST_WAIT_MS);
    return { resources: [...mesh.catalog.resources.values()].map((entry) => entry.exposed) };
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => {
    await mesh.settled(FIRST_LIST_WAIT_MS);
    return {
      resourceTemplates: [...mesh.catalog.templates.values()].map((entry) => entry.exposed),
    };
  });

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const route = mesh.catalog.routeUri(request.params.uri);
    if (!route) throw new McpError(-32002, `Resource not found: ${request.params.uri}`);
    const { caller } = session();
    const result = await mesh
      .during(route.downstream, caller, session().answers(extra), (meta) =>
        route.downstream.request<{ contents: Array<{ uri: string }> }>(
          {
            method: "resources/read",
            params: withMeta({ ...request.params, uri: route.uri }, meta),
          },
          anyResult,
          { signal: extra.signal, timeout: route.downstream.spec.timeoutMs },
        ),
      )
      .catch(rethrow);
    return {
      ...result,
      contents: result.contents.map((content) => ({
        ...content,
        uri: mesh.catalog.exposedUri(route.downstream, content.uri),
      })),
    };
  });

  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    await mesh.subscribe(session(), request.params.uri, true).catch(rethrow);
    return {};
  });

  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    await mesh.subscribe(session(), request.params.uri, false).catch(rethrow);
    return {};
  });

  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const { ref } = request.params;
    let target: { downstream: Downstream; ref: typeof ref } | undefined;
    if (ref.type === "ref/prompt") {
      const entry = mesh.catalog.prompts.get(ref.name);
      if (entry) target = { downstream: entry.downstream, ref: { ...ref, name: entry.original } };
    } else {
      const entry = mesh.catalog.templates.get(ref.uri) ?? mesh.catalog.resources.get(ref.uri);
      if (entry) target = { downstream: entry.downstream, ref: { ...ref, uri: entry.original } };
    }
    // Nothing to complete is an empty list, not an error: clients ask as the user types.
    if (!target?.downstream.listing.capabilities.completions) {
      return { completion: { values: [], hasMore: false } };
    }
    return target.downstream
      .request<Record<string, unknown>>(
        { method: "completion/complete", params: { ...request.params, ref: target.ref } },
        anyResult,
        { signal: extra.signal, timeout: target.downstream.spec.timeoutMs },
      )
      .catch(rethrow);
  });

  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    await mesh.setLogLevel(session(), request.params.level);
    return {};
  });

  return server;
}

/** A session's tool call as the mesh takes it: its caller, progress and elicitation routes. */
function callRequest(
  session: Session,
  name: string,
  args: Record<string, unknown>,
  meta: Record<string, unknown> | undefined,
  extra: Extra,
): CallRequest {
  const progressToken = extra._meta?.progressToken;
  return {
    caller: session.caller,
    name,
    arguments: args,
    ...(meta ? { meta } : {}),
    signal: extra.signal,
    ...(extra.sessionId ? { sessionId: extra.sessionId } : {}),
    requestId: extra.requestId,
    clientRequests: session.answers(extra),
    ...(progressToken === undefined
      ? {}
      : {
          onProgress: (progress) =>
            extra
              .sendNotification({
                method: "notifications/progress",
                params: { ...progress, progressToken },
              })
              .catch(() => {}),
        }),
  };
}

/** The request's params with the gateway's own `_meta` keys (which win over the client's). */
function withMeta<T extends { _meta?: Record<string, unknown> | undefined }>(
  params: T,
  meta: Record<string, string>,
): T {
  if (Object.keys(meta).length === 0) return params;
  return { ...params, _meta: { ...params._meta, ...meta } };
}

function rethrow(err: unknown): never {
  throw asProtocolError(err);
}
