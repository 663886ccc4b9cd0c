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
  T=$(mktemp -d /tmp/og-"$1".XXXXXX)
  trap 'cleanup_hook; rm -rf "$T"' EXIT
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

# last_record_has TEXT...: the last decision record holds every TEXT
last_record_has ()
{
  last=$(tail -n 1 "$T/log" 2>/dev/null)
  for t in "$@"; do
    case $last in *"$t"*) ;; *) return 1 ;; esac
  done
}

called ()
{
  grep -q "^$1" "$T/calls"
}

long_hostname=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa

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
