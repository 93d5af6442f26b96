// The runtime every platform server is built on. Runs wherever MCP does: nothing here imports
// node:http, node:net or node:child_process (test/entry-points.test.ts keeps it that way);
// transports and `serve` live in "@agent-mesh/core/node" and "@agent-mesh/core/serve".
export type { AllowListKind } from "./allow-list.js";
export { allowedResource, checkAllowList, isAllowed, notAllowed } from "./allow-list.js";
export type { ToolAnnotations } from "./annotations.js";
export type { ApprovalRequest, Approver, AskUser } from "./approval.js";
export type { Caller, CallerKind } from "./caller.js";
export { callerAuthInfo, callerOf } from "./caller.js";
export type { ConfirmationOptions, ConfirmCheck } from "./confirm.js";
export { ConfirmationManager } from "./confirm.js";
export { confirmTokenApprover } from "./confirm-flow.js";
export type { ToolContext } from "./context.js";
export type { ToolCallExtra, ToolCallHandler } from "./direct-calls.js";
export { directToolCalls, setToolCallHandler } from "./direct-calls.js";
export { envelopeResult, errorResult, readEnvelope } from "./envelope.js";
export type { ErrorCode, ErrorEnvelope, PlatformErrorOptions } from "./errors.js";
export {
  codeForHttpStatus,
  ERROR_CODES,
  isPlatformError,
  PlatformError,
  toEnvelope,
} from "./errors.js";
export { globToRegExp, isGlob, matchesGlob } from "./glob.js";
export { headerValue } from "./header-value.js";
export type { HostOriginOptions } from "./http/host-origin.js";
export { loopbackAllowList } from "./http/host-origin.js";
export type { Inspection, RpcErrorResponse } from "./http/json-rpc.js";
export { inspectMessage, isMessage as isJsonRpcMessage } from "./http/json-rpc.js";
export type { SessionLimits } from "./http/session-table.js";
export { DEFAULT_SESSION_LIMITS } from "./http/session-table.js";
export type { SessionRecord, SessionStore } from "./http/shared-sessions.js";
export type { JsonClientOptions, RequestOptions } from "./http-client.js";
export { HttpError, httpErrorToPlatformError, JsonClient } from "./http-client.js";
export type {
  IdempotencyRecord,
  IdempotencyStore,
  MemoryIdempotencyStoreOptions,
} from "./idempotency.js";
export { MemoryIdempotencyStore, StateIdempotencyStore } from "./idempotency.js";
export { hasLoneSurrogate, INPUT_LIMITS, inputProblem } from "./input-limits.js";
export type { ExpectedKeys, JsonSchemaObject } from "./json-schema.js";
export { describeIssues, toJsonSchema } from "./json-schema.js";
export type { Logger, LoggerOptions, LogLevel } from "./logger.js";
export { createLogger, withRedaction } from "./logger.js";
export { MAX_TOOL_NAME_LENGTH, platformNameProblem, toolNameProblem } from "./names.js";
export { decodeCursor, encodeCursor, nextCursorOutput, pageInput } from "./pagination.js";
export type { AnyPlatform, ClientFactoryContext, PlatformDefinition } from "./platform.js";
export { definePlatform } from "./platform.js";
export { ProtocolError, withoutMcpPrefix } from "./protocol-error.js";
export { quote } from "./quote.js";
export { READ_ONLY_SETTING, readOnlyMode } from "./read-only.js";
export { Redactor } from "./redact.js";
export type { CallOptions, PlatformRuntime, RuntimeOptions } from "./runtime.js";
export { createRuntime } from "./runtime.js";
export type { SensitivePath } from "./sensitive.js";
export {
  redactPaths,
  SENSITIVE_MASK,
  sensitive,
  sensitivePaths,
  sensitiveValues,
} from "./sensitive.js";
export type { ServerOptions } from "./server.js";
export { createServer, RELATED_CALL_META } from "./server.js";
export { endpointSetting, flagSetting, listSetting } from "./setting-helpers.js";
export type {
  ConfigOf,
  ConfigProblem,
  ConfigResult,
  ConfigSources,
  Setting,
  Settings,
} from "./settings.js";
export { resolveConfig } from "./settings.js";
export { hashOf, stableStringify } from "./stable-json.js";
export type { MemoryStateOptions, SharedState } from "./state.js";
export { MemoryState } from "./state.js";
export type { StatusErrorInput } from "./status-errors.js";
export { errorFromNetwork, errorFromStatus, retryAfterSeconds } from "./status-errors.js";
export { nearest } from "./suggest.js";
export type { AnyObjectSchema, ConfirmSpec, ToolDefinition } from "./tool.js";
export { CONFIRM_TOKEN_KEY, defineTool, IDEMPOTENCY_KEY } from "./tool.js";
export { UNTRUSTED_NOTICE, untrusted, untrustedSchema } from "./untrusted.js";
