#!/usr/bin/env bash
# Build the sandbox image on a machine without a container registry:
#   1. debootstrap a minimal Debian with python3 from the mirror in this machine's apt sources,
#   2. `docker import` it as the base image,
#   3. build sandbox/Dockerfile on top of it (BASE=that image).
# Usage: sandbox/build-image.sh [IMAGE]   (default codegen-rlhf-sandbox:latest)
set -euo pipefail
IMAGE=${1:-${CODEGEN_SANDBOX_IMAGE:-codegen-rlhf-sandbox:latest}}
BASE=codegen-rlhf-sandbox-base:latest
here=$(cd "$(dirname "$0")" && pwd)

# The first Debian mirror and suite configured for apt (deb822 .sources files or one-line sources.list).
mirror=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -1 || true)
if [ -z "$mirror" ]; then
  mirror=$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -v -- '-security' | head -1 || true)
fi
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
[ -n "$mirror" ] || { echo "build-image: no Debian mirror found in /etc/apt/sources*" >&2; exit 1; }

if ! docker image inspect "$BASE" >/dev/null 2>&1; then
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  echo "build-image: debootstrap $suite from $mirror"
  debootstrap --variant=minbase --include=python3 "$suite" "$rootfs" "$mirror" >/dev/null
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  tar -C "$rootfs" -c . | docker import - "$BASE" >/dev/null
fi
docker build -q --build-arg BASE="$BASE" -t "$IMAGE" "$here" >/dev/null
echo "build-image: built $IMAGE"
