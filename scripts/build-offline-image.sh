#!/bin/sh
# Build the magnitsky container image on a host that reaches Debian's mirror and PyPI but no
# container registry (docker.io cannot be pulled, so python:3.11-slim-bookworm is out of reach).
#
# It makes a local stand-in for that base image from Debian packages alone, then builds the
# unchanged Dockerfile on top of it:
#   1. debootstrap a minimal bookworm and import it as localhost/debian-minbase:bookworm;
#   2. build localhost/python-bookworm:3.11 from scripts/python-bookworm.Containerfile;
#   3. podman build --build-arg PYTHON_IMAGE=localhost/python-bookworm:3.11 -t $MAGNITSKY_IMAGE .
# Steps 1 and 2 are skipped when the base image already exists (REBUILD_BASE=1 redoes them).
#
# Runs as root (debootstrap, rootful podman). Settings, all optional:
#   MAGNITSKY_IMAGE     tag of the image built            (default: magnitsky)
#   DEBIAN_MIRROR       Debian mirror for bookworm        (default: http://deb.debian.org/debian)
#   EXTRA_CA_CERTS      .crt files the base image trusts besides Debian's, e.g. a TLS-inspecting
#                       proxy's CA that pip must accept to reach PyPI
#   PODMAN_FLAGS        extra options for every podman build, for hosts whose runtime needs them,
#                       e.g. "--runtime runc --ulimit nofile=16384:16384 --ulimit nproc=8192:8192"
#   REBUILD_BASE=1      rebuild the base image even if it exists
# docs/container.md tells the whole story.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
image=${MAGNITSKY_IMAGE:-magnitsky}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
flags=${PODMAN_FLAGS:-}
minbase=localhost/debian-minbase:bookworm
base=localhost/python-bookworm:3.11

if [ "${REBUILD_BASE:-0}" = 1 ] || ! podman image exists "$base"; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror"
    # The downloaded packages and package lists are not part of an image.
    rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*
    tar -C "$work/rootfs" -c . | podman import - "$minbase"
    mkdir -p "$work/context/certs"
    for cert in ${EXTRA_CA_CERTS:-}; do
        cp "$cert" "$work/context/certs/"
    done
    # shellcheck disable=SC2086 # PODMAN_FLAGS holds several options
    podman build $flags --build-arg DEBIAN_IMAGE="$minbase" --build-arg DEBIAN_MIRROR="$mirror" \
        -f "$repo/scripts/python-bookworm.Containerfile" -t "$base" "$work/context"
fi

# Docker's image format keeps the Dockerfile's HEALTHCHECK (podman's default OCI format drops it).
# shellcheck disable=SC2086
podman build $flags --format docker --build-arg PYTHON_IMAGE="$base" -t "$image" "$repo"
echo "built $image on $base; try: podman run --rm $image demo"
