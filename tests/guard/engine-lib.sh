# engine-lib.sh — what the guard's engine tests share: TAP output, a private
# temporary folder, the image's root file system, the policy, and a
# wrapper that names the policy (engines do not pass their environment on
# to the runtime they call).
#
# Sourced by engine-*.sh; OCI_TEST_GUARD and OCI_TEST_GUARD_PLUGINS come
# from meson.
set -u
tap_n=0
tap_failed=0

ok ()
{
  tap_n=$((tap_n + 1))
  echo "ok $tap_n $1"
}

not_ok ()
{
  tap_n=$((tap_n + 1))
  tap_failed=1
  echo "not ok $tap_n $1"
  shift
  for line in "$@"; do printf '# %s\n' "$line"; done
}

# check NAME COMMAND...: one TAP line from a command's status
check ()
{
  name=$1
  shift
  if "$@" >/dev/null 2>&1; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

skip_all ()
{
  echo "1..0 # SKIP $1"
  exit 0
}

finish ()
{
  echo "1..$tap_n"
  exit $tap_failed
}

# What an engine test stops before its folder goes (its daemons).
cleanup_hook () { :; }

# A short private folder: unix socket paths are limited to 108 bytes.
make_tmp ()
{
  [ "$(id -u)" = 0 ] || skip_all "the engines' tests run as root"
  [ -x /bin/busybox ] || skip_all "/bin/busybox (busybox-static) is missing: no image to make"
  T=$(mktemp -d /tmp/og-"$1".XXXXXX)
  trap 'unserve_guard; cleanup_hook; rm -rf "$T"' EXIT
  mkdir -p "$T/img/bin" "$T/plugins"
  cp /bin/busybox "$T/img/bin/busybox"
  for c in sh true sleep cat; do ln -s busybox "$T/img/bin/$c"; done
  tar -C "$T/img" -cf "$T/img.tar" .
  cp "$OCI_TEST_GUARD_PLUGINS/libguardtest.so" "$T/plugins/"
  cat > "$T/guard-wrap" <<WRAP
#!/bin/sh
echo "\$*" >> "$T/calls"
OCI_GUARD_CONFIG="$T/guard.conf"
export OCI_GUARD_CONFIG
exec "$OCI_TEST_GUARD" "\$@"
WRAP
  chmod +x "$T/guard-wrap"
  policy enforce
}

# policy MODE: the policy the wrapper names (the test vendor plugin in
# its plugin-dir, records to $T/log)
policy ()
{
  cat > "$T/guard.conf" <<CONF
[guard]
runtime=$(command -v runc)
mode=$1
plugin-dir=$T/plugins
require-plugin=guardtest
log=$T/log
CONF
}

# serve_guard NAME: the decision server (oci-guard serve) deciding for the
# guard from now on, its socket named in the policy; one TAP line if it
# cannot start. unserve_guard stops it and puts the plain policy back.
SERVER=
serve_guard ()
{
  "$OCI_TEST_GUARD" serve --socket "$T/decide.sock" >"$T/serve.out" 2>&1 &
  SERVER=$!
  printf 'server=%s\n' "$T/decide.sock" >> "$T/guard.conf"
  wait_daemon "$SERVER" test -S "$T/decide.sock" && return 0
  not_ok "/guard/$1/served-start" "oci-guard serve did not start: $(tail -n 1 "$T/serve.out")"
  return 1
}

unserve_guard ()
{
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null
    wait "$SERVER" 2>/dev/null
    SERVER=
    policy enforce
  fi
}

# last_record_has TEXT...: the last decision record holds every TEXT
last_record_has ()
{
  last=$(tail -n 1 "$T/log" 2>/dev/null)
  for t in "$@"; do
    case $last in *"$t"*) ;; *) return 1 ;; esac
  done
}

# called COMMAND: the guard was called with COMMAND (after global flags)
called ()
{
  grep -qE "(^| )$1 " "$T/calls"
}

# run_status OUT COMMAND...: runs COMMAND, output to OUT; sets $status
run_status ()
{
  out=$1
  shift
  "$@" >"$out" 2>&1
  status=$?
}

