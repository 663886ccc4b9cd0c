#!/bin/sh
# Installs oci-runtime-tools into a temporary prefix, builds the example
# vendor plugins there (C and C++) with nothing but pkg-config and their
# Makefile, without a warning, and checks what a vendor relies on:
# `validate --plugin-dir` reports the plugins' requirements, their
# metadata, settings (file, --plugin-option), and the JSON of `plugins`
# and `requirements`. Prints TAP.
set -u
build=$1
source=$2
tmp=$(mktemp -d /tmp/ort-sdk-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "not ok $1 - $2"; echo "# $3"; exit 1; }

echo "1..14"
meson install -C "$build" --no-rebuild --destdir "$tmp/root" >"$tmp/install.log" 2>&1 \
  || fail 1 "install into a temporary prefix" "$(tail -5 "$tmp/install.log")"
if command -v gtkdoc-scan >/dev/null; then
  ref=$(find "$tmp/root" -path '*/share/doc/oci-runtime-tools/html/oci-runtime-tools-oci-plugin.html')
  [ -n "$ref" ] || fail 1 "the API reference is installed under share/doc" "$(find "$tmp/root" -path '*share/doc*' | head)"
  grep -q 'oci_plugin_get_setting_int' "$ref" || fail 1 "the API reference documents the plugin API" "$ref"
fi
echo "ok 1 - install into a temporary prefix (with the API reference under share/doc)"

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
[ -f "$tmp/example/example.so" ] && [ -f "$tmp/example/examplecxx.so" ] \
  || fail 2 "build the example plugins" "$(cat "$tmp/make.log")"
echo "ok 2 - build the example plugins (C and C++) with pkg-config only"

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
# Settings come from this folder only, not from the host's.
mkdir -p "$tmp/settings"
export OCI_RUNTIME_TOOLS_SETTINGS_PATH="$tmp/settings"
export LD_LIBRARY_PATH="$lib" OCI_RUNTIME_TOOLS_PLUGIN_PATH="$plugins"
run() { "$tool" --plugin-dir "$tmp/example" "$@"; }
run validate --path "$tmp/bundle" >"$tmp/out" 2>&1
status=$?
[ $status -eq 1 ] || fail 3 "the vendor requirement fails a config without the annotation" "exit $status: $(cat "$tmp/out")"
grep -q 'example.owner (MUST)' "$tmp/out" || fail 3 "the vendor requirement is reported" "$(cat "$tmp/out")"
echo "ok 3 - the vendor plugin's requirement example.owner is reported"

sed -i 's|"root": {"path": "rootfs"}}|"root": {"path": "rootfs"}, "annotations": {"com.example.owner": "ops"}}|' "$tmp/bundle/config.json"
run validate --path "$tmp/bundle" --format tap >"$tmp/out" 2>&1 \
  || fail 4 "a config with the annotation passes" "$(cat "$tmp/out")"
grep -q '^ok [0-9]* - example.owner' "$tmp/out" || fail 4 "the vendor check passes" "$(cat "$tmp/out")"
echo "ok 4 - with the annotation the vendor check passes"

if grep -q 'warning:' "$tmp/make.log"; then fail 5 "the examples build without warnings" "$(grep 'warning:' "$tmp/make.log")"; fi
[ "$(make -s -C "$tmp/example" abi)" = "1" ] || fail 5 "the .pc file exports abi_version" "$(make -s -C "$tmp/example" abi)"
echo "ok 5 - no compiler warning; pkg-config --variable=abi_version says 1"

run plugins example >"$tmp/out" 2>&1 || fail 6 "plugins example" "$(cat "$tmp/out")"
for want in 'version         1.0.0' 'licence         Apache-2.0' 'vendor          Example Corp.' \
            'setting example.annotation = com.example.owner (string, from default)' \
            'checker example.inside.owner' 'posts example.owner' 'option  --example-owner NAME' \
            'runtime case example.owner-env'; do
  grep -qF "$want" "$tmp/out" || fail 6 "plugins example shows '$want'" "$(cat "$tmp/out")"
done
run plugins nosuch >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "no active plugin named 'nosuch'" "$tmp/out" || fail 6 "plugins NAME of no plugin" "$(cat "$tmp/out")"
echo "ok 6 - plugins example shows metadata, settings, checkers, options and runtime cases"

run plugins --format json >"$tmp/plugins.json" 2>"$tmp/err" || fail 7 "plugins --format json" "$(cat "$tmp/err")"
python3 - "$tmp/plugins.json" <<'PY' || fail 7 "plugins --format json" "$(head -c 2000 "$tmp/plugins.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == 1 and doc["pluginAbi"] == 1, doc
byname = {p["name"]: p for p in doc["plugins"]}
assert byname["example"]["version"] == "1.0.0" and byname["example"]["license"] == "Apache-2.0"
assert byname["examplecxx"]["vendor"] == "Example Corp."
assert byname["base"]["license"] == "Apache-2.0" and byname["base"]["version"] == doc["toolVersion"]
assert [c["requirements"] for c in byname["example"]["checkers"]] == [["example.owner"], ["example.inside.owner"]]
assert byname["example"]["settings"][1] == {"key": "require-owner", "type": "boolean", "default": "true",
    "value": "true", "source": "default", "help": "whether a config without an owner fails (else: skipped)"}
assert byname["example"]["runtimeCases"][0]["id"] == "example.owner-env"
PY
echo "ok 7 - plugins --format json is a versioned document with metadata, settings and parts"

sed -i 's|, "annotations": {"com.example.owner": "ops"}}|}|' "$tmp/bundle/config.json"
run --plugin-option example.require-owner=false validate --path "$tmp/bundle" --format tap >"$tmp/out" 2>&1 \
  || fail 8 "--plugin-option turns the rule into a skip" "$(cat "$tmp/out")"
grep -q '^ok [0-9]* - example.owner.*# SKIP' "$tmp/out" || fail 8 "--plugin-option example.require-owner=false" "$(cat "$tmp/out")"
echo "ok 8 - --plugin-option example.require-owner=false skips instead of failing"

printf '[example]\nannotation = org.acme.owner\n' >"$tmp/settings/example.conf"
sed -i 's|"root": {"path": "rootfs"}}|"root": {"path": "rootfs"}, "annotations": {"org.acme.owner": "ops"}}|' "$tmp/bundle/config.json"
run validate --path "$tmp/bundle" >"$tmp/out" 2>&1 || fail 9 "a settings file changes the annotation" "$(cat "$tmp/out")"
run plugins example | grep -qF "setting example.annotation = org.acme.owner (string, from $tmp/settings/example.conf)" \
  || fail 9 "plugins shows the value from the file" "$(run plugins example)"
echo "ok 9 - the settings file example.conf sets the annotation; plugins shows it and its file"

printf '[example]\nanotation = typo\n' >"$tmp/settings/example.conf"
run validate --path "$tmp/bundle" >"$tmp/out" 2>&1
grep -q "setting 'example.anotation' (from $tmp/settings/example.conf) is unknown" "$tmp/out" \
  || fail 10 "an unknown key is a warning" "$(cat "$tmp/out")"
[ "$(grep -c 'warning:' "$tmp/out")" = 1 ] || fail 10 "one warning" "$(cat "$tmp/out")"
rm "$tmp/settings/example.conf"
echo "ok 10 - an unknown settings key gives one warning naming it and its file"

cat >"$tmp/bundle/config.json" <<JSON
{"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
 "root": {"path": "rootfs"}, "annotations": {"com.example.owner": "ops"},
 "linux": {"resources": {"memory": {"limit": 1073741824}}}}
