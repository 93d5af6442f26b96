import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Readable } from "node:stream";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
]);

/**
 * Forwards a request to an emulator unchanged (Host included, so signatures the emulator checks
 * still match) and streams its answer back.
 */
export function forward(target: string, request: Request, body?: Uint8Array): Promise<Response> {
  const url = new URL(request.url);
  const backend = new URL(target);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) headers[name] = value;
  });
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: backend.hostname,
        port: backend.port,
        method: request.method,
        path: url.pathname + url.search,
        headers,
      },
      (incoming) => {
        const status = incoming.statusCode ?? 502;
        const noBody = request.method === "HEAD" || status === 204 || status === 304;
        resolve(
          new Response(noBody ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>), {
            status,
            headers: responseHeaders(incoming.headers),
          }),
        );
      },
    );
    outgoing.once("error", reject);
    if (body !== undefined) outgoing.end(body);
    else if (request.body) Readable.fromWeb(request.body as never).pipe(outgoing);
    else outgoing.end();
  });
}

function responseHeaders(source: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}
