/** A small browser stand-in for the dashboard's HTTP tests: one cookie jar, forms with CSRF. */
export class DashboardHttp {
  cookie: string | undefined;
  constructor(readonly base: string) {}

  /** base is the gateway's origin, e.g. http://127.0.0.1:7420. */
  static of(mcpUrl: string): DashboardHttp {
    return new DashboardHttp(new URL(mcpUrl).origin);
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(
      await fetch(`${this.base}${path}`, {
        redirect: "manual",
        headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      }),
    );
  }

  async post(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = { origin: this.base },
  ): Promise<Response> {
    return this.keep(
      await fetch(`${this.base}${path}`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams(fields),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(this.cookie ? { cookie: this.cookie } : {}),
          ...headers,
        },
      }),
    );
  }

  /** The CSRF token in a page's forms. */
  static csrf(html: string): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!match) throw new Error(`no CSRF field in:\n${html.slice(0, 500)}`);
    return match[1]!;
  }

  /** Signs in with a client token; returns the CSRF token of the signed-in session. */
  async signIn(token: string): Promise<string> {
    const page = await (await this.get("/dashboard/sign-in")).text();
    const signedIn = await this.post("/dashboard/sign-in", {
      _csrf: DashboardHttp.csrf(page),
      token,
    });
    if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}`);
    return DashboardHttp.csrf(await (await this.get("/dashboard/approvals")).text());
  }

  private keep(response: Response): Response {
    const set = response.headers.getSetCookie();
    for (const line of set) {
      const pair = line.split(";", 1)[0]!;
      if (pair.startsWith("agent_mesh_dashboard=")) this.cookie = pair;
    }
    return response;
  }
}
