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
#include "oci-error.h"
#include "oci-semver.h"
#include "oci-version.h"

static char **
split_list (const char *text)
{
  char **parts = g_strsplit (text, ",", -1);

  for (char **p = parts; *p; p++)
    g_strstrip (*p);
  return parts;
}

/* "" in a descriptor or metadata string means "not stated". */
static char *
dup_stated (const char *text)
{
  return text && *text ? g_strdup (text) : NULL;
}

static OciPlugin *
plugin_alloc (const char *path, const OciPluginMeta *meta)
{
  OciPlugin *plugin = g_new0 (OciPlugin, 1);

  plugin->path = g_strdup (path);
  plugin->name = g_strdup (meta->name);
  plugin->platforms_text = g_strdup (meta->platforms);
  plugin->description = g_strdup (meta->description);
  plugin->platforms = split_list (meta->platforms);
  if (meta->sections != NULL)
    {
      plugin->sections_text = g_strdup (meta->sections);
      plugin->sections = split_list (meta->sections);
    }
  plugin->version = dup_stated (meta->version);
  plugin->license = dup_stated (meta->license);
  plugin->url = dup_stated (meta->url);
  plugin->vendor = dup_stated (meta->vendor);
  plugin->min_libocirt = dup_stated (meta->min_libocirt);
  plugin->requirements = g_ptr_array_new ();
  plugin->checkers = g_ptr_array_new ();
  plugin->options = g_ptr_array_new ();
  plugin->field_orders = g_ptr_array_new ();
  plugin->runtime_cases = g_ptr_array_new ();
  plugin->runtime_gaps = g_ptr_array_new ();
  plugin->checker_requirements = g_hash_table_new (g_str_hash, g_str_equal);
  return plugin;
}

/* A field appended to the descriptor, or NULL when the plugin was built
 * before it (its struct_size does not reach it). */
#define DESC_FIELD(desc, field)                                                                        \
  ((desc)->struct_size >= G_STRUCT_OFFSET (OciPluginDesc, field) + sizeof (const char *)               \
     ? (char *) (desc)->field : NULL)

/* The descriptor's view of @meta, borrowed (valid while @desc is). */
static OciPluginMeta
meta_of_desc (const OciPluginDesc *desc)
{
  OciPluginMeta meta = {
    NULL, (char *) desc->name, (char *) desc->platforms, (char *) desc->description, (char *) desc->sections,
    DESC_FIELD (desc, version), DESC_FIELD (desc, license), DESC_FIELD (desc, url), DESC_FIELD (desc, vendor),
    DESC_FIELD (desc, min_libocirt),
  };
  return meta;
}

/**
 * oci_plugin_desc_get_min_libocirt: (skip)
 * @desc: a descriptor whose @struct_size was checked
 *
 * Returns: (nullable): its lowest libocirt version, when its size has it
 */
const char *
oci_plugin_desc_get_min_libocirt (const OciPluginDesc *desc)
{
  return DESC_FIELD (desc, min_libocirt);
}

OciPlugin *
oci_plugin_new (const char *path, GModule *module, const OciPluginDesc *desc)
{
  OciPluginMeta meta = meta_of_desc (desc);
  OciPlugin *plugin = plugin_alloc (path, &meta);

  plugin->module = module;
  plugin->desc = desc;
  return plugin;
}

OciPlugin *
oci_plugin_new_deferred (const char *path, const OciPluginMeta *meta)
{
  return plugin_alloc (path, meta);
}

void
oci_plugin_set_module (OciPlugin *plugin, GModule *module, const OciPluginDesc *desc)
{
  plugin->module = module;
  plugin->desc = desc;
}

void
oci_plugin_meta_clear (OciPluginMeta *meta)
{
  g_free (meta->buffer);
  memset (meta, 0, sizeof *meta);
}

/* Refuses a plugin that needs a newer libocirt than this one (or states
 * a version that is not one). */
gboolean
oci_plugin_check_min_libocirt (const char *name, const char *min_libocirt, GError **error)
{
  g_auto(OciSemver) parsed = { 0 };

  if (min_libocirt == NULL || *min_libocirt == '\0')
    return TRUE;
  if (!oci_semver_parse (min_libocirt, &parsed, NULL))
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                        "plugin '%s' states an invalid lowest libocirt version \"%s\"", name, min_libocirt),
           FALSE;
  if (oci_semver_compare_strings (min_libocirt, OCI_RUNTIME_TOOLS_VERSION) > 0)
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_ABI,
                        "plugin '%s' needs libocirt %s or newer, this is %s", name, min_libocirt,
                        OCI_RUNTIME_TOOLS_VERSION),
           FALSE;
  return TRUE;
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
 * OCI_PLUGIN_META_MAGIC, then fields separated by \037: name, platforms,
 * description (the first plugins stopped there), then sections (plugins
 * of OCI_PLUGIN_DEFINE_FOR_SECTIONS before the metadata stopped there),
 * then version, licence, URL, vendor and lowest libocirt version. An
 * empty sections field means none. Reading it costs a few small reads,
 * where opening the module costs its mapping and dynamic linking. */
gboolean
oci_plugin_read_meta (const char *path, OciPluginMeta *meta)
{
  char *fields[9] = { NULL };
  char *section;
  gsize magic = strlen (OCI_PLUGIN_META_MAGIC);
  guint n = 0;
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
    {
      g_free (section);
      return FALSE;
    }
  /* split in place: the fields point into the buffer the meta owns */
  for (char *field = section + magic; field != NULL && n < G_N_ELEMENTS (fields) + 1; n++)
    {
      char *sep = strchr (field, '\037');
      if (n < G_N_ELEMENTS (fields))
        fields[n] = field;
      if (sep)
        *sep = '\0';
      field = sep ? sep + 1 : NULL;
    }
  if (n != 3 && n != 4 && n != 9)
    {
      g_free (section);
      return FALSE;
    }
  meta->buffer = section;
  meta->name = fields[0];
  meta->platforms = fields[1];
  meta->description = fields[2];
  meta->sections = n > 3 && *fields[3] ? fields[3] : NULL;
  if (n == 9)
    {
      meta->version = fields[4];
      meta->license = fields[5];
      meta->url = fields[6];
      meta->vendor = fields[7];
      meta->min_libocirt = fields[8];
    }
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
  g_ptr_array_set_size (plugin->runtime_gaps, 0);
  g_hash_table_remove_all (plugin->checker_requirements);
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
  g_free (plugin->version);
  g_free (plugin->license);
  g_free (plugin->url);
  g_free (plugin->vendor);
  g_free (plugin->min_libocirt);
  oci_plugin_settings_free (plugin);
  g_ptr_array_unref (plugin->requirements);
  g_ptr_array_unref (plugin->checkers);
  g_ptr_array_unref (plugin->options);
  g_ptr_array_unref (plugin->field_orders);
  g_ptr_array_unref (plugin->runtime_cases);
  g_ptr_array_unref (plugin->runtime_gaps);
  g_hash_table_unref (plugin->checker_requirements);
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
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 * oci_plugin_get_version:
 * @plugin: a plugin
 *
 * Safe to call from any thread once the plugin is discovered.
 *
 * Returns: (nullable) (transfer none): its own version ("1.4.2"), as its descriptor states
 *   it, or %NULL when it states none
 */
const char *
oci_plugin_get_version (OciPlugin *plugin)
{
  return plugin->version;
}

/**
 * oci_plugin_get_license:
 * @plugin: a plugin
 *
 * Safe to call from any thread once the plugin is discovered.
 *
 * Returns: (nullable) (transfer none): its licence (an SPDX expression), as its descriptor states
 *   it, or %NULL when it states none
 */
const char *
oci_plugin_get_license (OciPlugin *plugin)
{
  return plugin->license;
}

/**
 * oci_plugin_get_url:
 * @plugin: a plugin
 *
 * Safe to call from any thread once the plugin is discovered.
 *
 * Returns: (nullable) (transfer none): its home page or source URL, as its descriptor states
 *   it, or %NULL when it states none
 */
const char *
oci_plugin_get_url (OciPlugin *plugin)
{
  return plugin->url;
}

/**
 * oci_plugin_get_vendor:
 * @plugin: a plugin
 *
 * Safe to call from any thread once the plugin is discovered.
 *
 * Returns: (nullable) (transfer none): who ships it, as its descriptor states
 *   it, or %NULL when it states none
 */
const char *
oci_plugin_get_vendor (OciPlugin *plugin)
{
  return plugin->vendor;
}

/**
 * oci_plugin_get_min_libocirt:
 * @plugin: a plugin
 *
 * Safe to call from any thread once the plugin is discovered.
 *
 * Returns: (nullable) (transfer none): the lowest libocirt version it needs, as its descriptor states
 *   it, or %NULL when it states none
 */
const char *
oci_plugin_get_min_libocirt (OciPlugin *plugin)
{
  return plugin->min_libocirt;
}

/**
 * oci_plugin_concerns:
 * @plugin: a plugin
 * @config_root: (nullable): the root object of a config
 *
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 * Reads what is fixed once the plugin is active: safe from checker threads.
 *
 * Returns: (transfer none) (element-type OciRequirement): its requirement rows
 */
GPtrArray *
oci_plugin_get_requirements (OciPlugin *plugin)
{
  return plugin->requirements;
}

/**
 * oci_plugin_get_runtime_gaps:
 * @plugin: a plugin
 *
 * Thread safety: it only reads the plugin, which does not change once
 * its init returned: safe from any thread, checker threads under
 * `validate --jobs` included.
 *
 * Returns: (transfer none) (element-type OciRuntimeGap): the runtime
 *   requirement rows the plugin knowingly leaves without a case
 */
GPtrArray *
oci_plugin_get_runtime_gaps (OciPlugin *plugin)
{
  return plugin->runtime_gaps;
}

/**
 * oci_plugin_get_runtime_cases:
 * @plugin: a plugin
 *
 * Reads what is fixed once the plugin is active: safe from checker threads.
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
 *
 * Call only from the plugin's init function (the activating thread).
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
 *
 * Call only from the plugin's init function (the activating thread).
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
 *
 * Call only from the plugin's init function (the activating thread).
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
 *
 * Call only from the plugin's init function (the activating thread).
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
 *
 * Call only from the plugin's init function (the activating thread).
 */
void
oci_plugin_add_runtime_cases (OciPlugin *plugin, const OciRuntimeCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (plugin->runtime_cases, (gpointer) &cases[i]);
}

/**
 * oci_plugin_add_runtime_gaps:
 * @plugin: the plugin being initialised
 * @gaps: (array length=n): runtime requirement rows no case tests, each
 *   with the reason; static
 * @n: how many
 *
 * Call only from the plugin's init function (the activating thread).
 */
void
oci_plugin_add_runtime_gaps (OciPlugin *plugin, const OciRuntimeGap *gaps, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (plugin->runtime_gaps, (gpointer) &gaps[i]);
}

/**
 * oci_plugin_add_checker_requirements:
 * @plugin: the plugin being initialised
 * @rows: (array length=n): what each of some of its checkers posts; static
 * @n: how many
 *
 * Declares the requirement rows checkers post. For an inside checker this
 * is how the registry learns which rows a runtime case running it tests
 * (`requirements --runtime`, `runtime-validate --only ID`); an inside
 * checker not declared counts for none. (A table of its own rather than an
 * #OciChecker field, so that checker tables written with `{ NULL }`
 * padding keep compiling.)
 *
 * Call only from the plugin's init function (the activating thread).
 */
void
oci_plugin_add_checker_requirements (OciPlugin *plugin, const OciCheckerRequirements *rows, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_hash_table_insert (plugin->checker_requirements, (gpointer) rows[i].checker,
                         (gpointer) rows[i].requirements);
}

/**
 * oci_plugin_get_checker_requirements:
 * @plugin: a plugin
 * @checker_id: the id of one of its checkers
 *
 * Thread safety: it only reads the plugin, which does not change once
 * its init returned: safe from any thread, checker threads under
 * `validate --jobs` included.
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): what
 *   oci_plugin_add_checker_requirements() declared, %NULL if nothing
 */
const char *const *
oci_plugin_get_checker_requirements (OciPlugin *plugin, const char *checker_id)
{
  return g_hash_table_lookup (plugin->checker_requirements, checker_id);
}

/**
 * oci_plugin_set_defaults:
 * @plugin: the plugin being initialised
 * @defaults: fills the plugin's part of a default config
 *
 * Call only from the plugin's init function (the activating thread).
 */
void
oci_plugin_set_defaults (OciPlugin *plugin, OciDefaultsFunc defaults)
{
  plugin->defaults = defaults;
}