JSON
run --plugin-option examplecxx.memory-limit-mib=64 --compliance-level should validate --path "$tmp/bundle" \
  --platform linux --format tap >"$tmp/out" 2>&1
status=$?
[ $status -eq 1 ] && grep -q '^not ok [0-9]* - examplecxx.memory' "$tmp/out" \
  || fail 11 "the C++ plugin reads its setting" "exit $status: $(cat "$tmp/out")"
run --plugin-option examplecxx.memory-limit-mib=2048 --compliance-level should validate --path "$tmp/bundle" \
  --platform linux --format tap >"$tmp/out" 2>&1 || fail 11 "within the limit" "$(cat "$tmp/out")"
echo "ok 11 - the C++ plugin loads and checks the limit its setting gives"

run requirements --area 'example*' --format json >"$tmp/req.json" 2>"$tmp/err" || fail 12 "requirements --format json" "$(cat "$tmp/err")"
python3 - "$tmp/req.json" <<'PY' || fail 12 "requirements --format json" "$(cat "$tmp/req.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == 1
rows = {r["id"]: r for r in doc["requirements"]}
assert set(rows) == {"example.owner", "example.inside.owner", "examplecxx.memory"}, rows
assert rows["example.owner"]["url"] == "https://example.com/container-policy.html#owner"
assert rows["example.owner"]["since"] is None and rows["example.owner"]["plugin"] == "example"
PY
echo "ok 12 - requirements --format json: vendor rows link to the vendor's page, without a release"

run validate --path "$tmp/bundle" --platform linux --format json >"$tmp/out.json" 2>"$tmp/err"
python3 - "$tmp/out.json" <<'PY' || fail 13 "JSON results name plugin and version" "$(head -c 3000 "$tmp/out.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
results = [r for s in doc["subjects"] for r in s["results"]] if "subjects" in doc else None
if results is None:
    def walk(x):
        if isinstance(x, dict):
            if "status" in x and "checker" in x:
                yield x
            for v in x.values():
                yield from walk(v)
        elif isinstance(x, list):
            for v in x:
                yield from walk(v)
    results = list(walk(doc))
mine = [r for r in results if r.get("checker", "").startswith("example.")]
assert mine and all(r["plugin"] == "example" and r["pluginVersion"] == "1.0.0" for r in mine), mine
base = [r for r in results if r.get("checker", "").startswith("base.")]
assert base and all(r["plugin"] == "base" for r in base), base
PY
run validate --path "$tmp/bundle" --platform linux --format junit >"$tmp/out.xml" 2>"$tmp/err"
grep -q '<property name="plugin" value="example"/>' "$tmp/out.xml" \
  && grep -q '<property name="plugin-version" value="1.0.0"/>' "$tmp/out.xml" \
  || fail 13 "JUnit results name plugin and version" "$(head -c 3000 "$tmp/out.xml")"
echo "ok 13 - JSON and JUnit results name the plugin and its version"

# The runtime case and its inside checker, with runc, from the installed
# prefix: oci-runtimetest runs the vendor's inside checker in the container.
run runtime-validate --runtime runc --only 'example*' --no-progress --format json --work-dir "$tmp" \
  >"$tmp/rt.json" 2>"$tmp/err" || fail 14 "runtime-validate --only example*" "$(cat "$tmp/err" "$tmp/rt.json" | head -c 3000)"
python3 - "$tmp/rt.json" <<'PY' || fail 14 "the inside checker passed in the container" "$(head -c 3000 "$tmp/rt.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
def walk(x):
    if isinstance(x, dict):
        yield x
        for v in x.values():
            yield from walk(v)
    elif isinstance(x, list):
        for v in x:
            yield from walk(v)
inside = [r for r in walk(doc) if r.get("requirement") == "example.inside.owner"]
assert inside and all(r.get("status") == "pass" for r in inside), inside
PY
echo "ok 14 - runtime-validate runs the example's runtime case; its inside checker passes in the container"
