/* oci-plugin-settings.c — a plugin's own settings: declared keys with
 * types and defaults, read from one GKeyFile per plugin in each settings
 * folder and from --plugin-option NAME.KEY=VALUE
 *
 * Everything is read and resolved before and while the plugin's init runs;
 * afterwards the values never change, so checkers on worker threads read
 * them without a lock.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "oci-error.h"
#include "oci-file.h"
#include "oci-plugin-private.h"

#define SOURCES_KEY "oci-plugin-settings-sources"
/* A settings file holds a few keys: anything larger is not one. */
#define SETTINGS_MAX_SIZE ((gsize) 1024 * 1024)

/* What a registry's plugins read their settings from. */
typedef struct
{
  GPtrArray *dirs;      /* char *; NULL: the default folders */
  GPtrArray *defaults;  /* the default folders, made on first use */
  GPtrArray *overrides; /* char * triples: name, key, value */
  gboolean names_checked;
} Sources;

/* A key as a file or the command line sets it, before it is declared. */
typedef struct
{
  char *value;
  char *source; /* the file, or "--plugin-option" */
} Raw;

/* A declared setting and its resolved value. */
typedef struct
{
  const OciSetting *decl;
  const char *text;   /* the value in effect, or NULL: unset */
  const char *source; /* where it comes from: a file, --plugin-option, "default" */
  char *bad;          /* the rejected value, when a file or option gave one of the wrong type */
  const char *bad_source;
  gint64 i;
  double d;
  gboolean b;
} Value;

static void
sources_free (gpointer data)
{
  Sources *sources = data;

  g_clear_pointer (&sources->dirs, g_ptr_array_unref);
  g_clear_pointer (&sources->defaults, g_ptr_array_unref);
  g_ptr_array_unref (sources->overrides);
  g_free (sources);
}

static Sources *
sources_of (OciRegistry *registry)
{
  Sources *sources = g_object_get_data (G_OBJECT (registry), SOURCES_KEY);

  if (sources == NULL)
    {
      sources = g_new0 (Sources, 1);
      sources->overrides = g_ptr_array_new_with_free_func (g_free);
      g_object_set_data_full (G_OBJECT (registry), SOURCES_KEY, sources, sources_free);
    }
  return sources;
}

static void
raw_free (gpointer data)
{
  Raw *raw = data;

  g_free (raw->value);
  g_free (raw->source);
  g_free (raw);
}

static void
value_free (gpointer data)
{
  Value *value = data;

  g_free (value->bad);
  g_free (value);
}

/* A setting key: lowercase letters, digits and '-', starting with a letter. */
static gboolean
valid_key (const char *key)
{
  if (key == NULL || !g_ascii_islower (key[0]))
    return FALSE;
  for (const char *c = key; *c; c++)
    if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '-')
      return FALSE;
  return TRUE;
}

/**
 * oci_registry_add_plugin_option:
 * @self: a registry
 * @assignment: "NAME.KEY=VALUE": the setting KEY of plugin NAME
 * @error: set when @assignment does not have that shape
 *
 * Sets a plugin setting for every plugin @self activates from now on,
 * over what the settings files say (the `--plugin-option` of the CLI).
 * Whether the plugin declares KEY, and whether VALUE has its type, is
 * known once the plugin is activated: a mismatch then is a warning of the
 * registry. Call before activation, from one thread.
 *
 * Returns: %TRUE if @assignment was well-formed
 */
gboolean
oci_registry_add_plugin_option (OciRegistry *self, const char *assignment, GError **error)
{
  Sources *sources = sources_of (self);
  const char *eq = strchr (assignment, '=');
  const char *dot = eq ? memchr (assignment, '.', eq - assignment) : NULL;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;

  if (dot == NULL || dot == assignment)
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                        "\"%s\" is not NAME.KEY=VALUE", assignment), FALSE;
  name = g_strndup (assignment, dot - assignment);
  key = g_strndup (dot + 1, eq - dot - 1);
  if (!valid_key (key))
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                        "\"%s\": the key \"%s\" is not lowercase letters, digits and '-' (NAME.KEY=VALUE)",
                        assignment, key), FALSE;
  g_ptr_array_add (sources->overrides, g_steal_pointer (&name));
  g_ptr_array_add (sources->overrides, g_steal_pointer (&key));
  g_ptr_array_add (sources->overrides, g_strdup (eq + 1));
  return TRUE;
}

