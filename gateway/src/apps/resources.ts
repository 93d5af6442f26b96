import type { MeshResource } from "../mesh-server/index.js";
import { type AppView, appDocument } from "./page.js";

/** The MCP Apps resource type (the extension's RESOURCE_MIME_TYPE; a test keeps them equal). */
export const APP_MIME_TYPE = "text/html;profile=mcp-app";

/**
 * A view as a `ui://` resource. Its HTML needs nothing from the network, so it declares no CSP
 * domains: hosts apply the extension's restrictive default (no connections, inline code only).
 */
export function appResource(view: AppView): MeshResource {
  const ui = { prefersBorder: true };
  let html: string | undefined;
  return {
    definition: {
      uri: view.uri,
      name: view.name,
      title: view.title,
      description: view.description,
      mimeType: APP_MIME_TYPE,
      _meta: { ui },
    },
    async read() {
      html ??= appDocument(view);
      return { contents: [{ uri: view.uri, mimeType: APP_MIME_TYPE, text: html, _meta: { ui } }] };
    },
  };
}
