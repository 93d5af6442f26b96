import { RED_PIXEL_PNG, silentWav } from "../media.ts";
import { NO_ARGUMENTS, type ReferenceTool, text } from "./tool.ts";

const READ_ONLY = { readOnlyHint: true, openWorldHint: false };

/** Tools whose results carry each kind of content: text, image, audio, resource, a mix, an error. */
export const CONTENT_TOOLS: ReferenceTool[] = [
  {
    name: "test_simple_text",
    description: "Returns one text content item.",
    inputSchema: NO_ARGUMENTS,
    annotations: READ_ONLY,
    run: () => text("This is a simple text response for testing."),
  },
  {
    name: "test_image_content",
    description: "Returns a 1x1 PNG as image content.",
    inputSchema: NO_ARGUMENTS,
    annotations: READ_ONLY,
    run: () => ({ content: [{ type: "image", data: RED_PIXEL_PNG, mimeType: "image/png" }] }),
  },
  {
    name: "test_audio_content",
    description: "Returns a short WAV as audio content.",
    inputSchema: NO_ARGUMENTS,
    annotations: READ_ONLY,
    run: () => ({ content: [{ type: "audio", data: silentWav(), mimeType: "audio/wav" }] }),
  },
  {
    name: "test_embedded_resource",
    description: "Returns an embedded text resource.",
    inputSchema: NO_ARGUMENTS,
    annotations: READ_ONLY,
    run: () => ({
      content: [
        {
          type: "resource",
          resource: {
            uri: "test://embedded-resource",
            mimeType: "text/plain",
            text: "This is an embedded resource content.",
          },
        },
      ],
    }),
  },
  {
    name: "test_multiple_content_types",
    description: "Returns text, an image and an embedded resource in one result.",
    inputSchema: NO_ARGUMENTS,
    annotations: READ_ONLY,
    run: () => ({
      content: [
        { type: "text", text: "Multiple content types test:" },
        { type: "image", data: RED_PIXEL_PNG, mimeType: "image/png" },
        {
          type: "resource",
          resource: {
            uri: "test://mixed-content-resource",
            mimeType: "application/json",
            text: JSON.stringify({ test: "data", value: 123 }),
          },
        },
      ],
    }),
  },
  {
    name: "test_error_handling",
    description: "Always fails, as a tool result with isError.",
    inputSchema: NO_ARGUMENTS,
    annotations: READ_ONLY,
    run: () => ({ ...text("This tool intentionally returns an error for testing"), isError: true }),
  },
  {
    name: "json_schema_2020_12_tool",
    description: "Tool with JSON Schema 2020-12 features",
    inputSchema: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      $defs: {
        address: {
          type: "object",
          properties: { street: { type: "string" }, city: { type: "string" } },
        },
      },
      properties: { name: { type: "string" }, address: { $ref: "#/$defs/address" } },
      additionalProperties: false,
    },
    annotations: READ_ONLY,
    run: (args) => text(`Received: ${JSON.stringify(args)}`),
  },
];
