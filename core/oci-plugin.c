/* oci-plugin.c — the handle a plugin's init function registers its parts on
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oci-plugin-private.h"

static char **
split_list (const char *text)
{
  char **parts = g_strsplit (text, ",", -1);

  for (char **p = parts; *p; p++)
    g_strstrip (*p);
  return parts;
}

static OciPlugin *
plugin_alloc (const char *path, const char *name, const char *platforms, const char *description,
              const char *sections)
{
  OciPlugin *plugin = g_new0 (OciPlugin, 1);

  plugin->path = g_strdup (path);
  plugin->name = g_strdup (name);
  plugin->platforms_text = g_strdup (platforms);
  plugin->description = g_strdup (description);
  plugin->platforms = split_list (platforms);
  if (sections != NULL)
    {
      plugin->sections_text = g_strdup (sections);
      plugin->sections = split_list (sections);
    }
  plugin->requirements = g_ptr_array_new ();
  plugin->checkers = g_ptr_array_new ();
  plugin->options = g_ptr_array_new ();
  plugin->field_orders = g_ptr_array_new ();
  plugin->runtime_cases = g_ptr_array_new ();
  return plugin;
}

OciPlugin *
oci_plugin_new (const char *path, GModule *module, const OciPluginDesc *desc)
{
  OciPlugin *plugin = plugin_alloc (path, desc->name, desc->platforms, desc->description, desc->sections);

  plugin->module = module;
  plugin->desc = desc;
  return plugin;
}

OciPlugin *
oci_plugin_new_deferred (const char *path, const char *name, const char *platforms, const char *description,
                         const char *sections)
{
  return plugin_alloc (path, name, platforms, description, sections);
}

void
oci_plugin_set_module (OciPlugin *plugin, GModule *module, const OciPluginDesc *desc)
{
  plugin->module = module;
  plugin->desc = desc;
}

/* Reads @len bytes at @offset, all or nothing. */
static gboolean
read_at (int fd, void *buf, gsize len, guint64 offset)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = pread (fd, (char *) buf + done, len - done, offset + done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
    }
  return TRUE;
}

/* The contents of the ELF64 section @name, or NULL. Only the file header,
 * the section headers, their names and the section itself are read: far
 * less than the module, which is never mapped. */
static char *
read_elf_section (int fd, const char *name, gsize max)
{
  Elf64_Ehdr eh;
  g_autofree Elf64_Shdr *sh = NULL;
  g_autofree char *names = NULL;
  gsize nlen = strlen (name);

  if (!read_at (fd, &eh, sizeof eh, 0) || memcmp (eh.e_ident, ELFMAG, SELFMAG) != 0
      || eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_shentsize != sizeof (Elf64_Shdr)
      || eh.e_shnum == 0 || eh.e_shnum > 4096 || eh.e_shstrndx >= eh.e_shnum)
    return NULL;
  sh = g_new (Elf64_Shdr, eh.e_shnum);
  if (!read_at (fd, sh, sizeof (Elf64_Shdr) * eh.e_shnum, eh.e_shoff)
      || sh[eh.e_shstrndx].sh_size > 65536)
    return NULL;
  names = g_malloc (sh[eh.e_shstrndx].sh_size + 1);
  if (!read_at (fd, names, sh[eh.e_shstrndx].sh_size, sh[eh.e_shstrndx].sh_offset))
    return NULL;
  names[sh[eh.e_shstrndx].sh_size] = '\0';
  for (guint i = 0; i < eh.e_shnum; i++)
    {
      char *text;
      if (sh[i].sh_name + nlen >= sh[eh.e_shstrndx].sh_size
          || strcmp (names + sh[i].sh_name, name) != 0 || sh[i].sh_size > max)
        continue;
      text = g_malloc (sh[i].sh_size + 1);
      if (!read_at (fd, text, sh[i].sh_size, sh[i].sh_offset))
        {
          g_free (text);
          return NULL;
        }
      text[sh[i].sh_size] = '\0';
      return text;
    }
  return NULL;
}

/* The metadata OCI_PLUGIN_DEFINE puts in its own ELF section:
 * OCI_PLUGIN_META_MAGIC, then name, platforms and description separated
 * by \037, and, from OCI_PLUGIN_DEFINE_FOR_SECTIONS, the sections after
 * one more \037 (*sections is NULL without them). Reading it costs a few
 * small reads, where opening the module costs its mapping and dynamic
 * linking. */
