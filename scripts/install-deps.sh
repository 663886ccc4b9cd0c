#!/bin/sh
# Installs, from Debian 12's archive, what oci-runtime-tools needs to build,
# test and benchmark. Run as root (or with sudo).
set -eu
packages="meson ninja-build pkg-config gcc g++ make libglib2.0-dev libjson-glib-dev libcap-dev
libseccomp-dev json-schema-test-suite libxml2-utils perl runc crun runsc busybox-static
clang libclang-rt-14-dev valgrind hyperfine iproute2 util-linux gtk-doc-tools groff-base man-db
podman docker.io containerd"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi
