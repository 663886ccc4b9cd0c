/* oci-registry-private.h — what the core's other parts use of the registry
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "oci-registry.h"

G_BEGIN_DECLS

/* Builds the lazy indexes a validation reads, so that threads can then
 * share the registry read-only. */
G_GNUC_INTERNAL void oci_registry_prepare_indexes (OciRegistry *self);

typedef struct _OciPluginHost OciPluginHost;

/* The plugin host processes that run isolated checkers: each serves one
 * thread at a time, between lock and unlock. */
G_GNUC_INTERNAL OciPluginHost *oci_registry_lock_host (OciRegistry *self);
G_GNUC_INTERNAL void oci_registry_unlock_host (OciRegistry *self, OciPluginHost *host);
G_GNUC_INTERNAL void oci_registry_end_hosts (OciRegistry *self);
G_GNUC_INTERNAL const OciChecker *oci_registry_lookup_checker (OciRegistry *self, const char *id);
G_GNUC_INTERNAL void oci_registry_enter_host (OciRegistry *self);
G_GNUC_INTERNAL void oci_registry_begin_trial_loads (OciRegistry *self,
                                                     const char *os,
                                                     const char *arch,
                                                     JsonObject *config_root);
G_GNUC_INTERNAL char *oci_registry_host_activate (OciRegistry *self, const char *name);

/* Applies one option to a generate context (oci_generate_context_apply()'s
 * shape, with the applier's data first). */
typedef gboolean (*OciGenerateApplyFunc) (gpointer data, OciGenerateContext *gen, const OciOption *option,
                                          const char *value, GError **error);
G_GNUC_INTERNAL gboolean oci_generate_context_apply_all_with (OciGenerateContext *gen,
                                                              const OciOption *const *options,
                                                              const char *const *values, guint n,
                                                              OciGenerateApplyFunc apply, gpointer apply_data,
                                                              GError **error);

G_END_DECLS
