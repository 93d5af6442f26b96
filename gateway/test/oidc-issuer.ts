import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";

type CryptoKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

/**
 * A local stand-in for an OpenID provider (Keycloak, Okta): it serves the discovery document and
 * the JWKS as a real one does, signs access tokens with its current key, and rotates keys.
 */
export class OidcIssuer {
  /** How many times the JWKS was fetched. */
  jwksFetches = 0;
  /** How many times the discovery document was fetched. */
  discoveryFetches = 0;
  private keys: SigningKey[] = [];
  private generation = 0;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
  ) {}

  static async start(): Promise<OidcIssuer> {
    let issuer: OidcIssuer | undefined;
    const server = createServer((req, res) => {
      const path = req.url?.split("?", 1)[0];
      const self = issuer!;
      if (path === "/realms/mesh/.well-known/openid-configuration") {
        self.discoveryFetches++;
        return json(res, {
          issuer: self.issuer,
          authorization_endpoint: `${self.issuer}/protocol/openid-connect/auth`,
          token_endpoint: `${self.issuer}/protocol/openid-connect/token`,
          jwks_uri: self.jwksUrl,
          response_types_supported: ["code"],
          code_challenge_methods_supported: ["S256"],
          id_token_signing_alg_values_supported: ["RS256"],
        });
      }
      if (path === "/realms/mesh/protocol/openid-connect/certs") {
        self.jwksFetches++;
        return json(res, { keys: self.keys.map((key) => key.jwk) });
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    issuer = new OidcIssuer(server, `http://127.0.0.1:${port}/realms/mesh`);
    await issuer.rotate();
    return issuer;
  }

  get jwksUrl(): string {
    return `${this.issuer}/protocol/openid-connect/certs`;
  }

  /** The key signing new tokens. */
  get kid(): string {
    return this.keys.at(-1)!.kid;
  }

  /** A new signing key, published beside the old ones (drop: the old ones are withdrawn). */
  async rotate(options: { drop?: boolean } = {}): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = `key-${++this.generation}`;
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
    this.keys = options.drop
      ? [{ kid, privateKey, jwk }]
      : [...this.keys, { kid, privateKey, jwk }];
    return kid;
  }

  /** An access token for `claims.aud`, valid for an hour unless `exp` says otherwise. */
  async token(claims: JWTPayload & Record<string, unknown>, options: SignOptions = {}) {
    const key = options.key ?? this.keys.at(-1)!;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iat: now, exp: now + 3600, iss: options.issuer ?? this.issuer, ...claims })
      .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "at+jwt" })
      .sign(key.privateKey);
  }

  /** A key this issuer never publishes, for forged tokens. */
  static async forger(kid: string): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid } };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export interface SignOptions {
  /** Sign with this key instead of the current one (a forger's). */
  key?: SigningKey;
  /** Claim this issuer instead of the real one. */
  issuer?: string;
}

function json(res: import("node:http").ServerResponse, body: unknown) {
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
}
