#!/usr/bin/env bash
# Stops what scripts/ci/docker-up.sh started (dockerd and docker-registry, by the pids it wrote)
# and removes its folder. Safe to run when nothing is running.
set -uo pipefail

dir="${AGENT_MESH_DOCKER_DIR:-/tmp/agent-mesh-docker}"
[ -d "$dir" ] || exit 0

stop() { # pid file
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 0
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null
  for ((i = 0; i < 300; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop "$dir/registry.pid"
stop "$dir/dockerd.launcher.pid"
rm -f "$dir/env"
# dockerd unmounts its overlays when it stops; anything still mounted under the folder is left
# mounted rather than deleted through.
if grep -q " $dir/" /proc/mounts; then
  grep " $dir/" /proc/mounts | cut -d' ' -f2 | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
fi
rm -rf "$dir"
echo "docker-down: stopped and removed $dir" >&2
