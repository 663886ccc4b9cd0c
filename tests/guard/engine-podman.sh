#!/bin/sh
# podman with oci-guard as its runtime (--runtime), on a private storage;
# then oci-guard as a createRuntime hook (hooks.d) in front of plain runc.
. "$(dirname "$0")/engine-lib.sh"

command -v podman >/dev/null || skip_all "podman is not installed"
command -v runc >/dev/null || skip_all "runc is not installed"
make_tmp podman
STORE="--root $T/root --runroot $T/runroot --storage-driver vfs --cgroup-manager cgroupfs
       --events-backend file --tmpdir $T/tmp --network-config-dir $T/net.d"
CG=$(cgroup_name)
RUN="run --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --cgroup-parent /$CG"

if ! podman $STORE import "$T/img.tar" guardtest:latest >"$T/import.out" 2>&1; then
  skip_all "podman cannot import an image here: $(tail -n 1 "$T/import.out")"
fi

# the runtime as docs/enforcement.md sets it up: containers.conf
cat > "$T/containers.conf" <<CONF
[engine.runtimes]
guard = ["$T/guard-wrap"]
CONF
CONTAINERS_CONF="$T/containers.conf"
export CONTAINERS_CONF
docker_like podman "podman $STORE --runtime guard" "$RUN"

# a MUST of the spec broken: refused, the guard's message in podman's error
make_device
run_status "$T/out" podman $STORE --runtime guard $RUN --rm --device "$T/null:/dev/ognull" guardtest true
check "/guard/podman/must-refused" test "$status" -ne 0
check "/guard/podman/must-message" grep -q "oci-guard: refused container .*: schema (MUST) at /linux/devices/[0-9]*/fileMode" "$T/out"
check "/guard/podman/must-recorded" last_record_has '"verdict":"deny"' '"failed":["schema"]'
check "/guard/podman/must-nothing-half-created" test -z "$(podman $STORE ps -aq)"

# an exception by annotation, where the policy allows one for the rule
printf 'exceptions=guardtest.*\n' >> "$T/guard.conf"
run_status "$T/out" podman $STORE --runtime guard $RUN --rm --cap-add SYS_ADMIN \
  --annotation io.github.oci-runtime-tools.guard.allow=guardtest.no-sys-admin guardtest sh -c 'exit 2'
check "/guard/podman/exception-runs" test "$status" = 2
check "/guard/podman/exception-recorded" last_record_has '"verdict":"allow"' '"excepted":["guardtest.no-sys-admin"]'
policy enforce

# the hook in front of plain runc
mkdir -p "$T/hooks.d"
sed "s|\"path\": \"[^\"]*\"|\"path\": \"$T/guard-wrap\"|" "$OCI_TEST_GUARD_HOOK_JSON" > "$T/hooks.d/oci-guard.json"
H="podman $STORE --runtime $(command -v runc) --hooks-dir $T/hooks.d"
run_status "$T/out" $H $RUN --rm guardtest sh -c 'exit 6'
check "/guard/podman/hook-compliant-exit-status" test "$status" = 6
check "/guard/podman/hook-recorded" last_record_has '"command":"hook"' '"verdict":"allow"'
run_status "$T/out" $H $RUN --rm --device "$T/null:/dev/ognull" guardtest true
check "/guard/podman/hook-must-refused" test "$status" -ne 0
check "/guard/podman/hook-must-message" grep -q "oci-guard: refused container .*: schema (MUST) at /linux/devices/[0-9]*/fileMode" "$T/out"

# the guard as the runtime and as the hook at once
run_status "$T/out" podman $STORE --runtime guard --hooks-dir "$T/hooks.d" $RUN --rm guardtest sh -c 'exit 5'
check "/guard/podman/runtime-and-hook-exit-status" test "$status" = 5
check "/guard/podman/runtime-and-hook-recorded" last_record_has '"command":"hook"' '"verdict":"allow"'

# the decision server deciding for the guard (docs/enforcement.md)
if serve_guard podman; then
  run_status "$T/out" podman $STORE --runtime guard $RUN --rm guardtest sh -c 'exit 4'
  check "/guard/podman/served-exit-status" test "$status" = 4
  check "/guard/podman/served-recorded" last_record_has '"verdict":"allow"' '"server":true'
  run_status "$T/out" podman $STORE --runtime guard $RUN --rm --device "$T/null:/dev/ognull" guardtest true
  check "/guard/podman/served-must-refused" test "$status" -ne 0
  check "/guard/podman/served-must-message" grep -q "oci-guard: refused container .*: schema (MUST) at /linux/devices/[0-9]*/fileMode" "$T/out"
  check "/guard/podman/served-must-recorded" last_record_has '"verdict":"deny"' '"server":true'
  check "/guard/podman/served-nothing-half-created" test -z "$(podman $STORE ps -aq)"
fi
unserve_guard

podman $STORE rm -af >/dev/null 2>&1
podman $STORE rmi -af >/dev/null 2>&1
check "/guard/podman/no-cgroups-left" remove_cgroups "$CG"
remove_tmp podman
finish
