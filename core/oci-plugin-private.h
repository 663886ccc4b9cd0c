/* oci-plugin-private.h — what the registry keeps of each plugin
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "oci-plugin.h"
#include "oci-registry.h"

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
  /* Metadata (OCI_PLUGIN_DEFINE_FULL); NULL when not stated. */
  char *version;
  char *license;
  char *url;
  char *vendor;
  char *min_libocirt;
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
  GPtrArray *runtime_gaps;  /* const OciRuntimeGap * */
  GHashTable *checker_requirements; /* checker id -> const char *const * ids */
  OciDefaultsFunc defaults;
  /* Settings (oci-plugin-settings.c): what the files and --plugin-option
   * say, read before init; the declared ones, resolved when declared. */
  GHashTable *settings_raw;    /* key -> OciSettingRaw *, NULL before load */
  GPtrArray *settings;         /* resolved values, in declaration order */
  GPtrArray *setting_decls;    /* const OciSetting *, parallel */
};

/* What a plugin's metadata string says: fields point into @buffer (read
 * from the file, owned) or, made from a descriptor, into it (@buffer
 * NULL); NULL when absent. */
typedef struct
{
  char *buffer;
  char *name;
  char *platforms;
  char *description;
  char *sections;
  char *version;
  char *license;
  char *url;
  char *vendor;
  char *min_libocirt;
} OciPluginMeta;

void oci_plugin_meta_clear (OciPluginMeta *meta);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OciPluginMeta, oci_plugin_meta_clear)

OciPlugin *oci_plugin_new (const char *path, GModule *module, const OciPluginDesc *desc);
OciPlugin *oci_plugin_new_deferred (const char *path, const OciPluginMeta *meta);
void oci_plugin_set_module (OciPlugin *plugin, GModule *module, const OciPluginDesc *desc);
gboolean oci_plugin_read_meta (const char *path, OciPluginMeta *meta);
const char *oci_plugin_desc_get_min_libocirt (const OciPluginDesc *desc);
gboolean oci_plugin_check_min_libocirt (const char *name, const char *min_libocirt, GError **error);

/* Settings (oci-plugin-settings.c) */
void oci_plugin_settings_load (OciPlugin *plugin, OciRegistry *registry);
void oci_plugin_settings_check (OciPlugin *plugin, OciRegistry *registry);
void oci_plugin_settings_free (OciPlugin *plugin);
char *oci_registry_settings_to_data (OciRegistry *registry);
void oci_plugin_free (OciPlugin *plugin);
void oci_plugin_reset_parts (OciPlugin *plugin);
gboolean oci_platform_matches (char **patterns, const char *os, const char *arch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciPlugin, oci_plugin_free)

G_END_DECLS
