/* oci-path.h — paths as a container sees them
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

gboolean oci_path_is_absolute_for (const char *os, const char *path);
char *oci_path_resolve_in_root (const char *root, const char *path, int *err);

#pragma GCC visibility pop

G_END_DECLS
