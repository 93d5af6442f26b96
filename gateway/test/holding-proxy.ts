import { createServer, type IncomingMessage, type Server } from "node:http";

/**
 * An HTTP proxy in front of a stand-in that forwards everything, except that the response to the
 * first request `hold` matches never comes back: the platform did the work, the caller never
 * learns it. A test kills the caller then, to crash it in the middle of a side effect.
 */
export class HoldingProxy {
  /** Resolves with the held response's body once the held request reached the stand-in. */
  readonly held: Promise<string>;
  private holding = true;
  private onHeld!: (body: string) => void;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    this.held = new Promise((resolve) => {
      this.onHeld = resolve;
    });
  }

  static async start(
    target: string,
    hold: (req: IncomingMessage) => boolean,
  ): Promise<HoldingProxy> {
    let proxy: HoldingProxy | undefined;
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || name === "host" || name === "connection") continue;
        headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const upstream = await fetch(new URL(req.url ?? "/", target), {
        method: req.method ?? "GET",
        headers,
        ...(body && req.method !== "GET" && req.method !== "HEAD" ? { body } : {}),
      });
      const text = await upstream.text();
      if (proxy!.holding && hold(req)) {
        proxy!.holding = false;
        proxy!.onHeld(text);
        return; // never answered: the caller waits until it dies
      }
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (
          name !== "content-encoding" &&
          name !== "content-length" &&
          name !== "transfer-encoding"
        )
          out[name] = value;
      });
      res.writeHead(upstream.status, out);
      res.end(text);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    proxy = new HoldingProxy(server, `http://127.0.0.1:${port}`);
    return proxy;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
