#!/usr/bin/env bash
# Starts a real Docker engine (Debian's docker.io) and a real Registry v2 server (Debian's
# docker-registry) on this machine, for the mcp-docker tests, without systemd and without touching
# the host's network: dockerd listens on a unix socket in a temporary folder, with no bridge and no
# iptables; the registry listens on a free loopback port.
#
# Writes the environment the tests read to $AGENT_MESH_DOCKER_DIR/env (default
# /tmp/agent-mesh-docker/env):
#   DOCKER_HOST=unix:///tmp/agent-mesh-docker/docker.sock
#   AGENT_MESH_DOCKER_REGISTRY=127.0.0.1:<port>
#   AGENT_MESH_DOCKER_BASE_IMAGE=agent-mesh/busybox:local   (a rootfs from busybox-static)
# Idempotent: when both are already up and answering, it only prints the file.
# Stop everything with scripts/ci/docker-down.sh.
set -euo pipefail

dir="${AGENT_MESH_DOCKER_DIR:-/tmp/agent-mesh-docker}"
env_file="$dir/env"
sock="$dir/docker.sock"
mkdir -p "$dir"

log() { printf 'docker-up: %s\n' "$*" >&2; }

engine_answers() { curl -fsS --max-time 5 --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1; }
registry_answers() { curl -fsS --max-time 5 "http://$1/v2/" >/dev/null 2>&1; }

if [ -f "$env_file" ]; then
  # shellcheck disable=SC1090
  . "$env_file"
  if engine_answers && registry_answers "$AGENT_MESH_DOCKER_REGISTRY"; then
    log "already running ($env_file)"
    cat "$env_file"
    exit 0
  fi
fi

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-registry >/dev/null || missing+=(docker-registry)
[ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || missing+=(busybox-static)
command -v curl >/dev/null || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's packages start their services where systemd or sysvinit runs; ours are separate.

wait_for() { # what, seconds, command...
  local what=$1 seconds=$2 i
  shift 2
  for ((i = 0; i < seconds * 10; i++)); do
    "$@" && return 0
    sleep 0.1
  done
  log "$what did not answer within ${seconds}s"
  return 1
}

start_engine() { # storage driver
  rm -f "$sock" "$dir/dockerd.pid"
  mkdir -p "$dir/data" "$dir/exec"
  setsid dockerd \
    --host="unix://$sock" \
    --data-root="$dir/data" \
    --exec-root="$dir/exec" \
    --pidfile="$dir/dockerd.pid" \
    --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
    --bridge=none \
    --storage-driver="$1" \
    >"$dir/dockerd.log" 2>&1 </dev/null &
  echo $! >"$dir/dockerd.launcher.pid"
  wait_for "dockerd ($1)" 60 engine_answers
}

stop_engine() {
  local pid
  pid=$(cat "$dir/dockerd.launcher.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}

if ! engine_answers; then
  if ! start_engine overlay2; then
    log "overlay2 refused; trying vfs ($(tail -n 3 "$dir/dockerd.log" | tr '\n' ' '))"
    stop_engine
    rm -rf "$dir/data"
    start_engine vfs || {
      tail -n 30 "$dir/dockerd.log" >&2
      exit 1
    }
  fi
fi
driver=$(curl -fsS --unix-socket "$sock" http://localhost/info | grep -o '"Driver":"[^"]*"' | head -1 || true)
log "dockerd answers on $sock ($driver)"

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

registry="${AGENT_MESH_DOCKER_REGISTRY:-}"
if [ -z "$registry" ] || ! registry_answers "$registry"; then
  port=$(free_port)
  registry="127.0.0.1:$port"
  mkdir -p "$dir/registry"
  cat >"$dir/registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/registry
  delete:
    enabled: true
http:
  addr: $registry
YAML
  setsid docker-registry serve "$dir/registry.yml" >"$dir/registry.log" 2>&1 </dev/null &
  echo $! >"$dir/registry.pid"
  wait_for "docker-registry" 30 registry_answers "$registry" || {
    tail -n 30 "$dir/registry.log" >&2
    exit 1
  }
fi
log "registry answers on http://$registry"

# A base image with a shell, since nothing can be pulled from a hub: the static busybox as a
# root filesystem, imported with the Engine API (POST /images/create?fromSrc=-).
base="agent-mesh/busybox:local"
if ! curl -fsS --unix-socket "$sock" "http://localhost/images/$base/json" >/dev/null 2>&1; then
  rootfs="$dir/rootfs"
  rm -rf "$rootfs" && mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc"
  busybox=$(command -v busybox)
  cp "$busybox" "$rootfs/bin/busybox"
  for applet in sh ls cat echo mkdir touch true; do ln -s busybox "$rootfs/bin/$applet"; done
  echo "root:x:0:0:root:/:/bin/sh" >"$rootfs/etc/passwd"
  tar -C "$rootfs" -cf "$dir/rootfs.tar" .
  curl -fsS --unix-socket "$sock" -X POST -H 'content-type: application/x-tar' \
    --data-binary "@$dir/rootfs.tar" \
    "http://localhost/images/create?fromSrc=-&repo=agent-mesh/busybox&tag=local" >/dev/null
  rm -rf "$rootfs" "$dir/rootfs.tar"
fi

cat >"$env_file" <<ENV
DOCKER_HOST=unix://$sock
AGENT_MESH_DOCKER_REGISTRY=$registry
AGENT_MESH_DOCKER_BASE_IMAGE=$base
ENV
log "wrote $env_file"
cat "$env_file"
