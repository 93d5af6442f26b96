import type { Hono } from "hono";
import { stream } from "hono/streaming";
import type { Recorder } from "../recorder.js";
import { simulateBuild } from "./build.js";
import { REGISTRY_PASSWORD, REGISTRY_USER, sha256 } from "./data.js";
import type { DockerStore } from "./store.js";
import { readTar } from "./tar.js";

const notFound = (message: string) =>
  new Response(JSON.stringify({ message }), {
    status: 404,
    headers: { "content-type": "application/json" },
  });

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Docker Engine API routes the tools use, with the engine's paths, streams and error bodies. */
export function engineRoutes(
  app: Hono,
  store: DockerStore,
  stepMs: number,
  recorder: Recorder,
): void {
  app.get("/_ping", (c) => c.text("OK"));
  app.get("/version", (c) =>
    c.json({ Version: "20.10.24-sandbox", ApiVersion: "1.41", Os: "linux", Arch: "amd64" }),
  );

  app.get("/images/json", (c) => {
    const filters = JSON.parse(c.req.query("filters") ?? "{}") as Record<string, string[]>;
    const pattern = filters.reference?.[0];
    const matcher = pattern
      ? new RegExp(
          `^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}(:.*)?$`,
        )
      : undefined;
    const images = store.images.filter((image) => {
      if (filters.dangling?.[0] === "true" && image.RepoTags.length > 0) return false;
      if (filters.dangling?.[0] === "false" && image.RepoTags.length === 0) return false;
      return !matcher || image.RepoTags.some((tag) => matcher.test(tag));
    });
    return c.json(
      images.map((image) => ({
        Id: image.Id,
        ParentId: "",
        RepoTags: image.RepoTags.length ? image.RepoTags : ["<none>:<none>"],
        RepoDigests: image.RepoDigests,
        Created: image.Created,
        Size: image.Size,
        SharedSize: -1,
        VirtualSize: image.Size,
        Labels: image.Labels,
        Containers: -1,
      })),
    );
  });

  app.get("/images/:name{.+}/json", (c) => {
    const name = c.req.param("name");
    const image = store.findImage(name);
    if (!image) return notFound(`No such image: ${name}`);
    return c.json({
      Id: image.Id,
      RepoTags: image.RepoTags,
      RepoDigests: image.RepoDigests,
      Created: new Date(image.Created * 1000).toISOString(),
      Size: image.Size,
      VirtualSize: image.Size,
      Architecture: "amd64",
      Os: "linux",
      Config: { Labels: image.Labels },
      RootFS: { Type: "layers", Layers: image.Layers },
    });
  });

  app.post("/images/:name{.+}/tag", (c) => {
    const name = c.req.param("name");
    const image = store.findImage(name);
    if (!image) return notFound(`No such image: ${name}`);
    const repo = c.req.query("repo");
    if (!repo) return c.json({ message: "repository name must have at least one component" }, 400);
    store.tag(image, `${repo}:${c.req.query("tag") || "latest"}`);
    return c.body(null, 201);
  });

  app.delete("/images/:name{.+}", (c) => {
    const name = c.req.param("name");
    const image = store.findImage(name);
    if (!image) return notFound(`No such image: ${name}`);
    const force = c.req.query("force") === "true" || c.req.query("force") === "1";
    const used = store.containers.find(
      (container) => container.Image === name || image.RepoTags.includes(container.Image),
    );
    if (used && !force) {
      return c.json(
        {
          message: `conflict: unable to remove repository reference "${name}" (must force) - container ${used.Id.slice(0, 12)} is using its referenced image ${image.Id.slice(7, 19)}`,
        },
        409,
      );
    }
    const tag = /:[^/]+$/.test(name) ? name : `${name}:latest`;
    if (image.RepoTags.includes(tag) && image.RepoTags.length > 1) {
      image.RepoTags = image.RepoTags.filter((t) => t !== tag);
      return c.json([{ Untagged: tag }]);
    }
    store.images.splice(store.images.indexOf(image), 1);
    return c.json([
      ...image.RepoTags.map((t) => ({ Untagged: t })),
      { Deleted: image.Id },
      ...image.Layers.map((layer) => ({ Deleted: layer })),
    ]);
  });

  app.post("/build", async (c) => {
    const url = new URL(c.req.url);
    const tags = url.searchParams.getAll("t");
    const files = readTar(new Uint8Array(await c.req.arrayBuffer()));
    const generator = simulateBuild({
      files,
      dockerfile: url.searchParams.get("dockerfile") ?? "Dockerfile",
      tags,
      buildArgs: JSON.parse(url.searchParams.get("buildargs") || "{}"),
      labels: JSON.parse(url.searchParams.get("labels") || "{}"),
      find: (reference) => store.findImage(reference),
    });
    c.header("content-type", "application/json");
    return stream(c, async (out) => {
      let aborted = false;
      out.onAbort(() => {
        aborted = true;
      });
      for (;;) {
        const next = generator.next();
        if (next.done) {
          if (next.value) store.add(next.value);
          break;
        }
        await out.write(`${JSON.stringify(next.value)}\r\n`);
        if (typeof next.value.stream === "string" && next.value.stream.startsWith("Step "))
          await wait(stepMs);
        if (aborted) {
          // The client went away: the engine stops the build. Recorded so tests can see it.
          recorder.requests.push({
            platform: "docker",
            method: "CANCEL",
            path: "/build",
            query: { t: tags.join(",") },
            headers: {},
            body: undefined,
          });
          return;
        }
      }
    });
  });

  app.post("/images/:name{.+}/push", (c) => {
    const name = c.req.param("name");
    const tag = c.req.query("tag") || "latest";
    const image = store.findImage(`${name}:${tag}`);
    if (!image) return notFound(`An image does not exist locally with the tag: ${name}`);
    const auth = decodeAuth(c.req.header("x-registry-auth"));
    const repository = name.split("/").slice(1).join("/");
    c.header("content-type", "application/json");
    return stream(c, async (out) => {
      const send = (message: unknown) => out.write(`${JSON.stringify(message)}\r\n`);
      await send({ status: `The push refers to repository [${name}]` });
      if (auth.username !== REGISTRY_USER || auth.password !== REGISTRY_PASSWORD) {
        await send({
          errorDetail: { message: "unauthorized: authentication required" },
          error: "unauthorized: authentication required",
        });
        return;
      }
      for (const layer of image.Layers) {
        const id = layer.slice(7, 19);
        await send({ status: "Preparing", progressDetail: {}, id });
        await wait(stepMs);
        await send({ status: "Pushed", progressDetail: {}, id });
      }
      const config = JSON.stringify({
        architecture: "amd64",
        os: "linux",
        created: new Date(image.Created * 1000).toISOString(),
        config: { Labels: image.Labels },
        rootfs: { type: "layers", diff_ids: image.Layers },
      });
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.docker.distribution.manifest.v2+json",
        config: {
          mediaType: "application/vnd.docker.container.image.v1+json",
          size: config.length,
          digest: image.Id,
        },
        layers: image.Layers.map((digest, index) => ({
          mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip",
          size: 1024 * (index + 1),
          digest,
        })),
      });
      const digest = sha256(manifest);
      const tags = store.repositories.get(repository) ?? new Map();
      tags.set(tag, { text: manifest, digest, config: { digest: image.Id, text: config } });
      store.repositories.set(repository, tags);
      const repoDigest = `${name}@${digest}`;
      if (!image.RepoDigests.includes(repoDigest)) image.RepoDigests.push(repoDigest);
      await send({ status: `${tag}: digest: ${digest} size: ${manifest.length}` });
      await send({ progressDetail: {}, aux: { Tag: tag, Digest: digest, Size: manifest.length } });
    });
  });

  app.get("/containers/json", (c) => {
    const all = c.req.query("all") === "true" || c.req.query("all") === "1";
    return c.json(
      store.containers
        .filter((container) => all || container.State === "running")
        .map(({ logs: _logs, Tty: _tty, ...container }) => ({ ...container, Labels: {} })),
    );
  });

  app.get("/containers/:id/json", (c) => {
    const container = store.findContainer(c.req.param("id"));
    if (!container) return notFound(`No such container: ${c.req.param("id")}`);
    return c.json({
      Id: container.Id,
      Name: container.Names[0],
      Image: container.Image,
      State: { Status: container.State, Running: container.State === "running" },
      Config: { Tty: container.Tty, Image: container.Image },
    });
  });

  app.get("/containers/:id/logs", (c) => {
    const container = store.findContainer(c.req.param("id"));
    if (!container) return notFound(`No such container: ${c.req.param("id")}`);
    if (c.req.query("stdout") !== "true" && c.req.query("stderr") !== "true") {
      return c.json({ message: "Bad parameters: you must choose at least one stream" }, 400);
    }
    const tail = c.req.query("tail");
    const lines = tail && tail !== "all" ? container.logs.slice(-Number(tail)) : container.logs;
    const frames = lines.map((line) => {
      const text = Buffer.from(`${line.text}\n`);
      if (container.Tty) return text;
      const header = Buffer.alloc(8);
      header[0] = line.stream;
      header.writeUInt32BE(text.length, 4);
      return Buffer.concat([header, text]);
    });
    return new Response(Buffer.concat(frames), {
      headers: {
        "content-type": container.Tty
          ? "application/vnd.docker.raw-stream"
          : "application/vnd.docker.multiplexed-stream",
      },
    });
  });
}

function decodeAuth(header: string | undefined): { username?: string; password?: string } {
  if (!header) return {};
  try {
    return JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
  } catch {
    return {};
  }
}
