import type { Caller } from "@agent-mesh/core";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import type { ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import type { MeshServer } from "../mesh-server/index.js";
import { StatusFeed } from "./feed.js";
import {
  AUDIT_URI,
  auditResource,
  RUN_URI_TEMPLATE,
  runResource,
  STATUS_URI,
  statusResource,
} from "./resources.js";
import type { StatusSource } from "./snapshot.js";
import { statusGetTool } from "./status-get.js";
import { statusPrompt } from "./status-prompt.js";

export { AUDIT_URI, RUN_URI_TEMPLATE, STATUS_URI } from "./resources.js";
export type { StatusSnapshot, StatusSource } from "./snapshot.js";
export { statusSnapshot } from "./snapshot.js";

/** What the status feature gives the mesh: a way to say something changed, and to stop. */
export interface StatusFeature {
  /** A call ended, the catalog changed, ...: subscribers are told soon if what they see did. */
  changed(): void;
  close(): void;
}

/**
 * Issue 23's status for every client, as part of the `mesh` downstream (always there): the
 * resources mesh://status, mesh://runs/{run_id} and mesh://audit/recent (subscribable), the
 * mesh_status_get tool and the `status` prompt, each showing what the caller may see.
 */
export function registerStatus(own: MeshServer, source: StatusSource): StatusFeature {
  const status = statusResource(source);
  const audit = auditResource(source);
  const run = runResource(source);
  const runs = new UriTemplate(RUN_URI_TEMPLATE);
  own.register(() => ({
    tools: [statusGetTool(source)],
    prompts: [statusPrompt(source)],
    resources: [status, audit],
    resourceTemplates: [run],
  }));
  const read = async (uri: string, caller: Caller): Promise<ReadResourceResult | undefined> => {
    const request = { caller, signal: new AbortController().signal };
    if (uri === STATUS_URI) return status.read(request);
    if (uri === AUDIT_URI) return audit.read(request);
    const variables = runs.match(uri);
    return variables ? run.read(uri, variables, request) : undefined;
  };
  const feed = new StatusFeed(own, read);
  own.onSubscribe(() => feed.check());
  feed.start();
  return {
    changed: () => feed.poke(),
    close: () => feed.stop(),
  };
}
