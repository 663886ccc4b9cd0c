/* oci-plugin-private.h — what the registry keeps of each plugin
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "oci-plugin.h"

G_BEGIN_DECLS

struct _OciPlugin
{
  char *path;
  GModule *module;
  const OciPluginDesc *desc;
  char **platforms;
  gboolean active;
  gboolean failed;
  /* What init registered; tables stay owned by the (resident) module. */
  GPtrArray *requirements; /* const OciRequirement * */
  GPtrArray *checkers;     /* const OciChecker * */
  GPtrArray *options;      /* const OciOption * */
  GPtrArray *field_orders; /* const OciFieldOrder * */
  OciDefaultsFunc defaults;
};

OciPlugin *oci_plugin_new (const char *path, GModule *module, const OciPluginDesc *desc);
void oci_plugin_free (OciPlugin *plugin);
void oci_plugin_reset_parts (OciPlugin *plugin);
gboolean oci_platform_matches (char **patterns, const char *os, const char *arch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciPlugin, oci_plugin_free)

G_END_DECLS
