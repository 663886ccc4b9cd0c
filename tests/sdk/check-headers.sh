#!/bin/sh
# The public headers, and a plugin descriptor made with their macros,
# compile without a single warning (-Werror) under
#   gcc -Wall -Wextra -Wpedantic          (C, gnu11 and c99)
#   g++ -Wall -Wextra -Wpedantic          (C++, gnu++17, c++20 and c++11)
#   clang -Weverything, clang++ -Weverything, minus only:
#     -Wno-padded                 structures have natural holes (enum then pointer)
#     -Wno-declaration-after-statement   C99 style is ours
#     -Wno-reserved-identifier    `struct _OciPlugin`: the GLib convention for tags
#     -Wno-documentation, -Wno-documentation-unknown-command
#                                 clang reads comments as Doxygen; ours are gtk-doc
#     -Wno-c++98-compat, -Wno-c++98-compat-pedantic   (C++ only) we need C++11
#     -Wno-zero-as-null-pointer-constant (C++ only) GLib's NULL in our macros
#     -Wno-unsafe-buffer-usage    clang >= 16 only: no arrays here to bound
# System headers (GLib, json-glib) are included as system headers: their
# warnings are not ours. Prints TAP.
set -u
build=$1
source=$2
tmp=$(mktemp -d /tmp/ort-headers-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
deps=$(pkg-config --cflags glib-2.0 gmodule-no-export-2.0 gio-2.0 json-glib-1.0 | sed 's/-I/-isystem /g')
inc="-I$source/include -I$build/include"
cat >"$tmp/probe.c" <<'C'
#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
probe_init (OciPlugin *plugin, GError **error)
{
  (void) plugin;
  (void) error;
  return TRUE;
}

OCI_PLUGIN_DEFINE_FULL ("probe", "header probe", "*", probe_init, "1.0.0", "Apache-2.0", "", "", "")
C
cp "$tmp/probe.c" "$tmp/probe.cc"
clang_skip="-Wno-padded -Wno-declaration-after-statement -Wno-reserved-identifier -Wno-documentation
  -Wno-documentation-unknown-command -Wno-unknown-warning-option -Wno-unsafe-buffer-usage"
clangxx_skip="$clang_skip -Wno-c++98-compat -Wno-c++98-compat-pedantic -Wno-zero-as-null-pointer-constant"

n=0
failed=0
check() {
  name=$1
  shift
  n=$((n + 1))
  # shellcheck disable=SC2086
  if "$@" -fsyntax-only -Werror $inc $deps >"$tmp/log" 2>&1; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    sed 's/^/# /' "$tmp/log" | head -20
    failed=1
  fi
}
echo "1..7"
check "gcc -Wall -Wextra -Wpedantic (gnu11)" gcc -std=gnu11 -Wall -Wextra -Wpedantic "$tmp/probe.c"
check "gcc -Wall -Wextra -Wpedantic (c99)" gcc -std=c99 -Wall -Wextra -Wpedantic "$tmp/probe.c"
check "g++ -Wall -Wextra -Wpedantic (gnu++17)" g++ -std=gnu++17 -Wall -Wextra -Wpedantic "$tmp/probe.cc"
check "g++ -Wall -Wextra -Wpedantic (c++20)" g++ -std=c++20 -Wall -Wextra -Wpedantic "$tmp/probe.cc"
check "g++ -Wall -Wextra (c++11)" g++ -std=c++11 -Wall -Wextra "$tmp/probe.cc"
# shellcheck disable=SC2086
check "clang -Weverything" clang -std=gnu11 -Weverything $clang_skip "$tmp/probe.c"
# shellcheck disable=SC2086
check "clang++ -Weverything" clang++ -std=gnu++17 -Weverything $clangxx_skip "$tmp/probe.cc"
exit $failed
