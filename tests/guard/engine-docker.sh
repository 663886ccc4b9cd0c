#!/bin/sh
# Docker with oci-guard as a runtime (daemon.json "runtimes"), on a dockerd
# of the test's own: its data root, exec root, socket, pid file; no
# bridge, no iptables; stopped and removed at the end.
. "$(dirname "$0")/engine-lib.sh"

command -v dockerd >/dev/null || skip_all "dockerd is not installed"
command -v runc >/dev/null || skip_all "runc is not installed"
make_tmp docker
D="docker -H unix://$T/docker.sock"
CG=$(cgroup_name)
cleanup_hook () { stop_daemon "$T/docker.pid"; }

cat > "$T/daemon.json" <<JSON
{
  "runtimes": {
    "guard": { "path": "$T/guard-wrap" }
  }
}
JSON
dockerd --config-file "$T/daemon.json" --data-root "$T/data" --exec-root "$T/exec" \
  --pidfile "$T/docker.pid" -H "unix://$T/docker.sock" --iptables=false --ip6tables=false \
  --bridge=none --storage-driver vfs --exec-opt native.cgroupdriver=cgroupfs --cgroup-parent "/$CG" \
  >"$T/dockerd.log" 2>&1 &
if ! wait_daemon $! $D info; then
  skip_all "dockerd cannot start here: $(tail -n 1 "$T/dockerd.log")"
fi
$D import "$T/img.tar" guardtest >/dev/null 2>&1 || not_ok "/guard/docker/import"

docker_like docker "$D" "run --runtime guard --network none"

# the decision server deciding for the guard; the refusal reaches docker
# through the runtime log the shim names (--log), which the server writes
if serve_guard docker; then
  run_status "$T/out" $D run --runtime guard --network none --rm guardtest sh -c 'exit 4'
  check "/guard/docker/served-exit-status" test "$status" = 4
  check "/guard/docker/served-recorded" last_record_has '"verdict":"allow"' '"server":true'
  run_status "$T/out" $D run --runtime guard --network none --rm --cap-add SYS_ADMIN guardtest true
  check "/guard/docker/served-vendor-refused" test "$status" -ne 0
  check "/guard/docker/served-vendor-message" grep -q "guardtest.no-sys-admin (MUST)" "$T/out"
  check "/guard/docker/served-vendor-recorded" last_record_has '"verdict":"deny"' '"server":true'
  check "/guard/docker/served-nothing-half-created" test -z "$($D ps -aq)"
fi
unserve_guard

$D rmi -f guardtest >/dev/null 2>&1
stop_daemon "$T/docker.pid"
check "/guard/docker/daemon-stopped" test -z "$(pgrep -f "dockerd --config-file $T/")"
check "/guard/docker/no-cgroups-left" remove_cgroups "$CG"
remove_tmp docker
finish
