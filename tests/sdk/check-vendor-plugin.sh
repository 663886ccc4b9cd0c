#!/bin/sh
# Installs oci-runtime-tools into a temporary prefix, builds the example
# vendor plugin there with nothing but pkg-config, and checks that
# `validate --plugin-dir` reports the plugin's requirement. Prints TAP.
set -u
build=$1
source=$2
tmp=$(mktemp -d /tmp/ort-sdk-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "not ok $1 - $2"; echo "# $3"; exit 1; }

echo "1..4"
meson install -C "$build" --no-rebuild --destdir "$tmp/root" >"$tmp/install.log" 2>&1 \
  || fail 1 "install into a temporary prefix" "$(tail -5 "$tmp/install.log")"
echo "ok 1 - install into a temporary prefix"

pc=$(find "$tmp/root" -name oci-runtime-tools.pc | head -n 1)
[ -n "$pc" ] || fail 2 "build the example plugin" "no oci-runtime-tools.pc installed"
# The .pc names the configured prefix; point it at the temporary root
# (a sysroot would also move the system's glib headers).
mkdir -p "$tmp/pc"
prefix=$(sed -n 's/^prefix=//p' "$pc")
sed "s|^prefix=.*|prefix=$tmp/root$prefix|" "$pc" >"$tmp/pc/oci-runtime-tools.pc"
export PKG_CONFIG_PATH="$tmp/pc"
cp -r "$source/examples/vendor-plugin" "$tmp/example"
make -C "$tmp/example" >"$tmp/make.log" 2>&1 || fail 2 "build the example plugin" "$(tail -5 "$tmp/make.log")"
echo "ok 2 - build the example plugin with pkg-config only"

tool=$(find "$tmp/root" -path '*/bin/oci-runtime-tool' | head -n 1)
lib=$(dirname "$(find "$tmp/root" -name 'libocirt.so.0' | head -n 1)")
plugins=$(pkg-config --variable=pluginsdir oci-runtime-tools)
[ -d "$plugins" ] || fail 3 "installed plugins" "no plugin directory at $plugins"
mkdir -p "$tmp/bundle/rootfs"
cat >"$tmp/bundle/config.json" <<JSON
{"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
 "root": {"path": "rootfs"}}
JSON
# The installed program looks in the installed plugin folder, which lives
# under the temporary root here: point it there.
LD_LIBRARY_PATH="$lib" OCI_RUNTIME_TOOLS_PLUGIN_PATH="$plugins" \
  "$tool" --plugin-dir "$tmp/example" validate --path "$tmp/bundle" >"$tmp/out" 2>&1
status=$?
[ $status -eq 1 ] || fail 3 "the vendor requirement fails a config without the annotation" "exit $status: $(cat "$tmp/out")"
grep -q 'example.owner (MUST)' "$tmp/out" || fail 3 "the vendor requirement is reported" "$(cat "$tmp/out")"
echo "ok 3 - the vendor plugin's requirement example.owner is reported"

sed -i 's|"root": {"path": "rootfs"}}|"root": {"path": "rootfs"}, "annotations": {"com.example.owner": "ops"}}|' "$tmp/bundle/config.json"
LD_LIBRARY_PATH="$lib" OCI_RUNTIME_TOOLS_PLUGIN_PATH="$plugins" \
  "$tool" --plugin-dir "$tmp/example" validate --path "$tmp/bundle" --format tap >"$tmp/out" 2>&1 \
  || fail 4 "a config with the annotation passes" "$(cat "$tmp/out")"
grep -q '^ok [0-9]* - example.owner' "$tmp/out" || fail 4 "the vendor check passes" "$(cat "$tmp/out")"
echo "ok 4 - with the annotation the vendor check passes"
