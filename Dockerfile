# syntax=docker/dockerfile:1
# The agent-mesh gateway with every first-party platform, as one image. Build from the repo root:
#   docker build -t agent-mesh .
# Run with mesh.yaml and mesh.lock mounted read-only, a read-only root filesystem, and the two
# writable volumes declared below (docs/deploy.md).

ARG NODE_IMAGE=node:22.12.0-bookworm-slim

# ---- build: the whole workspace, then only the gateway's production files -------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
RUN corepack enable && corepack prepare pnpm@10.34.8 --activate
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm --filter @agent-mesh/gateway... build \
 && pnpm --filter @agent-mesh/gateway deploy --prod --legacy /out

# ---- runtime: node and the gateway, nothing else --------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    AGENT_MESH_HOME=/data \
    AGENT_MESH_LOG_LEVEL=info \
    TMPDIR=/tmp
WORKDIR /app
COPY --from=build --chown=root:root /out /app
# Writable places (everything else can be read-only): the gateway's home (embedded database,
# approvals of a single replica) and temporary files. mesh.yaml and mesh.lock go in /config.
RUN mkdir -p /data /config && chown node:node /data
VOLUME ["/data", "/tmp"]
# The image's own unprivileged user (uid 1000), never root.
USER node
EXPOSE 7420
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:7420/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/bin/agent-mesh.js"]
CMD ["start", "--config", "/config/mesh.yaml", "--host", "0.0.0.0", "--port", "7420", "--no-watch"]