/**
 * oci_registry_set_settings_dirs:
 * @self: a registry
 * @dirs: (nullable) (array zero-terminated=1): folders holding NAME.conf
 *   settings files, later ones winning; %NULL restores the defaults
 *
 * By default a plugin's settings come from
 * `$sysconfdir/oci-runtime-tools/plugins.d/NAME.conf`, then
 * `$XDG_CONFIG_HOME/oci-runtime-tools/plugins.d/NAME.conf`, or from the
 * folders of `$OCI_RUNTIME_TOOLS_SETTINGS_PATH` when it is set. Call
 * before activation, from one thread.
 */
void
oci_registry_set_settings_dirs (OciRegistry *self, const char *const *dirs)
{
  Sources *sources = sources_of (self);

  g_clear_pointer (&sources->dirs, g_ptr_array_unref);
  if (dirs == NULL)
    return;
  sources->dirs = g_ptr_array_new_with_free_func (g_free);
  for (const char *const *d = dirs; *d; d++)
    g_ptr_array_add (sources->dirs, g_strdup (*d));
}

static GPtrArray *
default_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv (OCI_PLUGIN_SETTINGS_PATH_ENV);

  if (env != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
      for (char **p = parts; *p; p++)
        if (**p)
          g_ptr_array_add (dirs, g_strdup (*p));
      return dirs;
    }
  g_ptr_array_add (dirs, g_strdup (OCI_SYSCONFDIR "/oci-runtime-tools/plugins.d"));
  g_ptr_array_add (dirs, g_strconcat (g_get_user_config_dir (), "/oci-runtime-tools/plugins.d", NULL));
  return dirs;
}

static void G_GNUC_PRINTF (3, 4)
warn (OciRegistry *registry, OciPlugin *plugin, const char *format, ...)
{
  va_list args;
  g_autofree char *reason = NULL;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (oci_registry_get_warnings (registry), g_strdup_printf ("plugin %s: %s", plugin->path, reason));
}

static void
set_raw (OciPlugin *plugin, const char *key, const char *value, const char *source)
{
  Raw *raw = g_new0 (Raw, 1);

  raw->value = g_strdup (value);
  raw->source = g_strdup (source);
  g_hash_table_replace (plugin->settings_raw, g_strdup (key), raw);
}

/* Reads DIR/NAME.conf, group [NAME], when there is one. */
static void
load_file (OciPlugin *plugin, OciRegistry *registry, const char *dir)
{
  g_autofree char *path = g_strconcat (dir, "/", plugin->name, ".conf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) keys = NULL;
  gsize length = 0;

  /* Most plugins have no settings file: find that out with one failed
   * open, before making a key file. Read as any document: never blocking
   * on a FIFO, regular files only, bounded. */
  if (!oci_file_read_bounded (path, SETTINGS_MAX_SIZE, OCI_FILE_READ_REGULAR, &text, &length, &error))
    {
      if (g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        warn (registry, plugin, "settings file ignored: %s", error->message);
      return;
    }
  file = g_key_file_new ();
  if (!g_key_file_load_from_data (file, text, length, G_KEY_FILE_NONE, &error))
    {
      warn (registry, plugin, "settings file %s ignored: %s", path, error->message);
      return;
    }
  groups = g_key_file_get_groups (file, NULL);
  for (char **g = groups; *g; g++)
    if (strcmp (*g, plugin->name) != 0)
      warn (registry, plugin, "settings file %s: group [%s] ignored: settings go in [%s]", path, *g,
            plugin->name);
  keys = g_key_file_get_keys (file, plugin->name, NULL, NULL);
  for (char **k = keys; k && *k; k++)
    {
      g_autofree char *value = g_key_file_get_value (file, plugin->name, *k, NULL);
      set_raw (plugin, *k, value, path);
    }
}

/* Once per registry, when plugins are first activated (discovery is
 * done): a --plugin-option for a plugin nobody loaded is a typo or a
 * missing plugin, never silently nothing. */
static void
check_option_names (Sources *sources, OciRegistry *registry)
{
  GPtrArray *warnings = oci_registry_get_warnings (registry);

  sources->names_checked = TRUE;
  for (guint i = 0; i + 2 < sources->overrides->len; i += 3)
    if (oci_registry_lookup_plugin (registry, sources->overrides->pdata[i]) == NULL)
      g_ptr_array_add (warnings, g_strdup_printf ("--plugin-option %s.%s: no plugin named '%s' is loaded",
                                                  (char *) sources->overrides->pdata[i],
                                                  (char *) sources->overrides->pdata[i + 1],
                                                  (char *) sources->overrides->pdata[i]));
}

/* Reads what the settings files and the registry's --plugin-option say
 * for @plugin, before its init declares what it understands. */
void
oci_plugin_settings_load (OciPlugin *plugin, OciRegistry *registry)
{
  Sources *sources = sources_of (registry);
  GPtrArray *dirs = sources->dirs;

  if (plugin->settings_raw != NULL)
    return;
  if (!sources->names_checked)
    check_option_names (sources, registry);
  plugin->settings_raw = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, raw_free);
  plugin->settings = g_ptr_array_new_with_free_func (value_free);
  if (dirs == NULL)
    {
      if (sources->defaults == NULL)
        sources->defaults = default_dirs ();
      dirs = sources->defaults;
    }
  for (guint i = 0; i < dirs->len; i++)
    load_file (plugin, registry, dirs->pdata[i]);
  for (guint i = 0; i + 2 < sources->overrides->len; i += 3)
    if (strcmp (sources->overrides->pdata[i], plugin->name) == 0)
      set_raw (plugin, sources->overrides->pdata[i + 1], sources->overrides->pdata[i + 2], "--plugin-option");
}

static const char *
type_name (OciSettingType type)
{
  switch (type)
    {
    case OCI_SETTING_STRING: return "string";
    case OCI_SETTING_INT: return "integer";
    case OCI_SETTING_BOOLEAN: return "boolean";
    case OCI_SETTING_DOUBLE: return "number";
    default: return "?";
    }
}

/* Parses @text as @value's type into it; FALSE if it is not one. */
static gboolean
parse_value (Value *value, const char *text)
{
  char *end = NULL;

  switch (value->decl->type)
    {
    case OCI_SETTING_STRING:
      return TRUE;
    case OCI_SETTING_INT:
      return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value->i, NULL);
    case OCI_SETTING_DOUBLE:
      errno = 0;
      value->d = g_ascii_strtod (text, &end);
      return *text != '\0' && *end == '\0' && errno == 0;
    case OCI_SETTING_BOOLEAN:
      {
        static const char *const truths[] = { "true", "yes", "1" };
        static const char *const lies[] = { "false", "no", "0" };
        for (gsize i = 0; i < G_N_ELEMENTS (truths); i++)
          if (g_ascii_strcasecmp (text, truths[i]) == 0 || g_ascii_strcasecmp (text, lies[i]) == 0)
            {
              value->b = g_ascii_strcasecmp (text, truths[i]) == 0;
              return TRUE;
            }
        return FALSE;
      }
    default:
      return FALSE;
    }
}

static Value *
lookup (OciPlugin *plugin, const char *key)
{
  for (guint i = 0; plugin->settings && i < plugin->settings->len; i++)
    {
      Value *value = plugin->settings->pdata[i];
      if (strcmp (value->decl->key, key) == 0)
        return value;
    }
  return NULL;
}

/**
 * oci_plugin_add_settings:
 * @plugin: the plugin being initialised
 * @settings: (array length=n): the settings it understands; static
 * @n: how many
 *
 * Declares the plugin's settings, from its init function. Each value is
 * resolved at once: `--plugin-option`, else the last settings file that
 * sets it, else its default; a value of the wrong type is replaced by the
 * default with one warning. Keys nobody declared give one warning each
 * after init. A key declared twice, or not a valid key, is a programming
 * error (a critical warning) and is ignored.
 *
 * Thread safety: call it from the plugin's init function (on the thread
 * that activates the plugin), never from checker threads under `validate
 * --jobs`.
 */
void
oci_plugin_add_settings (OciPlugin *plugin, const OciSetting *settings, gsize n)
{
  if (plugin->settings == NULL)
    {
      /* a plugin used without a registry (a test): defaults only */
      plugin->settings_raw = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, raw_free);
      plugin->settings = g_ptr_array_new_with_free_func (value_free);
    }
  if (plugin->setting_decls == NULL)
    plugin->setting_decls = g_ptr_array_new ();
  for (gsize s = 0; s < n; s++)
    {
      Value *value;
      Raw *raw;

      if (!valid_key (settings[s].key) || lookup (plugin, settings[s].key) != NULL)
        {
          g_critical ("plugin %s: setting \"%s\" is not a valid key or is declared twice", plugin->name,
                      settings[s].key ? settings[s].key : "(null)");
          continue;
        }
      value = g_new0 (Value, 1);
      value->decl = &settings[s];
      raw = g_hash_table_lookup (plugin->settings_raw, settings[s].key);
      if (raw != NULL && parse_value (value, raw->value))
        {
          value->text = raw->value;
          value->source = raw->source;
        }
      else
        {
          if (raw != NULL)
            {
              value->bad = g_strdup (raw->value);
              value->bad_source = raw->source;
            }
          value->text = settings[s].default_value;
          value->source = "default";
          if (value->text != NULL && !parse_value (value, value->text))
            g_critical ("plugin %s: the default \"%s\" of setting \"%s\" is not a valid %s", plugin->name, value->text,
                        settings[s].key, type_name (settings[s].type));
        }
      g_ptr_array_add (plugin->settings, value);
      g_ptr_array_add (plugin->setting_decls, (gpointer) &settings[s]);
    }
}

/* After init: one warning per key set but not declared, and per value of
 * the wrong type. */
void
oci_plugin_settings_check (OciPlugin *plugin, OciRegistry *registry)
{
  GHashTableIter iter;
  gpointer key, data;

  if (plugin->settings_raw == NULL)
    return;
  g_hash_table_iter_init (&iter, plugin->settings_raw);
  while (g_hash_table_iter_next (&iter, &key, &data))
    if (lookup (plugin, key) == NULL)
      warn (registry, plugin, "setting '%s.%s' (from %s) is unknown: '%s' declares %s", plugin->name,
            (const char *) key, ((Raw *) data)->source, plugin->name,
            plugin->settings->len ? "other keys (see `plugins NAME`)" : "no settings");
  for (guint i = 0; i < plugin->settings->len; i++)
    {
      Value *value = plugin->settings->pdata[i];
      if (value->bad)
        warn (registry, plugin, "setting '%s.%s' = \"%s\" (from %s) is not a valid %s; the default %s is used",
              plugin->name, value->decl->key, value->bad, value->bad_source, type_name (value->decl->type),
              value->text ? value->text : "(unset)");
    }
}

void
oci_plugin_settings_free (OciPlugin *plugin)
{
  g_clear_pointer (&plugin->settings, g_ptr_array_unref);
  g_clear_pointer (&plugin->setting_decls, g_ptr_array_unref);
  g_clear_pointer (&plugin->settings_raw, g_hash_table_unref);
}

/**
 * oci_plugin_get_settings:
 * @plugin: a plugin
 *
 * Safe from any thread once the plugin is active.
 *
 * Returns: (transfer none) (element-type OciSetting) (nullable): the
 *   settings it declared, or %NULL if it declared none
 */
GPtrArray *
oci_plugin_get_settings (OciPlugin *plugin)
{
  return plugin->setting_decls && plugin->setting_decls->len ? plugin->setting_decls : NULL;
}

/* The value of a declared @key of @type; a critical warning otherwise. */
static Value *
typed (OciPlugin *plugin, const char *key, OciSettingType type)
{
  Value *value = lookup (plugin, key);

  if (value == NULL)
    {
      g_critical ("plugin %s declares no setting \"%s\"", plugin->name, key);
      return NULL;
    }
  if (value->decl->type != type)
    {
      g_critical ("setting %s.%s is a %s, not a %s", plugin->name, key, type_name (value->decl->type),
                  type_name (type));
      return NULL;
    }
  return value;
}

/**
 * oci_plugin_get_setting_string:
 * @plugin: a plugin, from its init function on
 * @key: a key it declared as %OCI_SETTING_STRING
 *
 * May be called from checker threads under `validate --jobs`: values do
 * not change once declared.
 *
 * Returns: (nullable) (transfer none): the value in effect, owned by the
 *   plugin; %NULL when unset and without default
 */
const char *
oci_plugin_get_setting_string (OciPlugin *plugin, const char *key)
{
  Value *value = typed (plugin, key, OCI_SETTING_STRING);

  return value ? value->text : NULL;
}

/**
 * oci_plugin_get_setting_int:
 * @plugin: a plugin, from its init function on
 * @key: a key it declared as %OCI_SETTING_INT
 *
 * May be called from checker threads.
 *
 * Returns: the value in effect; 0 when unset and without default
 */
gint64
oci_plugin_get_setting_int (OciPlugin *plugin, const char *key)
{
  Value *value = typed (plugin, key, OCI_SETTING_INT);

  return value && value->text ? value->i : 0;
}

/**
 * oci_plugin_get_setting_boolean:
 * @plugin: a plugin, from its init function on
 * @key: a key it declared as %OCI_SETTING_BOOLEAN
 *
 * May be called from checker threads.
 *
 * Returns: the value in effect; %FALSE when unset and without default
 */
gboolean
oci_plugin_get_setting_boolean (OciPlugin *plugin, const char *key)
{
  Value *value = typed (plugin, key, OCI_SETTING_BOOLEAN);

  return value && value->text ? value->b : FALSE;
}

/**
 * oci_plugin_get_setting_double:
 * @plugin: a plugin, from its init function on
 * @key: a key it declared as %OCI_SETTING_DOUBLE
 *
 * May be called from checker threads.
 *
 * Returns: the value in effect; 0.0 when unset and without default
 */
double
oci_plugin_get_setting_double (OciPlugin *plugin, const char *key)
{
  Value *value = typed (plugin, key, OCI_SETTING_DOUBLE);

  return value && value->text ? value->d : 0.0;
}

/**
 * oci_plugin_get_setting_source:
 * @plugin: a plugin
 * @key: a key it declared, of any type
 *
 * For display (`plugins NAME`). May be called from any thread once the
 * plugin is active.
 *
 * Returns: (nullable) (transfer none): where the value in effect comes
 *   from: a settings file's path, "--plugin-option" or "default"; %NULL
 *   if @plugin declares no such key
 */
const char *
oci_plugin_get_setting_source (OciPlugin *plugin, const char *key)
{
  Value *value = lookup (plugin, key);

  return value ? value->source : NULL;
}

/**
 * oci_plugin_get_setting_text:
 * @plugin: a plugin
 * @key: a key it declared, of any type
 *
 * For display: the value in effect as text, whatever its type. May be
 * called from any thread once the plugin is active.
 *
 * Returns: (nullable) (transfer none): the value, or %NULL when unset (or
 *   not declared)
 */
const char *
oci_plugin_get_setting_text (OciPlugin *plugin, const char *key)
{
  Value *value = lookup (plugin, key);

  return value ? value->text : NULL;
}

/* The settings in effect of @registry's active plugins that differ from
 * their defaults (set by a settings file or --plugin-option), as a key
 * file: one group per plugin, one key per setting. runtime-validate puts
 * it in the container (%OCI_RUNTIMETEST_SETTINGS), so that the inside
 * checkers read the values the outside ones read. */
char *
oci_registry_settings_to_data (OciRegistry *registry)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  GPtrArray *plugins = oci_registry_get_plugins (registry);

  for (guint i = 0; i < plugins->len; i++)
    {
      OciPlugin *plugin = plugins->pdata[i];

      for (guint j = 0; plugin->active && plugin->settings && j < plugin->settings->len; j++)
        {
          const Value *value = plugin->settings->pdata[j];
          if (value->text && g_strcmp0 (value->source, "default") != 0)
            g_key_file_set_string (file, plugin->name, value->decl->key, value->text);
        }
    }
  return g_key_file_to_data (file, NULL, NULL);
}
