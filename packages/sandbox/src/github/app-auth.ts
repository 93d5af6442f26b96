import { createPublicKey, generateKeyPairSync, type KeyObject, verify } from "node:crypto";
import { GITHUB_APP_ID } from "./data.js";

let pair: { privateKey: string; publicKey: KeyObject } | undefined;

/**
 * The sandbox GitHub App's key pair, made on first use (never at import): tests and
 * `agent-mesh start --sandbox` give its private key to @octokit/auth-app, the stand-in verifies
 * the App's JWTs with the public half.
 */
export function sandboxAppKey(): { privateKey: string; publicKey: KeyObject } {
  if (!pair) {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    pair = { privateKey: pem, publicKey: createPublicKey(privateKey) };
  }
  return pair;
}

/** Checks an App JWT as GitHub does: RS256 by the App's key, issuer the App id, not expired. */
export function verifyAppJwt(jwt: string, now = Date.now()): string | undefined {
  const [head, body, sig] = jwt.split(".");
  if (!head || !body || !sig) return "A JSON web token could not be decoded";
  try {
    const header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: string };
    if (header.alg !== "RS256") return "'Expiration time' claim ('exp') is invalid";
    const ok = verify(
      "RSA-SHA256",
      Buffer.from(`${head}.${body}`),
      sandboxAppKey().publicKey,
      Buffer.from(sig, "base64url"),
    );
    if (!ok) return "A JSON web token could not be decoded";
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as {
      iss?: string | number;
      exp?: number;
    };
    if (String(claims.iss) !== GITHUB_APP_ID) return "Integration not found";
    if (typeof claims.exp !== "number" || claims.exp * 1000 < now) {
      return "'Expiration time' claim ('exp') is too far in the future or has passed";
    }
    return undefined;
  } catch {
    return "A JSON web token could not be decoded";
  }
}
