import type { Context, Hono } from "hono";
import { REGISTRY_PASSWORD, REGISTRY_USER } from "./data.js";
import type { DockerStore } from "./store.js";

const MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";

/** The Registry v2 spec's error body, with its status. */
function registryError(c: Context, status: 401 | 404 | 400, code: string, message: string) {
  if (status === 401) c.header("www-authenticate", 'Basic realm="sandbox-registry"');
  c.header("docker-distribution-api-version", "registry/2.0");
  return c.json({ errors: [{ code, message, detail: null }] }, status);
}

/**
 * The Registry v2 API (distribution spec) the tools read, behind HTTP Basic auth: the base
 * check, tags/list with n/last pagination and a Link header, manifests (GET and HEAD, with
 * Docker-Content-Digest) and config blobs.
 */
export function registryRoutes(app: Hono, store: DockerStore): void {
  app.use("/v2/*", async (c, next) => {
    const expected = `Basic ${Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString("base64")}`;
    if (c.req.header("authorization") !== expected) {
      return registryError(c, 401, "UNAUTHORIZED", "authentication required");
    }
    c.header("docker-distribution-api-version", "registry/2.0");
    await next();
  });

  app.get("/v2/", (c) => c.json({}));

  app.get("/v2/:name{.+}/tags/list", (c) => {
    const name = c.req.param("name");
    const tags = store.repositories.get(name);
    if (!tags)
      return registryError(c, 404, "NAME_UNKNOWN", "repository name not known to registry");
    const n = c.req.query("n");
    const last = c.req.query("last");
    if (n !== undefined && !/^\d+$/.test(n)) {
      return registryError(
        c,
        400,
        "PAGINATION_NUMBER_INVALID",
        "invalid number of results requested",
      );
    }
    const sorted = [...tags.keys()].sort().filter((tag) => last === undefined || tag > last);
    const page = n === undefined ? sorted : sorted.slice(0, Number(n));
    if (n !== undefined && sorted.length > page.length) {
      const next = new URLSearchParams({ n, last: page.at(-1) ?? "" });
      c.header("link", `</v2/${name}/tags/list?${next}>; rel="next"`);
    }
    return c.json({ name, tags: page });
  });

  const manifest = (c: Context) => {
    const name = c.req.param("name") ?? "";
    const reference = c.req.param("reference") ?? "";
    const tags = store.repositories.get(name);
    const found = tags
      ? (tags.get(reference) ?? [...tags.values()].find((m) => m.digest === reference))
      : undefined;
    if (!found) return registryError(c, 404, "MANIFEST_UNKNOWN", "manifest unknown");
    c.header("content-type", MANIFEST_TYPE);
    c.header("docker-content-digest", found.digest);
    c.header("content-length", String(found.text.length));
    return c.req.method === "HEAD" ? c.body(null, 200) : c.body(found.text, 200);
  };
  app.on(["GET", "HEAD"], "/v2/:name{.+}/manifests/:reference", manifest);

  app.get("/v2/:name{.+}/blobs/:digest", (c) => {
    const tags = store.repositories.get(c.req.param("name"));
    const blob = tags
      ? [...tags.values()].find((m) => m.config.digest === c.req.param("digest"))
      : undefined;
    if (!blob) return registryError(c, 404, "BLOB_UNKNOWN", "blob unknown to registry");
    c.header("docker-content-digest", blob.config.digest);
    return c.body(blob.config.text, 200, { "content-type": "application/octet-stream" });
  });
}
