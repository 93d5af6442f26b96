import { z } from "zod";

const HEADER_SAFE = /^[\t\x20-\x7e]*$/;

/**
 * A string input that ends up in an HTTP header (a Content-Type, user metadata): printable
 * ASCII, spaces and tabs only. CR/LF would split the header and other characters make Node's
 * HTTP client throw, so they are refused as invalid_request naming the field instead.
 */
export function headerValue(max = 1024) {
  return z
    .string()
    .max(max)
    .regex(HEADER_SAFE, "only printable ASCII characters, spaces and tabs (no line breaks)");
}
