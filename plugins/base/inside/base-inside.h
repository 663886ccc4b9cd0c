/* base-inside.h — the base plugin's inside checkers (run by oci-runtimetest)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* base-inside.c: registers the checkers (declared for the plugin in
 * ../cases/base-runtime.h) */
void base_register_inside (OciPlugin *plugin);

/* base-inside-mounts.c */
gboolean base_inside_check_mounts (OciCheckContext *ctx, GError **error);

G_END_DECLS
