import { createHmac, timingSafeEqual } from "node:crypto";

/** Whether `given` is the hex HMAC of `body` under `secret`, compared in constant time. */
export function hmacMatches(
  algorithm: "sha1" | "sha256",
  secret: string,
  body: Buffer,
  given: string,
): boolean {
  const expected = createHmac(algorithm, secret).update(body).digest();
  if (!/^[0-9a-f]+$/i.test(given)) return false;
  const actual = Buffer.from(given, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
