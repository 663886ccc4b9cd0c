/* base-runtime.h — the base plugin's runtime-validate part: lifecycle
 * cases (runtime.md), config cases (config.md) and inside checkers
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* The one call the plugin's init makes. */
void base_register_runtime (OciPlugin *plugin);

/* base-cases-lifecycle.c and base-cases-config.c: the case tables */
extern const OciRuntimeCase base_lifecycle_cases[];
extern const gsize base_n_lifecycle_cases;
extern const OciRuntimeCase base_config_cases[];
extern const gsize base_n_config_cases;

/* ../inside/base-inside.c */
void base_register_inside (OciPlugin *plugin);

/* base-cases.c: helpers the case files share */
gboolean base_rt_wait_rootfs_file (OciRuntimeContext *rc, const char *name, GError **error);
char *base_rt_read_rootfs_file (OciRuntimeContext *rc, const char *name);
gboolean base_rt_check_state (OciRuntimeContext *rc, OciCheckContext *ctx, const char *status);
gboolean base_rt_expect_status (OciRuntimeContext *rc, OciCheckContext *ctx, const char *requirement,
                                const char *status);
gboolean base_rt_no_features (OciRuntimeContext *rc, char **reason);

G_END_DECLS
