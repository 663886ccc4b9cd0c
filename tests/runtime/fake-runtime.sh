#!/bin/sh
# fake-runtime.sh — a pretend OCI runtime for the tests of the driver and
# the suite. It keeps each container as a directory under --root and
# answers create, start, state, kill and delete like a compliant runtime,
# without running anything. $FAKE_RUNTIME_MODE makes it misbehave:
#
#   ok            behave (the default)
#   hang          every command hangs (a child sleeps; its pid goes to $FAKE_RUNTIME_PIDS)
#   hang-state    only `state` hangs
#   crash         every command dies of SIGSEGV
#   garbage       `state` prints something that is not JSON
#   fail          every command exits 1 with a message on stderr
#   hang-setsid   every command hangs in a child of its own session (setsid)
#   daemon-state  `state` leaves a setsid daemon behind (its parent exits)
#   daemon-create `create` leaves a setsid daemon that delete does not end
#   flood         `state` writes without end on stdout
#   stdin-info    `state` prints what its stdin is on stderr and fails
#   harm-dev      `create` chowns /dev/null, but only in the suite's private
#                 /dev (a tmpfs named ort-dev); elsewhere it refuses
#   leak-mount    `create` mounts a tmpfs in the bundle (private /dev only)
#   leak-cgroup   `create` makes a cgroup folder ID-leak and leaves it
#   features      `features` prints a small document (namespaces pid and
#                 mount, capabilities CAP_CHOWN and CAP_BPF, mount options
#                 nosuid and nosymfollow, the hook createRuntime) and `create`
#                 accepts all of it (it runs no hook, though)
#   refuse-idmap  `create` refuses a config with the mount option idmap
#                 (a clean refusal of a value it does not support)
#   features-lie  the same document, but `create` refuses a config with
#                 CAP_BPF or nosymfollow: it lies about them
#
# Daemons write their pids to $FAKE_RUNTIME_PIDS too.
#
# $FAKE_RUNTIME_SPEC makes `--version` claim that spec version;
# $FAKE_RUNTIME_ACCEPTS (a list of ociVersions) makes `create` refuse a
# config whose ociVersion is not in it.
#
# Every command line is appended to $FAKE_RUNTIME_LOG when it is set.
#
# SPDX-License-Identifier: Apache-2.0

mode=${FAKE_RUNTIME_MODE:-ok}
[ -n "$FAKE_RUNTIME_LOG" ] && echo "$*" >> "$FAKE_RUNTIME_LOG"

root=/run/fake-runtime
if [ "$1" = "--root" ]; then
  root=$2
  shift 2
fi
cmd=$1
[ $# -gt 0 ] && shift

hang () {
  sleep 100 &
  [ -n "$FAKE_RUNTIME_PIDS" ] && echo $! >> "$FAKE_RUNTIME_PIDS"
  wait
  exit 0
}

# A daemon in a session of its own whose parent exits at once: it is
# re-parented (to init, or to a child subreaper).
daemon () {
  before=$(cat "$FAKE_RUNTIME_PIDS" 2>/dev/null | wc -l)
  setsid sh -c 'sleep 100 & [ -n "$FAKE_RUNTIME_PIDS" ] && echo $! >> "$FAKE_RUNTIME_PIDS"; wait' \
    < /dev/null > /dev/null 2>&1 &
  # Returns once the daemon runs (it has written its pid), for 2 s at most.
  n=0
  while [ -n "$FAKE_RUNTIME_PIDS" ] && [ "$(cat "$FAKE_RUNTIME_PIDS" 2>/dev/null | wc -l)" -le "$before" ] \
        && [ $n -lt 200 ]; do
    sleep 0.01
    n=$((n + 1))
  done
}

# Only in the suite's private mount namespace may a mode touch /dev or mount.
private_dev () {
  grep -q ' /dev [^-]* - tmpfs ort-dev ' /proc/self/mountinfo
}

case $mode in
  hang) hang ;;
  hang-setsid)
    setsid sh -c 'sleep 100 & [ -n "$FAKE_RUNTIME_PIDS" ] && echo $! >> "$FAKE_RUNTIME_PIDS"; wait' &
    wait
    exit 0 ;;
  crash) kill -SEGV $$; exit 99 ;;
  fail) echo "fake-runtime: $cmd failed on purpose" >&2; exit 1 ;;
esac

bundle=
pidfile=
force=
while [ $# -gt 0 ]; do
  case $1 in
    --bundle) bundle=$2; shift 2 ;;
    --pid-file) pidfile=$2; shift 2 ;;
    --force|-f) force=1; shift ;;
    *) break ;;
  esac
done
id=$1
signal=$2
dir=$root/$id

need_id () {
  if [ -z "$id" ]; then
    echo "fake-runtime: $cmd needs a container id" >&2
    exit 1
  fi
}

