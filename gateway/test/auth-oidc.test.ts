import type { Caller } from "@agent-mesh/core";
import { readEnvelope } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type HttpAuth, httpAuthFor } from "../src/auth/index.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { startHeaderSpy } from "./header-spy-server.js";
import { config, startTestMesh, type TestMesh } from "./helpers.js";
import { OidcIssuer } from "./oidc-issuer.js";

const AUDIENCE = "https://mesh.test/mcp";
const METADATA = "https://mesh.test/.well-known/oauth-protected-resource/mcp";

/**
 * The gateway as an OAuth 2.1 protected resource (MCP authorization, RFC 9728, RFC 8707):
 * access tokens of a local OpenID provider stand-in, checked with its rotating keys.
 */
describe("sign-in with an OpenID provider's access tokens", () => {
  let issuer: OidcIssuer;
  let spy: Awaited<ReturnType<typeof startHeaderSpy>>;
  let t: TestMesh;
  let auth: HttpAuth;
  let http: HttpGateway;
  const callers: Caller[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    issuer = await OidcIssuer.start();
    spy = await startHeaderSpy();
    const yaml = `gateway:
  port: 0
approvals:
  enabled: false
auth:
  oidc:
    issuer: ${issuer.issuer}
    audience: ${AUDIENCE}
    roles_claim: realm_access.roles
    tenant_claim: tenant
    scopes: [mesh]
    jwks_cooldown: 0
integrations:
  aws: {}
  vercel: {}
servers:
  spy:
    url: ${spy.url}
    prefix: true
`;
    t = await startTestMesh(yaml);
    const connectSession = t.mesh.connectSession.bind(t.mesh);
    vi.spyOn(t.mesh, "connectSession").mockImplementation((caller) => {
      callers.push(caller);
      return connectSession(caller);
    });
    const parsed = config(yaml);
    auth = httpAuthFor(parsed, {})!;
    http = await serveHttp(t.mesh, parsed.gateway, [], auth);
  }, 180_000);
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await http?.close();
    await auth?.close();
    await t?.close();
    await spy?.close();
    await issuer?.close();
  });

  const connect = async (token: string) => {
    const client = new Client({ name: "oidc-test", version: "1" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  };
  const tokenFor = (roles: string[], extra: Record<string, unknown> = {}) =>
    issuer.token({
      sub: `user-${roles.join("-") || "none"}`,
      preferred_username: `${roles[0] ?? "nobody"}@example.com`,
      aud: AUDIENCE,
      realm_access: { roles },
      tenant: "acme",
      ...extra,
    });
  const post = (token?: string) =>
    fetch(http.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
  const expectRefused = async (token: string | undefined, message: RegExp) => {
    const res = await post(token);
    expect(res.status).toBe(401);
    const challenge = res.headers.get("www-authenticate") ?? "";
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain(`resource_metadata="${METADATA}"`);
    if (token) expect(challenge).toContain('error="invalid_token"');
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(message);
    if (token) expect(body.error.message).not.toContain(token);
  };

  it("serves the protected resource metadata without a token, at both well-known paths", async () => {
    const base = http.url.replace(/\/mcp$/, "");
    for (const path of [
      "/.well-known/oauth-protected-resource/mcp",
      "/.well-known/oauth-protected-resource",
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(await res.json()).toMatchObject({
        resource: AUDIENCE,
        authorization_servers: [issuer.issuer],
        bearer_methods_supported: ["header"],
        scopes_supported: ["mesh"],
      });
    }
    // Everything else still needs a token.
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
  });

  it("answers a request without a token 401 with the metadata's address", async () => {
    await expectRefused(undefined, /Authorization: Bearer/);
  });

  it("turns a valid token into a caller with the roles and tenant of its claims", async () => {
    const client = await connect(await tokenFor(["admin"]));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("spy_echo");
    const result = await client.callTool({ name: "spy_echo", arguments: { text: "hello" } });
    expect(result.isError).toBeFalsy();
    expect((result as CallToolResult).content[0]).toEqual({ type: "text", text: "hello" });
    expect(callers.at(-1)).toMatchObject({
      id: "user-admin",
      name: "admin@example.com",
      kind: "token",
      roles: ["admin"],
      tenant: "acme",
    });
  });

  it("never passes the client's token to a downstream", async () => {
    const token = await tokenFor(["admin"]);
    const client = await connect(token);
    const before = spy.headers.length;
    await client.callTool({ name: "spy_echo", arguments: { text: "secret?" } });
    const seen = spy.headers.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    for (const headers of [...spy.headers]) {
      expect(headers.authorization).toBeUndefined();
      expect(JSON.stringify(headers)).not.toContain(token.slice(-20));
    }
  });

  it("refuses a token for another audience (RFC 8707)", async () => {
    await expectRefused(
      await tokenFor(["admin"], { aud: "https://other.example/mcp" }),
      /not for this gateway \(its audience must be https:\/\/mesh\.test\/mcp\)/,
    );
  });

  it("refuses an expired token", async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    await expectRefused(
      await tokenFor(["admin"], { iat: past, exp: past + 60 }),
      /expired; sign in again/,
    );
  });

  it("refuses a token with a bad signature", async () => {
    // Signed by a key the provider never published, under the current key's id.
    const forged = await issuer.token(
      { sub: "mallory", aud: AUDIENCE, realm_access: { roles: ["admin"] } },
      { key: await OidcIssuer.forger(issuer.kid) },
    );
    await expectRefused(forged, /signature is not valid/);
    // And a token whose payload was edited after signing.
    const [head, , sig] = (await tokenFor(["viewer"])).split(".");
    const edited = Buffer.from(
      JSON.stringify({
        sub: "x",
        aud: AUDIENCE,
        iss: issuer.issuer,
        realm_access: { roles: ["admin"] },
        exp: 9e9,
      }),
    ).toString("base64url");
    await expectRefused(`${head}.${edited}.${sig}`, /signature is not valid/);
  });

  it("refuses a token of an unknown issuer", async () => {
    await expectRefused(
      await issuer.token(
        { sub: "eve", aud: AUDIENCE },
        { issuer: "https://evil.example/realms/mesh" },
      ),
      /issued by another issuer/,
    );
  });

  it("refuses a bearer that is not a JWT at all", async () => {
    await expectRefused("not-a-jwt-at-all-0123456789", /not a valid access token/);
  });

  it("follows key rotation: a new key id refetches the JWKS, a withdrawn key is refused", async () => {
    const oldToken = await tokenFor(["viewer"]);
    expect((await post(oldToken)).status).not.toBe(401);
    const fetches = issuer.jwksFetches;
    await issuer.rotate();
    const rotated = await tokenFor(["viewer"]);
    const client = await connect(rotated);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    expect(issuer.jwksFetches).toBeGreaterThan(fetches);
    // The provider withdraws every old key: tokens they signed no longer pass.
    await issuer.rotate({ drop: true });
    const fresh = await tokenFor(["viewer"]);
    expect((await post(fresh)).status).not.toBe(401);
    await expectRefused(oldToken, /key the identity provider does not publish|signature/);
    expect(issuer.discoveryFetches).toBe(1);
  });

  describe("roles from the token's claims", () => {
    const names = async (client: Client) => (await client.listTools()).tools.map((t) => t.name);
    const denied = (result: unknown) => readEnvelope(result as CallToolResult)?.code;

    it("a viewer sees and calls read-only tools, never a write", async () => {
      const client = await connect(await tokenFor(["viewer"]));
      const visible = await names(client);
      expect(visible).toEqual(expect.arrayContaining(["aws_kv_get", "vercel_project_list"]));
      expect(visible).not.toContain("vercel_deployment_create");
      expect(visible).not.toContain("aws_kv_set");
      const read = await client.callTool({ name: "vercel_project_list", arguments: {} });
      expect(read.isError).toBeFalsy();
      const write = await client.callTool({
        name: "vercel_deployment_create",
        arguments: { project: "web", ref: "main" },
      });
      expect(write.isError).toBe(true);
      expect(denied(write)).toBe("policy_denied");
      expect(readEnvelope(write as CallToolResult)?.message).toMatch(
        /may not call vercel_deployment_create: .*non-destructive write.*viewer/,
      );
    });

    it("a deployer calls a non-destructive write but not a destructive one", async () => {
      const client = await connect(await tokenFor(["deployer"]));
      const visible = await names(client);
      expect(visible).toContain("vercel_deployment_create");
      expect(visible).toContain("aws_kv_get");
      expect(visible).not.toContain("aws_kv_set");
      const created = await client.callTool({
        name: "vercel_deployment_create",
        arguments: { project: "web", ref: "main" },
      });
      expect(created.isError, JSON.stringify(created)).toBeFalsy();
      expect(created.structuredContent).toMatchObject({ id: expect.any(String) });
      const destroy = await client.callTool({
        name: "aws_kv_set",
        arguments: { key: "roles/deployer", value: { by: "deployer" } },
      });
      expect(destroy.isError).toBe(true);
      expect(denied(destroy)).toBe("policy_denied");
      const got = await client.callTool({
        name: "aws_kv_get",
        arguments: { key: "roles/deployer" },
      });
      expect(got.structuredContent).toMatchObject({ found: false });
    });

    it("an admin calls a destructive tool", async () => {
      const client = await connect(await tokenFor(["admin"]));
      expect(await names(client)).toContain("aws_kv_set");
      const set = await client.callTool({
        name: "aws_kv_set",
        arguments: { key: "roles/admin", value: { by: "admin" } },
      });
      expect(set.isError, JSON.stringify(set)).toBeFalsy();
      const got = await client.callTool({ name: "aws_kv_get", arguments: { key: "roles/admin" } });
      expect(got.structuredContent).toMatchObject({ found: true });
    });
  });
});
