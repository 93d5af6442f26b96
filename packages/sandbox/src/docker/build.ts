import { createHash } from "node:crypto";
import type { FakeImage } from "./data.js";
import { sha256 } from "./data.js";

export interface BuildInput {
  files: Map<string, Buffer>;
  dockerfile: string;
  tags: string[];
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  find: (reference: string) => FakeImage | undefined;
}

export type BuildMessage = Record<string, unknown>;

/**
 * What the classic builder says for a Dockerfile, message by message: `Step n/N : ...` lines,
 * layer ids, RUN output (echo only), and `errorDetail` where the real engine would fail: an
 * unknown base image, a COPY source missing from the context, a RUN that exits non-zero.
 */
export function* simulateBuild(input: BuildInput): Generator<BuildMessage, FakeImage | undefined> {
  const text = input.files.get(input.dockerfile)?.toString("utf8");
  if (text === undefined) {
    yield failure(`Cannot locate specified Dockerfile: ${input.dockerfile}`);
    return undefined;
  }
  const lines = text
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const labels: Record<string, string> = {};
  const args: Record<string, string> = {};
  let layers: string[] = [];
  let size = 0;
  const hash = createHash("sha256");
  for (const [index, line] of lines.entries()) {
    const step = `Step ${index + 1}/${lines.length} : ${line}`;
    yield { stream: `${step}\n` };
    const [word = "", ...rest] = line.split(/\s+/);
    const instruction = word.toUpperCase();
    const value = rest
      .join(" ")
      .replace(/\$\{?(\w+)\}?/g, (all, name: string) => args[name] ?? input.buildArgs[name] ?? all);
    hash.update(line);
    switch (instruction) {
      case "FROM": {
        const base = rest[0] ?? "";
        if (base !== "scratch") {
          const found = input.find(base);
          if (!found) {
            yield failure(
              `pull access denied for ${base}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
            );
            return undefined;
          }
          layers = [...found.Layers];
          size = found.Size;
          Object.assign(labels, found.Labels);
        }
        break;
      }
      case "COPY":
      case "ADD": {
        const sources = rest.filter((part) => !part.startsWith("--")).slice(0, -1);
        for (const source of sources) {
          const clean = source.replace(/^\.\/?/, "");
          const found = [...input.files.keys()].filter(
            (file) => clean === "" || file === clean || file.startsWith(`${clean}/`),
          );
          if (found.length === 0) {
            yield failure(
              `COPY failed: file not found in build context or excluded by .dockerignore: stat ${clean}: file does not exist`,
            );
            return undefined;
          }
          for (const file of found) {
            const content = input.files.get(file) ?? Buffer.alloc(0);
            size += content.length;
            hash.update(file).update(content);
          }
        }
        layers.push(sha256(hash.copy().digest("hex")));
        break;
      }
      case "RUN": {
        yield { stream: ` ---> Running in ${hash.copy().digest("hex").slice(0, 12)}\n` };
        for (const echo of value.matchAll(/echo\s+("([^"]*)"|'([^']*)'|([^&;|>]+))/g)) {
          yield { stream: `${(echo[2] ?? echo[3] ?? echo[4] ?? "").trim()}\n` };
        }
        const exit = /exit\s+(\d+)/.exec(value);
        if (exit && exit[1] !== "0") {
          yield failure(
            `The command '/bin/sh -c ${value}' returned a non-zero code: ${exit[1]}`,
            Number(exit[1]),
          );
          return undefined;
        }
        layers.push(sha256(hash.copy().digest("hex")));
        break;
      }
      case "LABEL":
        for (const pair of value.matchAll(/(\S+?)=("([^"]*)"|\S+)/g)) {
          labels[pair[1] ?? ""] = pair[3] ?? pair[2] ?? "";
        }
        break;
      case "ARG": {
        const [name = "", fallback] = (rest[0] ?? "").split("=");
        args[name] = input.buildArgs[name] ?? fallback ?? "";
        break;
      }
      case "ENV":
      case "WORKDIR":
      case "CMD":
      case "ENTRYPOINT":
      case "USER":
      case "EXPOSE":
      case "VOLUME":
      case "STOPSIGNAL":
      case "HEALTHCHECK":
      case "SHELL":
      case "ONBUILD":
        break;
      default:
        yield failure(
          `dockerfile parse error line ${index + 1}: unknown instruction: ${instruction}`,
        );
        return undefined;
    }
    yield { stream: ` ---> ${hash.copy().digest("hex").slice(0, 12)}\n` };
  }
  Object.assign(labels, input.labels);
  const id = sha256(`${hash.digest("hex")}${JSON.stringify(labels)}`);
  yield { aux: { ID: id } };
  yield { stream: `Successfully built ${id.slice(7, 19)}\n` };
  for (const tag of input.tags) yield { stream: `Successfully tagged ${tag}\n` };
  return {
    Id: id,
    RepoTags: input.tags,
    RepoDigests: [],
    Created: Math.floor(Date.now() / 1000),
    Size: size,
    Labels: labels,
    Layers: layers,
  };
}

function failure(message: string, code?: number): BuildMessage {
  return { errorDetail: { message, ...(code === undefined ? {} : { code }) }, error: message };
}
