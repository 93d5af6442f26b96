import { PlatformError } from "@agent-mesh/core";

/** An image reference split as the engine and registries read it. */
export interface ImageReference {
  /** Registry host (and port), "docker.io" when none is named. */
  registry: string;
  /** Repository path inside the registry (library/alpine on Docker Hub). */
  repository: string;
  tag?: string | undefined;
  digest?: string | undefined;
  /** True when the reference named its registry itself. */
  explicitRegistry: boolean;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** Parses `[registry/]repository[:tag][@digest]`, refusing what Docker would refuse. */
export function parseReference(text: string): ImageReference {
  const bad = (why: string) =>
    new PlatformError(
      "invalid_request",
      `"${text}" is not an image reference (${why}); use [registry/]repository[:tag], e.g. registry.example.com/team/app:1.2`,
    );
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad("bad digest");
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad("bad tag");
  }
  const parts = rest.split("/");
  const first = parts[0] ?? "";
  const explicitRegistry =
    parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  const registry = explicitRegistry ? first : "docker.io";
  const path = explicitRegistry ? parts.slice(1) : parts;
  if (path.length === 0 || path.some((part) => !COMPONENT.test(part))) {
    throw bad("repository names are lower-case letters, digits and separators");
  }
  if (registry === "docker.io" && path.length === 1) path.unshift("library");
  return { registry, repository: path.join("/"), tag, digest, explicitRegistry };
}

/** `registry/repository`, the name allow-lists match. */
export function repositoryName(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** The name the engine knows the image by (`registry/repo` without docker.io's defaults). */
export function engineName(ref: ImageReference): string {
  if (ref.explicitRegistry) return `${ref.registry}/${ref.repository}`;
  return ref.repository.startsWith("library/") ? ref.repository.slice(8) : ref.repository;
}

/** Checks a tag on its own (for inputs that take repository and tags apart). */
export function checkTag(tag: string): string {
  if (!TAG.test(tag)) {
    throw new PlatformError(
      "invalid_request",
      `"${tag}" is not a valid tag: letters, digits, _ . - (at most 128, not starting with . or -)`,
    );
  }
  return tag;
}
