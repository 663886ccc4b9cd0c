/* oci-plugin.c — the handle a plugin's init function registers its parts on
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <string.h>

#include "oci-plugin-private.h"

OciPlugin *
oci_plugin_new (const char *path, GModule *module, const OciPluginDesc *desc)
{
  OciPlugin *plugin = g_new0 (OciPlugin, 1);

  plugin->path = g_strdup (path);
  plugin->module = module;
  plugin->desc = desc;
  plugin->platforms = g_strsplit (desc->platforms, ",", -1);
  for (char **p = plugin->platforms; *p; p++)
    g_strstrip (*p);
  plugin->requirements = g_ptr_array_new ();
  plugin->checkers = g_ptr_array_new ();
  plugin->options = g_ptr_array_new ();
  plugin->field_orders = g_ptr_array_new ();
  return plugin;
}

void
oci_plugin_reset_parts (OciPlugin *plugin)
{
  g_ptr_array_set_size (plugin->requirements, 0);
  g_ptr_array_set_size (plugin->checkers, 0);
  g_ptr_array_set_size (plugin->options, 0);
  g_ptr_array_set_size (plugin->field_orders, 0);
  plugin->defaults = NULL;
}

void
oci_plugin_free (OciPlugin *plugin)
{
  if (plugin == NULL)
    return;
  g_free (plugin->path);
  g_strfreev (plugin->platforms);
  g_ptr_array_unref (plugin->requirements);
  g_ptr_array_unref (plugin->checkers);
  g_ptr_array_unref (plugin->options);
  g_ptr_array_unref (plugin->field_orders);
  /* Modules are never closed: results and tables may point into them. */
  g_free (plugin);
}

/**
 * oci_platform_matches:
 * @patterns: os or os/arch patterns; "*" matches anything
 * @os: (nullable): target os, %NULL matches every pattern
 * @arch: (nullable): target arch, %NULL matches any arch
 *
 * Returns: %TRUE if any pattern matches
 */
gboolean
oci_platform_matches (char **patterns, const char *os, const char *arch)
{
  if (os == NULL)
    return TRUE;
  for (char **p = patterns; *p; p++)
    {
      const char *slash = strchr (*p, '/');
      gsize oslen = slash ? (gsize) (slash - *p) : strlen (*p);
      gboolean os_ok = (oslen == 1 && (*p)[0] == '*') || (strlen (os) == oslen && strncmp (*p, os, oslen) == 0);
      gboolean arch_ok = slash == NULL || arch == NULL || strcmp (slash + 1, "*") == 0
                         || strcmp (slash + 1, arch) == 0;
      if (os_ok && arch_ok)
        return TRUE;
    }
  return FALSE;
}

/**
 * oci_plugin_get_name:
 * @plugin: a plugin
 *
 * Returns: its unique name
 */
const char *
oci_plugin_get_name (OciPlugin *plugin)
{
  return plugin->desc->name;
}

/**
 * oci_plugin_get_description:
 * @plugin: a plugin
 *
 * Returns: its one-line description
 */
const char *
oci_plugin_get_description (OciPlugin *plugin)
{
  return plugin->desc->description;
}

/**
 * oci_plugin_get_platforms:
 * @plugin: a plugin
 *
 * Returns: its platform patterns as declared
 */
const char *
oci_plugin_get_platforms (OciPlugin *plugin)
{
  return plugin->desc->platforms;
}

/**
 * oci_plugin_get_path:
 * @plugin: a plugin
 *
 * Returns: the file it was loaded from
 */
const char *
oci_plugin_get_path (OciPlugin *plugin)
{
  return plugin->path;
}

/**
 * oci_plugin_is_active:
 * @plugin: a plugin
 *
 * Returns: %TRUE once its init ran and its parts are registered
 */
gboolean
oci_plugin_is_active (OciPlugin *plugin)
{
  return plugin->active;
}

/**
 * oci_plugin_matches_platform:
 * @plugin: a plugin
 * @os: (nullable): target os
 * @arch: (nullable): target arch
 *
 * Returns: %TRUE if the plugin applies to @os/@arch
 */
gboolean
oci_plugin_matches_platform (OciPlugin *plugin, const char *os, const char *arch)
{
  return oci_platform_matches (plugin->platforms, os, arch);
}

/**
 * oci_plugin_get_checkers:
 * @plugin: a plugin
 *
 * Returns: (transfer none) (element-type OciChecker): its checkers
 */
GPtrArray *
oci_plugin_get_checkers (OciPlugin *plugin)
{
  return plugin->checkers;
}

/**
 * oci_plugin_get_options:
 * @plugin: a plugin
 *
 * Returns: (transfer none) (element-type OciOption): its generate options
 */
GPtrArray *
oci_plugin_get_options (OciPlugin *plugin)
{
  return plugin->options;
}

/**
 * oci_plugin_get_requirements:
 * @plugin: a plugin
 *
 * Returns: (transfer none) (element-type OciRequirement): its requirement rows
 */
GPtrArray *
oci_plugin_get_requirements (OciPlugin *plugin)
{
  return plugin->requirements;
}

/**
 * oci_plugin_add_requirements:
 * @plugin: the plugin being initialised
 * @requirements: (array length=n): rows; must outlive the plugin (static)
 * @n: how many
 */
void
oci_plugin_add_requirements (OciPlugin *plugin, const OciRequirement *requirements, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (plugin->requirements, (gpointer) &requirements[i]);
}

/**
 * oci_plugin_add_checkers:
 * @plugin: the plugin being initialised
 * @checkers: (array length=n): checkers; static
 * @n: how many
 */
void
oci_plugin_add_checkers (OciPlugin *plugin, const OciChecker *checkers, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (plugin->checkers, (gpointer) &checkers[i]);
}

/**
 * oci_plugin_add_options:
 * @plugin: the plugin being initialised
 * @options: (array length=n): generate options; static
 * @n: how many
 */
void
oci_plugin_add_options (OciPlugin *plugin, const OciOption *options, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (plugin->options, (gpointer) &options[i]);
}

/**
 * oci_plugin_add_field_orders:
 * @plugin: the plugin being initialised
 * @orders: (array length=n): serialisation order rows; static
 * @n: how many
 */
void
oci_plugin_add_field_orders (OciPlugin *plugin, const OciFieldOrder *orders, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (plugin->field_orders, (gpointer) &orders[i]);
}

/**
 * oci_plugin_set_defaults:
 * @plugin: the plugin being initialised
 * @defaults: fills the plugin's part of a default config
 */
void
oci_plugin_set_defaults (OciPlugin *plugin, OciDefaultsFunc defaults)
{
  plugin->defaults = defaults;
}
