#!/bin/sh
# A stand-in for runc in the guard's tests: records its arguments and open
# file descriptors to $FAKE_OUT, writes to fd 3 when asked, then exits
# with $FAKE_EXIT or kills itself with $FAKE_SIGNAL.
out=${FAKE_OUT:?FAKE_OUT names the record file}
{
  for a in "$@"; do printf 'arg:%s\n' "$a"; done
  for f in /proc/$$/fd/*; do printf 'fd:%s\n' "${f##*/}"; done
  printf 'env:OCI_GUARD_ACTIVE=%s\n' "${OCI_GUARD_ACTIVE:-}"
  printf 'env:LISTEN_FDS=%s\n' "${LISTEN_FDS:-}"
  printf 'pid:%s\n' "$$"
} > "$out"
if [ -n "${FAKE_FD3:-}" ]; then
  printf '%s\n' "$FAKE_FD3" >&3
fi
if [ -n "${FAKE_SIGNAL:-}" ]; then
  kill -s "$FAKE_SIGNAL" $$
fi
exit "${FAKE_EXIT:-0}"
