#!/usr/bin/env bash
# CI: install Docker, start the engine if it is not running, build the sandbox image unless it exists.
# Exits 0 when the engine is up and the image is present; non-zero (with a message) otherwise, in which case
# the docker-marked tests skip with a visible reason.
set -uo pipefail
IMAGE=${CODEGEN_SANDBOX_IMAGE:-codegen-rlhf-sandbox:latest}
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  # Sandbox containers use no network: no bridge or iptables needed (they are often unavailable in CI VMs).
  nohup dockerd --bridge=none --iptables=false >/var/log/codegen-dockerd.log 2>&1 &
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
fi
if ! docker info >/dev/null 2>&1; then
  echo "ci-setup: the Docker engine did not start (see /var/log/codegen-dockerd.log)" >&2
  exit 1
fi
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "ci-setup: $IMAGE already built"
else
  "$here/build-image.sh" "$IMAGE" || exit 1
fi
