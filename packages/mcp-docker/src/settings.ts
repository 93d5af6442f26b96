import { flagSetting, listSetting } from "@agent-mesh/core";
import { z } from "zod";

const DEFAULT_PROTECTED_TAGS = "latest,prod-*";

/** Every setting of the Docker server, read from the environment (or mesh.yaml). */
export const settings = {
  host: {
    env: "DOCKER_HOST",
    schema: z
      .string()
      .regex(/^(unix|tcp|http|https):\/\/\S+$/, "use unix:///path/docker.sock or tcp://host:port")
      .default("unix:///var/run/docker.sock"),
    description:
      "Docker Engine API endpoint: unix:///var/run/docker.sock (default) or tcp://host:port (the sandbox)",
  },
  buildRoots: {
    env: "DOCKER_BUILD_ROOTS",
    schema: listSetting(),
    description: "Folders build contexts must lie under (comma-separated absolute paths)",
  },
  buildContextMaxBytes: {
    env: "DOCKER_BUILD_CONTEXT_MAX_BYTES",
    schema: z.coerce
      .number()
      .int()
      .positive()
      .default(512 * 1024 * 1024),
    description: "Largest build context sent to the engine, in bytes (default 512 MiB)",
  },
  pushAllow: {
    env: "DOCKER_PUSH_ALLOW",
    schema: listSetting(),
    description:
      "Repositories images may be pushed to, as registry/repository globs (registry.example.com/team/*)",
  },
  readAllow: {
    env: "DOCKER_READ_ALLOW",
    schema: listSetting(),
    description:
      "More repositories whose registry tags and manifests may be read, besides DOCKER_PUSH_ALLOW (globs)",
  },
  protectedTags: {
    env: "DOCKER_PROTECTED_TAGS",
    schema: z.preprocess(
      (value) => (value === undefined ? DEFAULT_PROTECTED_TAGS : value),
      listSetting(),
    ),
    description: `Tags whose push needs confirmation (globs; default ${DEFAULT_PROTECTED_TAGS})`,
  },
  registryUsername: {
    env: "DOCKER_REGISTRY_USERNAME",
    schema: z.string().min(1).optional(),
    description: "Registry user name; wins over the Docker config and credential helpers",
  },
  registryPassword: {
    env: "DOCKER_REGISTRY_PASSWORD",
    schema: z.string().min(1).optional(),
    description: "Registry password or token, with DOCKER_REGISTRY_USERNAME",
    secret: true,
  },
  configDir: {
    env: "DOCKER_CONFIG",
    schema: z.string().min(1).optional(),
    description:
      "Folder of the Docker config.json whose auths, credsStore and credHelpers give registry credentials (default ~/.docker)",
  },
  insecureRegistries: {
    env: "DOCKER_INSECURE_REGISTRIES",
    schema: listSetting(),
    description:
      "Registries whose v2 API is read over plain HTTP (loopback registries always are, as the engine does)",
  },
  readOnly: {
    env: "DOCKER_READ_ONLY",
    schema: flagSetting().default(false),
    description: "true hides every tool that builds, tags, pushes or removes",
  },
};

export type DockerSettings = typeof settings;