need_container () {
  need_id
  if [ ! -d "$dir" ]; then
    echo "fake-runtime: container $id does not exist" >&2
    exit 1
  fi
}

status () {
  cat "$dir/status"
}

case $cmd in
  --version)
    echo "fake-runtime version 0"
    [ -n "$FAKE_RUNTIME_SPEC" ] && echo "spec: $FAKE_RUNTIME_SPEC"
    ;;
  create)
    need_id
    if [ "$mode" = refuse-idmap ] && grep -q '"idmap"' "$bundle/config.json"; then
      echo "fake-runtime: the mount option idmap is not supported" >&2
      exit 1
    fi
    if [ "$mode" = features-lie ] && grep -q '"CAP_BPF"\|"nosymfollow"' "$bundle/config.json"; then
      echo "fake-runtime: CAP_BPF and nosymfollow are not supported" >&2
      exit 1
    fi
    if [ -n "$FAKE_RUNTIME_ACCEPTS" ]; then
      v=$(sed -n 's/.*"ociVersion" *: *"\([^"]*\)".*/\1/p' "$bundle/config.json" | head -n 1)
      case " $FAKE_RUNTIME_ACCEPTS " in
        *" $v "*) ;;
        *) echo "fake-runtime: ociVersion $v is not supported" >&2; exit 1 ;;
      esac
    fi
    if [ -z "$bundle" ]; then
      echo "fake-runtime: create needs --bundle" >&2
      exit 1
    fi
    if [ -d "$dir" ]; then
      echo "fake-runtime: container $id exists" >&2
      exit 1
    fi
    mkdir -p "$dir" || exit 1
    echo created > "$dir/status"
    echo "$bundle" > "$dir/bundle"
    echo 4242 > "$dir/pid"
    [ -n "$pidfile" ] && printf 4242 > "$pidfile"
    [ "$mode" = daemon-create ] && daemon
    case $mode in
      harm-dev)
        private_dev || { echo "fake-runtime: not in a private /dev" >&2; exit 1; }
        chown 65534:65534 /dev/null ;;
      leak-mount)
        private_dev || { echo "fake-runtime: not in a private /dev" >&2; exit 1; }
        mkdir -p "$bundle/leak" && mount -t tmpfs fake-leak "$bundle/leak" ;;
      leak-cgroup)
        for h in /sys/fs/cgroup/pids /sys/fs/cgroup; do
          if [ -e "$h/cgroup.procs" ]; then mkdir "$h/$id-leak"; break; fi
        done ;;
    esac
    ;;
  start)
    need_container
    if [ "$(status)" != created ]; then
      echo "fake-runtime: container $id is not created" >&2
      exit 1
    fi
    # A program that sleeps keeps running until killed; others end at once.
    if grep -q '"/bin/sleep"\|exec sleep' "$(cat "$dir/bundle")/config.json"; then
      echo running > "$dir/status"
    else
      echo stopped > "$dir/status"
    fi
    ;;
  state)
    [ "$mode" = hang-state ] && hang
    need_container
    [ "$mode" = daemon-state ] && daemon
    if [ "$mode" = stdin-info ]; then
      stat -L -c 'stdin: %t:%T %F' /proc/self/fd/0 >&2
      exit 1
    fi
    [ "$mode" = flood ] && exec yes '{"this state never ends": true}'
    if [ "$mode" = garbage ]; then
      echo "this is { not JSON"
      exit 0
    fi
    printf '{"ociVersion": "1.0.2", "id": "%s", "status": "%s", "pid": %s, "bundle": "%s"}\n' \
      "$id" "$(status)" "$(cat "$dir/pid")" "$(cat "$dir/bundle")"
    ;;
  kill)
    need_container
    case $(status) in
      created|running) echo stopped > "$dir/status" ;;
      *) echo "fake-runtime: container $id is not running" >&2; exit 1 ;;
    esac
    ;;
  delete)
    need_container
    if [ -z "$force" ] && [ "$(status)" != stopped ]; then
      echo "fake-runtime: container $id is not stopped" >&2
      exit 1
    fi
    rm -rf "$dir"
    ;;
  features)
    case $mode in
      features|features-lie)
        printf '%s\n' '{"ociVersionMin": "1.0.0", "ociVersionMax": "1.1.0", "mountOptions": ["nosuid", "nosymfollow"], "hooks": ["createRuntime"],' \
          '"linux": {"namespaces": ["pid", "mount"], "capabilities": ["CAP_CHOWN", "CAP_BPF"]}}' ;;
      *)
        echo "fake-runtime: unknown command features" >&2
        exit 1 ;;
    esac
    ;;
  *)
    echo "fake-runtime: unknown command $cmd" >&2
    exit 1
    ;;
esac
exit 0
