#!/bin/sh
# podman with oci-guard as its runtime (--runtime), on a private storage.
. "$(dirname "$0")/engine-lib.sh"

command -v podman >/dev/null || skip_all "podman is not installed"
command -v runc >/dev/null || skip_all "runc is not installed"
make_tmp podman
P="podman --root $T/root --runroot $T/runroot --storage-driver vfs --cgroup-manager cgroupfs
   --events-backend file --tmpdir $T/tmp --runtime $T/guard-wrap"
RUN="run --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024"

if ! $P import "$T/img.tar" guardtest:latest >"$T/import.out" 2>&1; then
  rm -rf "$T"
  skip_all "podman cannot import an image here: $(tail -n 1 "$T/import.out" 2>/dev/null)"
fi

# a compliant container runs, and its exit status comes through
$P $RUN --rm guardtest sh -c 'exit 7' >"$T/out" 2>&1
status=$?
check "/guard/podman/compliant-exit-status" test "$status" = 7
check "/guard/podman/compliant-recorded" last_record_has '"command":"create"' '"verdict":"allow"'

# a MUST of the spec broken: refused, the guard's message in podman's error
$P $RUN --rm --hostname "$long_hostname" guardtest true >"$T/out" 2>&1
status=$?
check "/guard/podman/must-refused" test "$status" -ne 0
check "/guard/podman/must-message" grep -q "oci-guard: refused container .*base.hostname.length (MUST) at /hostname" "$T/out"
check "/guard/podman/must-recorded" last_record_has '"verdict":"deny"' '"failed":["base.hostname.length"]'

# a vendor rule (the test plugin: no CAP_SYS_ADMIN)
$P $RUN --rm --cap-add SYS_ADMIN guardtest true >"$T/out" 2>&1
status=$?
check "/guard/podman/vendor-refused" test "$status" -ne 0
check "/guard/podman/vendor-message" grep -q "guardtest.no-sys-admin (MUST)" "$T/out"
check "/guard/podman/nothing-half-created" test -z "$($P ps -aq)"

# audit: it runs, and the record says what enforce would have refused
policy audit
$P $RUN --rm --cap-add SYS_ADMIN guardtest sh -c 'exit 3' >"$T/out" 2>&1
status=$?
check "/guard/podman/audit-runs" test "$status" = 3
check "/guard/podman/audit-recorded" last_record_has '"verdict":"audit"' '"mode":"audit"' 'guardtest.no-sys-admin'
policy enforce

# exec, kill, stop and rm through the guard
$P $RUN -d --name og-a guardtest sleep 60 >/dev/null 2>&1
$P exec og-a sh -c 'exit 4' >/dev/null 2>&1
status=$?
check "/guard/podman/exec-status" test "$status" = 4
check "/guard/podman/exec-through-guard" called "exec"
check "/guard/podman/stop" $P stop -t 1 og-a
check "/guard/podman/rm" $P rm og-a
$P $RUN -d --name og-b guardtest sleep 60 >/dev/null 2>&1
check "/guard/podman/kill" $P kill og-b
check "/guard/podman/kill-through-guard" called "kill"
$P wait og-b >/dev/null 2>&1
$P rm -f og-b >/dev/null 2>&1
check "/guard/podman/delete-through-guard" called "delete"

# the hook (hooks.d, createRuntime) in front of plain runc
mkdir -p "$T/hooks.d"
sed "s|\"path\": \"[^\"]*\"|\"path\": \"$T/guard-wrap\"|" "$OCI_TEST_GUARD_HOOK_JSON" > "$T/hooks.d/oci-guard.json"
H="podman --root $T/root --runroot $T/runroot --storage-driver vfs --cgroup-manager cgroupfs
   --events-backend file --tmpdir $T/tmp --runtime $(command -v runc) --hooks-dir $T/hooks.d"
$H $RUN --rm guardtest sh -c 'exit 6' >"$T/out" 2>&1
status=$?
check "/guard/podman/hook-compliant-exit-status" test "$status" = 6
check "/guard/podman/hook-recorded" last_record_has '"command":"hook"' '"verdict":"allow"'
$H $RUN --rm --hostname "$long_hostname" guardtest true >"$T/out" 2>&1
status=$?
check "/guard/podman/hook-must-refused" test "$status" -ne 0
check "/guard/podman/hook-must-message" grep -q "oci-guard: refused container .*base.hostname.length (MUST)" "$T/out"

# nothing left behind
$P rm -af >/dev/null 2>&1
check "/guard/podman/no-containers-left" test -z "$($P ps -aq)"
$P rmi -af >/dev/null 2>&1
remove_tmp podman
finish
