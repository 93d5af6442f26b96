import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { RED_PIXEL_PNG } from "./media.ts";

export const WATCHED_URI = "test://watched-resource";

/** Static text and binary resources, a template, and the resource that subscriptions watch. */
export function registerResources(server: McpServer, watched: () => number): void {
  server.registerResource(
    "static-text",
    "test://static-text",
    { description: "A fixed text resource.", mimeType: "text/plain" },
    (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: "text/plain",
          text: "This is the content of the static text resource.",
        },
      ],
    }),
  );

  server.registerResource(
    "static-binary",
    "test://static-binary",
    { description: "A fixed binary resource (a 1x1 PNG).", mimeType: "image/png" },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: "image/png", blob: RED_PIXEL_PNG }] }),
  );

  server.registerResource(
    "template-data",
    new ResourceTemplate("test://template/{id}/data", { list: undefined }),
    { description: "JSON data for the id in the URI.", mimeType: "application/json" },
    (uri, { id }) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: "application/json",
          text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
        },
      ],
    }),
  );

  server.registerResource(
    "watched-resource",
    WATCHED_URI,
    {
      description: "Changes while someone is subscribed; each change is notified.",
      mimeType: "text/plain",
    },
    (uri) => ({
      contents: [{ uri: uri.href, mimeType: "text/plain", text: `version ${watched()}` }],
    }),
  );
}
