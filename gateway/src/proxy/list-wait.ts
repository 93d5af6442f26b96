/**
 * How long a list request (or a call to a tool not listed yet) waits for downstreams still
 * making their first connection, so that a client's first tools/list is complete.
 */
export const FIRST_LIST_WAIT_MS = 2_000;
