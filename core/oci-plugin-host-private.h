/* oci-plugin-host-private.h — the helper process isolated checkers run in
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "oci-check-private.h"
#include "oci-registry-private.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL OciPluginHost *oci_plugin_host_new (OciRegistry *registry, guint timeout_ms);
G_GNUC_INTERNAL void oci_plugin_host_free (OciPluginHost *host);
G_GNUC_INTERNAL void oci_plugin_host_stop (OciPluginHost *host);
G_GNUC_INTERNAL gboolean oci_plugin_host_start (OciPluginHost *host, GError **error);
G_GNUC_INTERNAL void oci_plugin_host_reap (void);
G_GNUC_INTERNAL gboolean oci_plugin_host_load_begin (OciPluginHost *host, const char *name, GError **error);
G_GNUC_INTERNAL gboolean oci_plugin_host_load_end (OciPluginHost *host, GError **error);
G_GNUC_INTERNAL gboolean oci_plugin_host_apply (OciPluginHost *host,
                                                OciGenerateContext *gen,
                                                OciPlugin *plugin,
                                                const OciOption *option,
                                                const char *value,
                                                GError **error);
G_GNUC_INTERNAL gboolean oci_plugin_host_defaults (OciPluginHost *host,
                                                   OciGenerateContext *gen,
                                                   OciPlugin *plugin,
                                                   GError **error);

/* A config to check in the host: its context and its isolated checkers. */
typedef struct
{
  OciCheckContext *ctx;
  GPtrArray *checkers; /* const OciChecker * */
} OciPluginHostJob;

G_GNUC_INTERNAL void oci_plugin_host_offer (OciConfig *const *configs, guint n);
G_GNUC_INTERNAL void oci_plugin_host_send_jobs (OciPluginHost *host,
                                                const OciPluginHostJob *jobs,
                                                guint n,
                                                gboolean fresh,
                                                gboolean last);
G_GNUC_INTERNAL void oci_plugin_host_collect_jobs (OciPluginHost *host, guint upto);

G_END_DECLS
