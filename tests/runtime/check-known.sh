#!/bin/sh
# check-known.sh — runs the whole runtime suite against one runtime and
# fails on any `not ok` that docs/runtime-results.md does not list as a
# known deviation of that runtime. This is the CI step of issue 6 (run it
# once for runc, crun and runsc, as root).
#
#   tests/runtime/check-known.sh [--build DIR] RUNTIME [runtime-validate options…]
#
# The TAP goes to stdout (known deviations carry a TODO directive, so
# `prove` and meson accept them); the exit status is 0 when every failure
# is known, 1 when one is not, 2 when the suite could not run.
#
# crun refuses a hybrid cgroup host whose unified hierarchy holds a
# controller ("cgroups in hybrid mode not supported"). Debian's hybrid
# hosts put hugetlb there; this script moves it to a v1 hierarchy of its
# own first (mount -t cgroup -o hugetlb cgroup /run/ort-hugetlb), which
# leaves the unified hierarchy without controllers. The mount stays, as
# it would on a host set up for crun.
#
# SPDX-License-Identifier: Apache-2.0
set -eu
cd "$(dirname "$0")/../.."
build=${OCI_BUILD_DIR:-build-tests}
if [ "${1:-}" = "--build" ]; then
  build=$2
  shift 2
fi
runtime=${1:?usage: check-known.sh [--build DIR] RUNTIME [options]}
shift

# What the host cannot do is a skip with its reason, never a failure.
if [ "$(id -u)" != 0 ]; then
  echo "1..0 # SKIP runtime compliance needs root"; exit 0
fi
if ! command -v "$runtime" >/dev/null 2>&1; then
  echo "1..0 # SKIP $runtime is not installed"; exit 0
fi

# gVisor runs containers only where its platform can start a sandbox:
# try one (`runsc do`, its own state root in a temporary folder).
if [ "$(basename "$runtime")" = runsc ]; then
  tmp=$(mktemp -d)
  # Never the inherited stdin (/dev/null under meson): runsc chowns its
  # stdio to the sandbox's user (65534), and would chown the host's
  # /dev/null. An empty file of our own instead.
  : > "$tmp/stdin"
  if ! out=$("$runtime" --network=none --root "$tmp/state" do /bin/true < "$tmp/stdin" 2>&1); then
    rm -rf "$tmp"
    echo "1..0 # SKIP runsc cannot start a sandbox here: $(printf '%s' "$out" | tail -n 1)"
    exit 0
  fi
  rm -rf "$tmp"
fi

unified=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") print $5; break } }' /proc/self/mountinfo | head -n 1)
if [ -n "$unified" ] && [ "$unified" != /sys/fs/cgroup ] && grep -qw hugetlb "$unified/cgroup.controllers" 2>/dev/null; then
  mkdir -p /run/ort-hugetlb
  mountpoint -q /run/ort-hugetlb || mount -t cgroup -o hugetlb cgroup /run/ort-hugetlb
fi

exec "$build/cli/oci-runtime-tool" runtime-validate --runtime "$runtime" \
  --known-failures docs/runtime-results.md "$@"
