import type { DockerClient } from "./client.js";
import { type RegistryAuth, registryAuth } from "./credentials.js";

/** A Registry v2 API error: its status, headers and the `errors` body the spec defines. */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "RegistryError";
  }
}

export const MANIFEST_TYPES = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
].join(", ");

/** Loopback registries speak plain HTTP, as the engine assumes; others HTTPS unless listed. */
export function registryBaseUrl(client: DockerClient, registry: string): string {
  if (registry === "docker.io") return "https://registry-1.docker.io";
  const host = registry.replace(/:\d+$/, "");
  const plain =
    host === "localhost" ||
    host === "[::1]" ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    client.config.insecureRegistries.includes(registry);
  return `${plain ? "http" : "https"}://${registry}`;
}

/**
 * One Registry v2 request with the registry's auth: Basic with known credentials, and the token
 * flow (a 401 with `WWW-Authenticate: Bearer realm=...`) that Docker Hub, GHCR and others use.
 */
export async function registryFetch(
  client: DockerClient,
  registry: string,
  path: string,
  init: { method?: string; accept?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  const auth = await registryAuth(client.config, registry);
  const url = `${registryBaseUrl(client, registry)}${path}`;
  const headers: Record<string, string> = {};
  if (init.accept) headers.accept = init.accept;
  const basic = basicHeader(auth);
  if (basic) headers.authorization = basic;
  const send = () =>
    client.fetch(url, { method: init.method ?? "GET", headers, signal: init.signal });
  let response = await send();
  const challenge = response.headers.get("www-authenticate") ?? "";
  if (response.status === 401 && /^bearer\s/i.test(challenge)) {
    const token = await bearerToken(client, challenge, auth, init.signal);
    if (token) {
      headers.authorization = `Bearer ${token}`;
      response = await send();
    }
  }
  if (!response.ok) throw await registryError(response);
  return response;
}

function basicHeader(auth: RegistryAuth | undefined): string | undefined {
  if (!auth?.username || auth.password === undefined) return undefined;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
}

async function bearerToken(
  client: DockerClient,
  challenge: string,
  auth: RegistryAuth | undefined,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const params = Object.fromEntries(
    [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  );
  if (!params.realm) return undefined;
  const url = new URL(params.realm);
  if (params.service) url.searchParams.set("service", params.service);
  if (params.scope) url.searchParams.set("scope", params.scope);
  const basic = basicHeader(auth);
  const response = await client.fetch(url, {
    headers: basic ? { authorization: basic } : {},
    signal,
  });
  if (!response.ok) throw await registryError(response);
  const body = (await response.json()) as { token?: string; access_token?: string };
  return body.token ?? body.access_token;
}

async function registryError(response: Response): Promise<RegistryError> {
  let code: string | undefined;
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { errors?: Array<{ code?: string; message?: string }> };
    const first = body.errors?.[0];
    code = first?.code;
    if (first?.message) message = first.message;
  } catch {
    // a body that is not the spec's JSON: the status says enough
  }
  return new RegistryError(response.status, response.headers, code, message);
}
