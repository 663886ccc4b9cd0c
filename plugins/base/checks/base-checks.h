/* base-checks.h — the checkers of the base plugin and their helpers
 *
 * Each checks/base-*.c file holds one or two checkers (a page each); the
 * requirement catalogue and the checker table stay in base-checks.c.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "base-plugin.h"

G_BEGIN_DECLS

/* checks/base-root.c: ociVersion, root, the bundle layout */
gboolean base_check_version (OciCheckContext *ctx, GError **error);
gboolean base_check_root (OciCheckContext *ctx, GError **error);
gboolean base_check_bundle (OciCheckContext *ctx, GError **error);

/* checks/base-process.c: process fields, user, args[0] in the rootfs */
gboolean base_check_process (OciCheckContext *ctx, GError **error);
gboolean base_check_executable (OciCheckContext *ctx, GError **error);

/* checks/base-env.c: process.env */
gboolean base_check_env (OciCheckContext *ctx, GError **error);

/* checks/base-rlimits.c: process.rlimits */
gboolean base_check_rlimits (OciCheckContext *ctx, GError **error);

/* checks/base-mounts.c: mounts (bundle phase) and bind sources (host phase) */
gboolean base_check_mounts (OciCheckContext *ctx, GError **error);
gboolean base_check_mount_sources (OciCheckContext *ctx, GError **error);

/* checks/base-names.c: hostname, domainname, annotations */
gboolean base_check_hostname (OciCheckContext *ctx, GError **error);
gboolean base_check_annotations (OciCheckContext *ctx, GError **error);

/* checks/base-image.c: org.opencontainers.image.* annotation values */
gboolean base_check_image_annotations (OciCheckContext *ctx, GError **error);
/* checks/base-documents.c: state and features documents */
gboolean base_check_state (OciCheckContext *ctx, GError **error);
gboolean base_check_features (OciCheckContext *ctx, GError **error);

/* checks/base-fs.c: helpers */
gboolean base_path_under_mount (OciConfig *config, const char *path);
gboolean base_is_executable_file (const char *path);
gboolean base_mount_is_bind (JsonObject *mount);

G_END_DECLS
