/** How a caller reached the mesh. */
export type CallerKind =
  | "token"
  | "anonymous"
  | "stdio"
  | "cli"
  | "workflow"
  | "dashboard"
  | "webhook";

/** Who is making a call: every tool call carries one, whatever path it came by. */
export interface Caller {
  /** Stable id: a client name from gateway.clients, "anonymous", "stdio", "cli". */
  id: string;
  /** For people: logs, audit, the dashboard. */
  name: string;
  kind: CallerKind;
  /** Roles granted to this caller (policy decides what they allow). */
  roles: string[];
  /** Tenant the caller acts for, when the mesh serves several. */
  tenant?: string;
  /** Remote address for HTTP callers (IPv4 or IPv6 text). */
  address?: string;
}

/** The SDK's AuthInfo carrying a caller, as transports hand it to request handlers. */
export function callerAuthInfo(caller: Caller) {
  return { token: "", clientId: caller.id, scopes: [...caller.roles], extra: { caller } };
}

/** The caller a transport attached to a request (see callerAuthInfo), if any. */
export function callerOf(extra: {
  authInfo?: { extra?: Record<string, unknown> };
}): Caller | undefined {
  const caller = extra.authInfo?.extra?.caller;
  return caller && typeof caller === "object" ? (caller as Caller) : undefined;
}