gboolean
oci_plugin_read_meta (const char *path, char **name, char **platforms, char **description,
                      char **sections)
{
  g_autofree char *section = NULL;
  g_auto(GStrv) fields = NULL;
  gsize magic = strlen (OCI_PLUGIN_META_MAGIC);
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  struct stat st;

  if (fd < 0)
    return FALSE;
  /* A FIFO or a device named *.so is no module: never read, never opened. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return FALSE;
    }
  section = read_elf_section (fd, OCI_PLUGIN_META_SECTION, 4096);
  close (fd);
  if (section == NULL || strncmp (section, OCI_PLUGIN_META_MAGIC, magic) != 0
      || !g_utf8_validate (section, -1, NULL))
    return FALSE;
  fields = g_strsplit (section + magic, "\037", 4);
  if (g_strv_length (fields) != 3 && g_strv_length (fields) != 4)
    return FALSE;
  *name = g_strdup (fields[0]);
  *platforms = g_strdup (fields[1]);
  *description = g_strdup (fields[2]);
  *sections = g_strdup (fields[3]);   /* NULL when there are three */
  return TRUE;
}

void
oci_plugin_reset_parts (OciPlugin *plugin)
{
  g_ptr_array_set_size (plugin->requirements, 0);
  g_ptr_array_set_size (plugin->checkers, 0);
  g_ptr_array_set_size (plugin->options, 0);
  g_ptr_array_set_size (plugin->field_orders, 0);
  g_ptr_array_set_size (plugin->runtime_cases, 0);
  plugin->defaults = NULL;
}

void
oci_plugin_free (OciPlugin *plugin)
{
  if (plugin == NULL)
    return;
  g_free (plugin->path);
  g_free (plugin->name);
  g_free (plugin->description);
  g_free (plugin->platforms_text);
  g_strfreev (plugin->platforms);
  g_free (plugin->sections_text);
  g_strfreev (plugin->sections);
  g_ptr_array_unref (plugin->requirements);
  g_ptr_array_unref (plugin->checkers);
  g_ptr_array_unref (plugin->options);
  g_ptr_array_unref (plugin->field_orders);
  g_ptr_array_unref (plugin->runtime_cases);
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
  return plugin->name;
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
  return plugin->description;
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
  return plugin->platforms_text;
}

/**
 * oci_plugin_get_sections:
 * @plugin: a plugin
 *
 * Returns: (nullable): the config sections it declared with
 *   OCI_PLUGIN_DEFINE_FOR_SECTIONS(), or %NULL: it concerns every config
 */
const char *
oci_plugin_get_sections (OciPlugin *plugin)
{
  return plugin->sections_text;
}

/**
 * oci_plugin_concerns:
 * @plugin: a plugin
 * @config_root: (nullable): the root object of a config
 *
 * Returns: %TRUE if validating the config needs the plugin: it declared
 *   no sections, or @config_root has at least one of them (a %NULL root
 *   needs every plugin)
 */
gboolean
oci_plugin_concerns (OciPlugin *plugin, JsonObject *config_root)
{
  if (plugin->sections == NULL || config_root == NULL)
    return TRUE;
  for (char **s = plugin->sections; *s; s++)
    if (json_object_has_member (config_root, *s))
      return TRUE;
  return FALSE;
}

/**
 * oci_plugin_may_own_option:
 * @plugin: a plugin
 * @name: an option name, without dashes
 *
 * Returns: %TRUE unless the plugin declared sections and @name starts
 *   neither with one of them nor with the plugin's name, and a '-' (the
 *   loader refuses a plugin with sections whose options are named otherwise)
 */
gboolean
oci_plugin_may_own_option (OciPlugin *plugin, const char *name)
{
  gsize len = strlen (plugin->name);

  if (plugin->sections == NULL || (strncmp (name, plugin->name, len) == 0 && name[len] == '-'))
    return TRUE;
  for (char **s = plugin->sections; *s; s++)
    {
      gsize n = strlen (*s);
      if (strncmp (name, *s, n) == 0 && name[n] == '-')
        return TRUE;
    }
  return FALSE;
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
 * oci_plugin_get_runtime_cases:
 * @plugin: a plugin
 *
 * Returns: (transfer none) (element-type OciRuntimeCase): its runtime cases
 */
GPtrArray *
oci_plugin_get_runtime_cases (OciPlugin *plugin)
{
  return plugin->runtime_cases;
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
 * oci_plugin_add_runtime_cases:
 * @plugin: the plugin being initialised
 * @cases: (array length=n): runtime-validate cases; static
 * @n: how many
 */
void
oci_plugin_add_runtime_cases (OciPlugin *plugin, const OciRuntimeCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (plugin->runtime_cases, (gpointer) &cases[i]);
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
