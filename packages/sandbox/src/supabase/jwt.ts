import { createHmac } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

/** The sandbox project's JWT secret: its API keys and the sessions GoTrue issues are HS256 with it. */
export const JWT_SECRET = "sandbox-supabase-jwt-secret-with-at-least-32-characters";
const KEY = new TextEncoder().encode(JWT_SECRET);
/** A fixed issue time (2026-01-01) so the keys are the same on every start. */
const ISSUED_AT = 1_767_225_600;
const TEN_YEARS = 10 * 365 * 24 * 3600;

/** A project API key as Supabase issues them: an HS256 JWT whose `role` claim is the key's role. */
export function apiKey(role: "anon" | "service_role"): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part({
    iss: "supabase",
    ref: "sandbox",
    role,
    iat: ISSUED_AT,
    exp: ISSUED_AT + TEN_YEARS,
  })}`;
  return `${unsigned}.${createHmac("sha256", JWT_SECRET).update(unsigned).digest("base64url")}`;
}

export const ANON_KEY = apiKey("anon");
export const SERVICE_ROLE_KEY = apiKey("service_role");

export interface Claims {
  role: string;
  sub?: string;
  [claim: string]: unknown;
}

/** The claims of a valid token, or undefined for a bad signature, an expired or malformed token. */
export async function verify(token: string): Promise<Claims | undefined> {
  try {
    const { payload } = await jwtVerify(token, KEY, { algorithms: ["HS256"] });
    return typeof payload.role === "string" ? (payload as Claims) : undefined;
  } catch {
    return undefined;
  }
}

/** A session's access token for a signed-in user, as GoTrue issues it. */
export async function sessionToken(user: { id: string; email: string | null }, ttl = 3600) {
  return new SignJWT({ role: "authenticated", email: user.email, aud: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer("supabase")
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(KEY);
}
