import { createHash, randomBytes } from "node:crypto";

/** API keys read `amk_<id>_<secret>`: the id is public (list, revoke), the secret is not. */
const KEY = /^amk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewKey {
  id: string;
  /** The whole key, shown once. */
  token: string;
  /** What the database keeps: the key's SHA-256, hex. */
  hash: string;
}

export function generateKey(): NewKey {
  const id = randomBytes(6).toString("hex");
  const token = `amk_${id}_${randomBytes(32).toString("base64url")}`;
  return { id, token, hash: hashKey(token) };
}

/** The key's id when the token looks like an API key. */
export function keyId(token: string): string | undefined {
  return KEY.exec(token)?.[1];
}

export function isKeyLike(token: string): boolean {
  return token.startsWith("amk_");
}

export function hashKey(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
