#!/bin/sh
# validate and generate under valgrind memcheck: no memory error and no
# definitely lost block. Prints TAP; skips (with the reason) when valgrind
# is missing or the build is sanitized (the two do not mix).
set -u
cli=$1
data=$2
if ! command -v valgrind >/dev/null 2>&1; then
  echo "1..0 # SKIP valgrind is not installed"; exit 0
fi
if nm -D "$cli" 2>/dev/null | grep -q __asan_init; then
  echo "1..0 # SKIP the build uses AddressSanitizer"; exit 0
fi
tmp=$(mktemp -d /tmp/ort-vg-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/good/rootfs" "$tmp/bad/rootfs"
cp "$data/config/base/y_minimal.json" "$tmp/good/config.json"
cp "$data/config/base/n_cwd_relative.json" "$tmp/bad/config.json"
printf '{"ociVersion": "1.0.0",\n "process": {"cwd": 5' > "$tmp/broken.json"
mkdir -p "$tmp/broken"; cp "$tmp/broken.json" "$tmp/broken/config.json"

n=0
status=0
check() {
  name=$1; shift
  n=$((n + 1))
  G_DEBUG=gc-friendly valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --error-exitcode=99 --log-file="$tmp/vg.log" "$cli" "$@" >/dev/null 2>&1
  rc=$?
  if [ $rc -eq 99 ] || grep -q "ERROR SUMMARY: [1-9]\|definitely lost: [1-9]\|Invalid \|uninitialised" "$tmp/vg.log"; then
    echo "not ok $n - $name"; sed 's/^/# /' "$tmp/vg.log" | head -40; status=1
  else
    echo "ok $n - $name (exit $rc)"
  fi
}
echo "1..8"
check "validate a good bundle" validate --path "$tmp/good"
check "validate a bad bundle, tap" validate --path "$tmp/bad" --format tap
check "validate two bundles, json" validate --path "$tmp/good" --path "$tmp/bad" --format json
check "validate an unparsable bundle, junit" validate --path "$tmp/broken" --format junit
check "validate with --host-specific" --host-specific validate --path "$tmp/good"
check "generate the default config" generate --output "$tmp/gen.json"
check "generate with options" generate --hostname x --process-cwd /srv --output "$tmp/gen2.json"
check "generate with a bad option value" generate --process-uid nope
exit $status
