/* hooks-checks.h — the checkers of the hooks plugin and their helpers
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "hooks-plugin.h"

G_BEGIN_DECLS

/**
 * HooksKind:
 * @name: the member of "hooks"
 * @since: the first release that has it
 * @in_container: its path resolves in the container namespace
 */
typedef struct
{
  const char *name;
  const char *since;
  gboolean in_container;
} HooksKind;

extern const HooksKind hooks_kinds[];
extern const gsize hooks_n_kinds;

/* checks/hooks-config.c: bundle phase */
gboolean hooks_check_config (OciCheckContext *ctx, GError **error);

/* checks/hooks-host.c: host phase */
gboolean hooks_check_host (OciCheckContext *ctx, GError **error);

/* checks/hooks-fs.c: helpers (the base plugin has its own copies: plugins
 * share nothing but the core) */
gboolean hooks_path_under_mount (OciConfig *config, const char *path);

G_END_DECLS
