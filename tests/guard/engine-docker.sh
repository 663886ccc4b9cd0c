#!/bin/sh
# Docker with oci-guard as a runtime (daemon.json "runtimes"), on a dockerd
# of the test's own: its data root, exec root, socket, pid file; no
# bridge, no iptables; stopped and removed at the end.
. "$(dirname "$0")/engine-lib.sh"

command -v dockerd >/dev/null || skip_all "dockerd is not installed"
command -v runc >/dev/null || skip_all "runc is not installed"
make_tmp docker
D="docker -H unix://$T/docker.sock"

stop_dockerd ()
{
  [ -f "$T/docker.pid" ] || return 0
  pid=$(cat "$T/docker.pid")
  kill "$pid" 2>/dev/null
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null
}
cleanup_hook () { stop_dockerd; }

cat > "$T/daemon.json" <<JSON
{
  "runtimes": {
    "guard": { "path": "$T/guard-wrap" }
  }
}
JSON
dockerd --config-file "$T/daemon.json" --data-root "$T/data" --exec-root "$T/exec" \
  --pidfile "$T/docker.pid" -H "unix://$T/docker.sock" --iptables=false --ip6tables=false \
  --bridge=none --storage-driver vfs --exec-opt native.cgroupdriver=cgroupfs \
  >"$T/dockerd.log" 2>&1 &
for _ in $(seq 100); do
  $D info >/dev/null 2>&1 && break
  kill -0 $! 2>/dev/null || break
  sleep 0.1
done
if ! $D info >/dev/null 2>&1; then
  reason=$(tail -n 1 "$T/dockerd.log")
  stop_dockerd
  skip_all "dockerd cannot start here: $reason"
fi
$D import "$T/img.tar" guardtest >/dev/null 2>&1 || not_ok "/guard/docker/import"
RUN="run --runtime guard --network none"

$D $RUN --rm guardtest sh -c 'exit 7' >"$T/out" 2>&1
status=$?
check "/guard/docker/compliant-exit-status" test "$status" = 7
check "/guard/docker/compliant-recorded" last_record_has '"command":"create"' '"verdict":"allow"'

$D $RUN --rm --hostname "$long_hostname" guardtest true >"$T/out" 2>&1
status=$?
check "/guard/docker/must-refused" test "$status" -ne 0
check "/guard/docker/must-message" grep -q "oci-guard: refused container .*base.hostname.length (MUST) at /hostname" "$T/out"

$D $RUN --rm --cap-add SYS_ADMIN guardtest true >"$T/out" 2>&1
status=$?
check "/guard/docker/vendor-refused" test "$status" -ne 0
check "/guard/docker/vendor-message" grep -q "guardtest.no-sys-admin (MUST)" "$T/out"
check "/guard/docker/nothing-half-created" test -z "$($D ps -aq)"

policy audit
$D $RUN --rm --cap-add SYS_ADMIN guardtest sh -c 'exit 3' >"$T/out" 2>&1
status=$?
check "/guard/docker/audit-runs" test "$status" = 3
check "/guard/docker/audit-recorded" last_record_has '"verdict":"audit"' 'guardtest.no-sys-admin'
policy enforce

$D $RUN -d --name og-a guardtest sleep 60 >/dev/null 2>&1
$D exec og-a sh -c 'exit 4' >/dev/null 2>&1
status=$?
check "/guard/docker/exec-status" test "$status" = 4
check "/guard/docker/exec-through-guard" grep -q " exec " "$T/calls"
check "/guard/docker/stop" $D stop -t 1 og-a
check "/guard/docker/rm" $D rm og-a
$D $RUN -d --name og-b guardtest sleep 60 >/dev/null 2>&1
check "/guard/docker/kill" $D kill og-b
check "/guard/docker/kill-through-guard" grep -q " kill " "$T/calls"
$D rm -f og-b >/dev/null 2>&1
check "/guard/docker/delete-through-guard" grep -q " delete " "$T/calls"

$D ps -aq | xargs -r $D rm -f >/dev/null 2>&1
check "/guard/docker/no-containers-left" test -z "$($D ps -aq)"
$D rmi -f guardtest >/dev/null 2>&1
stop_dockerd
check "/guard/docker/daemon-stopped" test ! -e "$T/docker.pid"
remove_tmp docker
finish
