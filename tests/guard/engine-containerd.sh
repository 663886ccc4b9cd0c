#!/bin/sh
# containerd with oci-guard as the runc binary (ctr run --runc-binary), on a
# containerd of the test's own (its config, root, state and sockets) and
# the native snapshotter (no mounts to leave behind).
. "$(dirname "$0")/engine-lib.sh"

command -v containerd >/dev/null || skip_all "containerd is not installed"
command -v ctr >/dev/null || skip_all "ctr is not installed"
command -v runc >/dev/null || skip_all "runc is not installed"
make_tmp containerd
CG=$(cgroup_name)
C="ctr -a $T/c.sock -n $CG"
IMAGE=docker.io/library/guardtest:latest

cleanup_hook () { stop_daemon "$T/containerd.pid"; }

# an OCI image layout around the test image's layer, for `ctr images import`
blob ()
{
  h=$(sha256sum "$1" | cut -d' ' -f1)
  cp "$1" "$T/oci/blobs/sha256/$h"
  echo "$h"
}
mkdir -p "$T/oci/blobs/sha256"
layer=$(blob "$T/img.tar")
printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$layer" > "$T/config.json"
config=$(blob "$T/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
  "$config" "$(stat -c %s "$T/config.json")" "$layer" "$(stat -c %s "$T/img.tar")" > "$T/manifest.json"
manifest=$(blob "$T/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s"}}]}' \
  "$manifest" "$(stat -c %s "$T/manifest.json")" "$IMAGE" > "$T/oci/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' > "$T/oci/oci-layout"
tar -C "$T/oci" -cf "$T/image-oci.tar" .

cat > "$T/config.toml" <<TOML
version = 2
root = "$T/root"
state = "$T/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.aufs",
                    "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
                    "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$T/c.sock"
[ttrpc]
  address = "$T/c.ttrpc.sock"
[debug]
  address = ""
[metrics]
  address = ""
TOML
containerd --config "$T/config.toml" >"$T/containerd.log" 2>&1 &
echo $! > "$T/containerd.pid"
if ! wait_daemon "$(cat "$T/containerd.pid")" $C version; then
  skip_all "containerd cannot start here: $(tail -n 1 "$T/containerd.log")"
fi
$C images import --snapshotter native "$T/image-oci.tar" >/dev/null 2>&1 || not_ok "/guard/containerd/import"
# FIFOs and runc's state in the test's folder, not under /run/containerd
mkdir -p "$T/fifo" "$T/runc-root"
RUN="run --snapshotter native --runc-binary $T/guard-wrap --fifo-dir $T/fifo --runc-root $T/runc-root"

run_status "$T/out" $C $RUN --rm "$IMAGE" og-1 sh -c 'exit 7'
check "/guard/containerd/compliant-exit-status" test "$status" = 7
check "/guard/containerd/compliant-recorded" last_record_has '"command":"create"' '"verdict":"allow"'

run_status "$T/out" $C $RUN --rm --cwd rel "$IMAGE" og-2 true
check "/guard/containerd/must-refused" test "$status" -ne 0
check "/guard/containerd/must-message" grep -q "oci-guard: refused container og-2: base.process.cwd.absolute (MUST) at /process/cwd" "$T/out"

run_status "$T/out" $C $RUN --rm --cap-add CAP_SYS_ADMIN "$IMAGE" og-3 true
check "/guard/containerd/vendor-refused" test "$status" -ne 0
check "/guard/containerd/vendor-message" grep -q "guardtest.no-sys-admin (MUST)" "$T/out"
$C containers rm og-2 og-3 >/dev/null 2>&1
check "/guard/containerd/nothing-half-created" test -z "$($C tasks ls -q)"

policy audit
run_status "$T/out" $C $RUN --rm --cap-add CAP_SYS_ADMIN "$IMAGE" og-4 sh -c 'exit 3'
check "/guard/containerd/audit-runs" test "$status" = 3
check "/guard/containerd/audit-recorded" last_record_has '"verdict":"audit"' 'guardtest.no-sys-admin'
policy enforce

# exec, kill, stop (kill, then delete the task) and rm through the guard
$C $RUN -d "$IMAGE" og-5 sleep 60 >/dev/null 2>&1
run_status /dev/null $C tasks exec --exec-id e1 og-5 sh -c 'exit 4'
check "/guard/containerd/exec-status" test "$status" = 4
check "/guard/containerd/exec-through-guard" called exec
check "/guard/containerd/kill" $C tasks kill -s KILL og-5
check "/guard/containerd/kill-through-guard" called kill
for _ in $(seq 50); do
  $C tasks ls | grep -q "og-5.*STOPPED" && break
  sleep 0.1
done
check "/guard/containerd/stop" $C tasks delete og-5
check "/guard/containerd/rm" $C containers rm og-5
check "/guard/containerd/delete-through-guard" called delete

# the decision server deciding for the guard
if serve_guard containerd; then
  run_status "$T/out" $C $RUN --rm "$IMAGE" og-6 sh -c 'exit 4'
  check "/guard/containerd/served-exit-status" test "$status" = 4
  check "/guard/containerd/served-recorded" last_record_has '"verdict":"allow"' '"server":true'
  run_status "$T/out" $C $RUN --rm --cwd rel "$IMAGE" og-7 true
  check "/guard/containerd/served-must-refused" test "$status" -ne 0
  check "/guard/containerd/served-must-message" grep -q "oci-guard: refused container og-7: base.process.cwd.absolute (MUST) at /process/cwd" "$T/out"
  check "/guard/containerd/served-must-recorded" last_record_has '"verdict":"deny"' '"server":true'
fi
unserve_guard

for c in $($C containers ls -q); do
  $C tasks kill -s KILL "$c" >/dev/null 2>&1
  $C tasks delete -f "$c" >/dev/null 2>&1
  $C containers rm "$c" >/dev/null 2>&1
done
check "/guard/containerd/no-containers-left" test -z "$($C containers ls -q)"
$C images rm "$IMAGE" >/dev/null 2>&1
stop_daemon "$T/containerd.pid"
check "/guard/containerd/no-shims-left" test -z "$(pgrep -f "containerd-shim-runc-v2 .*-address $T/")"
check "/guard/containerd/no-cgroups-left" remove_cgroups "$CG"
remove_tmp containerd
finish