# wait_daemon PID COMMAND...: until COMMAND succeeds (10 s), or PID ends
wait_daemon ()
{
  pid=$1
  shift
  for _ in $(seq 100); do
    "$@" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  "$@" >/dev/null 2>&1
}

# stop_daemon PIDFILE: stops the daemon the test started (TERM, then KILL)
stop_daemon ()
{
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  kill "$pid" 2>/dev/null
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null
  rm -f "$1"
}

# The checks podman and Docker share (their command lines agree):
# docker_like NAME CLI RUN, where "CLI RUN … IMAGE CMD" runs a container
# through the guard.
docker_like ()
{
  n=$1 cli=$2 run=$3

  # a compliant container runs, and its exit status comes through
  run_status "$T/out" $cli $run --rm guardtest sh -c 'exit 7'
  check "/guard/$n/compliant-exit-status" test "$status" = 7
  check "/guard/$n/compliant-recorded" last_record_has '"command":"create"' '"verdict":"allow"'

  # a vendor rule (the test plugin: no CAP_SYS_ADMIN)
  run_status "$T/out" $cli $run --rm --cap-add SYS_ADMIN guardtest true
  check "/guard/$n/vendor-refused" test "$status" -ne 0
  check "/guard/$n/vendor-message" grep -q "guardtest.no-sys-admin (MUST)" "$T/out"
  check "/guard/$n/nothing-half-created" test -z "$($cli ps -aq)"

  # audit: it runs, and the record says what enforce would have refused
  policy audit
  run_status "$T/out" $cli $run --rm --cap-add SYS_ADMIN guardtest sh -c 'exit 3'
  check "/guard/$n/audit-runs" test "$status" = 3
  check "/guard/$n/audit-recorded" last_record_has '"verdict":"audit"' '"mode":"audit"' 'guardtest.no-sys-admin'
  policy enforce

  # exec, kill, stop and rm through the guard
  $cli $run -d --name og-a guardtest sleep 60 >/dev/null 2>&1
  run_status /dev/null $cli exec og-a sh -c 'exit 4'
  check "/guard/$n/exec-status" test "$status" = 4
  check "/guard/$n/exec-through-guard" called exec
  check "/guard/$n/stop" $cli stop -t 1 og-a
  check "/guard/$n/rm" $cli rm og-a
  $cli $run -d --name og-b guardtest sleep 60 >/dev/null 2>&1
  check "/guard/$n/kill" $cli kill og-b
  check "/guard/$n/kill-through-guard" called kill
  $cli wait og-b >/dev/null 2>&1
  $cli rm -f og-b >/dev/null 2>&1
  check "/guard/$n/delete-through-guard" called delete

  # nothing left behind
  $cli ps -aq | xargs -r $cli rm -f >/dev/null 2>&1
  check "/guard/$n/no-containers-left" test -z "$($cli ps -aq)"
}

# A device node of the test's own (the null device's numbers): podman
# writes its stat(2) st_mode as linux.devices[].fileMode, file-type bits
# included, which the schema of every release refuses (a MUST).
make_device ()
{
  mknod "$T/null" c 1 3 && chmod 0666 "$T/null"
}

# The cgroup the test's containers go under: a name of its own, removed at
# the end (the engines leave their parent cgroups behind).
cgroup_name ()
{
  echo "og-${T##*/}" | tr 'A-Z.' 'a-z-'
}

# remove_cgroups NAME: the empty cgroup trees NAME in every hierarchy
remove_cgroups ()
{
  for dir in /sys/fs/cgroup/"$1" /sys/fs/cgroup/*/"$1"; do
    [ -d "$dir" ] && find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
  for dir in /sys/fs/cgroup/"$1" /sys/fs/cgroup/*/"$1"; do
    [ -d "$dir" ] && return 1
  done
  return 0
}

# Nothing of the test's left mounted under $T; then $T goes.
remove_tmp ()
{
  if grep -q " $T/" /proc/self/mountinfo; then
    not_ok "/guard/$1/no-mounts-left" "$(grep " $T/" /proc/self/mountinfo)"
    grep " $T/" /proc/self/mountinfo | awk '{print $5}' | sort -r | while read -r m; do umount -l "$m"; done
  else
    ok "/guard/$1/no-mounts-left"
  fi
  rm -rf "$T"
}
