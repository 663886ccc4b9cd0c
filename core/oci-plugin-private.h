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
  /* From the plugin's metadata string, or from its descriptor once open.
   * A plugin found by its metadata is opened only when a target needs it. */
  char *name;
  char *description;
  char *platforms_text;
  char *sections_text;         /* NULL: the plugin concerns every config */
  char **sections;
  GModule *module;             /* NULL until opened */
  const OciPluginDesc *desc;   /* NULL until opened */
  char **platforms;
  gboolean active;
  gboolean failed;
  gboolean builtin;            /* one of ours, from our plugin folder */
  gboolean isolated;           /* its code runs in the plugin host */
  /* What init registered; tables stay owned by the (resident) module. */
  GPtrArray *requirements; /* const OciRequirement * */
  GPtrArray *checkers;     /* const OciChecker * */
  GPtrArray *options;      /* const OciOption * */
  GPtrArray *field_orders; /* const OciFieldOrder * */
  GPtrArray *runtime_cases; /* const OciRuntimeCase * */
  OciDefaultsFunc defaults;
};

OciPlugin *oci_plugin_new (const char *path, GModule *module, const OciPluginDesc *desc);
OciPlugin *oci_plugin_new_deferred (const char *path,
                                    const char *name,
                                    const char *platforms,
                                    const char *description,
                                    const char *sections);
void oci_plugin_set_module (OciPlugin *plugin, GModule *module, const OciPluginDesc *desc);
gboolean oci_plugin_read_meta (const char *path, char **name, char **platforms, char **description,
                               char **sections);
void oci_plugin_free (OciPlugin *plugin);
void oci_plugin_reset_parts (OciPlugin *plugin);
gboolean oci_platform_matches (char **patterns, const char *os, const char *arch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciPlugin, oci_plugin_free)

G_END_DECLS
