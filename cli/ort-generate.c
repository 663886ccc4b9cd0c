/* ort-generate.c — `oci-runtime-tool generate`
 *
 * Plugin options are applied in command-line order: GOption calls the
 * callback of each occurrence as it parses, and the callback only records
 * it; the records are applied after the template or defaults are in place.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>

#include "ort-cli.h"

typedef struct
{
  const OciOption *option;
  char *value;
} Occurrence;

typedef struct
{
  OciRegistry *registry;
  GArray *occurrences; /* Occurrence */
} Collector;

static void
occurrence_clear (gpointer data)
{
  g_free (((Occurrence *) data)->value);
}

static gboolean
on_plugin_option (const char *option_name, const char *value, gpointer data, GError **error)
{
  Collector *c = data;
  const char *name = option_name + (g_str_has_prefix (option_name, "--") ? 2 : 1);
  Occurrence o = { oci_registry_lookup_option (c->registry, name), g_strdup (value) };

  if (o.option == NULL)
    {
      g_free (o.value);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION, "Unknown option %s", option_name);
      return FALSE;
    }
  g_array_append_val (c->occurrences, o);
  return TRUE;
}

/* Finds the value of a fixed option before GOption runs: the plugins to
 * load depend on --os. */
static const char *
prescan (int argc, char **argv, const char *name)
{
  gsize n = strlen (name);
  const char *found = NULL;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (strcmp (a, "--") == 0)
        break;
      a += a[0] == '-' && a[1] == '-' ? 2 : (a[0] == '-' ? 1 : 0);
      if (a == argv[i] || strncmp (a, name, n) != 0)
        continue;
      if (a[n] == '=')
        found = a + n + 1;
      else if (a[n] == '\0' && i + 1 < argc)
        found = argv[i + 1];
    }
  return found;
}

/* The names of the options the command line may use (every argument that
 * starts with '-', without the dashes and any "=value"), or NULL when it
 * asks for help, which lists every option. */
static GPtrArray *
option_names (int argc, char **argv)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    {
      const char *a = argv[i];
      const char *eq;

      if (a[0] != '-')
        continue;
      a += a[1] == '-' ? 2 : 1;
      if (strcmp (a, "help") == 0 || strcmp (a, "h") == 0 || g_str_has_prefix (a, "help-"))
        {
          g_ptr_array_unref (names);
          return NULL;
        }
      eq = strchr (a, '=');
      g_ptr_array_add (names, eq ? g_strndup (a, eq - a) : g_strdup (a));
    }
  g_ptr_array_add (names, NULL);
  return names;
}

static GOptionGroup *
plugin_group (OciPlugin *plugin, Collector *collector, GPtrArray *keep)
{
  GPtrArray *options = oci_plugin_get_options (plugin);
  GOptionEntry *entries;
  GOptionGroup *group;
  g_autofree char *help_name = NULL;
  g_autofree char *help_only = NULL;

  if (options->len == 0)
    return NULL;
  entries = g_new0 (GOptionEntry, options->len + 1);
  g_ptr_array_add (keep, entries);
  for (guint i = 0; i < options->len; i++)
    {
      const OciOption *o = options->pdata[i];
      entries[i].long_name = o->name;
      entries[i].arg = G_OPTION_ARG_CALLBACK;
      entries[i].arg_data = (gpointer) on_plugin_option;
      entries[i].flags = (o->flags & OCI_OPTION_FLAG) ? G_OPTION_FLAG_OPTIONAL_ARG : 0;
      entries[i].description = o->help;
      /* GOption writes an optional argument as --name[=ARG]. */
      entries[i].arg_description = o->syntax ? o->syntax : ((o->flags & OCI_OPTION_FLAG) ? "true|false" : NULL);
    }
  help_name = g_strdup_printf ("Options of the %s plugin (%s):", oci_plugin_get_name (plugin),
                               oci_plugin_get_description (plugin));
  help_only = g_strdup_printf ("Show the options of the %s plugin", oci_plugin_get_name (plugin));
  group = g_option_group_new (oci_plugin_get_name (plugin), help_name, help_only, collector, NULL);
  g_ptr_array_add (keep, g_steal_pointer (&help_only));
  g_option_group_add_entries (group, entries);
  ort_note_entries (entries);
  return group;
}

/* A template is checked against the schema of its release before use. */
static gboolean
check_template (OciConfig *config, const char *release, GError **error)
{
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autofree char *uri = oci_spec_schema_uri (release, "config");
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GString) text = NULL;

  if (!oci_schema_validate (schema, uri, oci_config_get_root (config), &violations, error))
    return FALSE;
  if (violations->len == 0)
    return TRUE;
  text = g_string_new (NULL);
  g_string_append_printf (text, "%s: the template does not match the runtime-spec %s schema:",
                          oci_config_get_source_name (config), release);
  for (guint i = 0; i < violations->len && i < 10; i++)
    {
      OciSchemaViolation *v = violations->pdata[i];
      guint line = 0, column = 0;
      oci_config_get_location (config, v->instance_pointer, &line, &column);
      g_string_append_printf (text, "\n  %s:%u:%u: %s: %s", oci_config_get_source_name (config), line,
                              column, *v->instance_pointer ? v->instance_pointer : "/", v->message);
    }
  g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_PARSE, "%s", text->str);
  return FALSE;
}

static gboolean
run_defaults (OciRegistry *registry, OciGenerateContext *gen, GError **error)
{
  GPtrArray *defaults = oci_registry_get_defaults (registry);

  for (guint i = 0; i < defaults->len; i++)
    {
      OciDefaultsFunc func = (OciDefaultsFunc) defaults->pdata[i];
      if (!func (gen, error))
        return FALSE;
    }
  return TRUE;
}

int
ort_cmd_generate (OrtGlobals *globals, int argc, char **argv)
{
  g_autofree char *template_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *os_opt = NULL;
  g_autofree char *arch_opt = NULL;
  g_autofree char *spec_version = NULL;
  const char *os, *arch, *release;
  g_autoptr(OciRegistry) registry = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) occurrences = g_array_new (FALSE, TRUE, sizeof (Occurrence));
  g_autoptr(OciConfig) config = NULL;
  g_autoptr(OciGenerateContext) gen = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  Collector collector;
  GPtrArray *plugins;
  GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_FILENAME, &template_path, "Start from this config instead of the defaults (kept as it is, but for the options given)", "FILE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE, atomically ('-' or none: standard output)", "FILE" },
    { "os", 0, 0, G_OPTION_ARG_STRING, &os_opt, "Target operating system (default: this host's)", "OS" },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &arch_opt, "Target architecture, GOARCH spelling (default: this host's)", "ARCH" },
    { "spec-version", 0, 0, G_OPTION_ARG_STRING, &spec_version, "Target runtime-spec release: sets ociVersion and refuses options for fields it lacks", "VERSION" },
    { NULL }
  };

  g_array_set_clear_func (occurrences, occurrence_clear);
  os = prescan (argc, argv, "os");
  arch = prescan (argc, argv, "arch");
  if (os == NULL)
    os = oci_host_os ();
  if (arch == NULL)
    arch = oci_host_arch ();

  registry = ort_registry_new (globals, NULL);
  /* Plugins declared with config sections (hooks, vm) are opened only if
   * an option of theirs is used (or the template has their sections). */
  names = option_names (argc, argv);
  oci_registry_activate_for_options (registry, os, arch,
                                     names ? (const char *const *) names->pdata : NULL);
  ort_print_warnings (globals, registry);
  collector.registry = registry;
  collector.occurrences = occurrences;

  context = g_option_context_new ("- generate an OCI runtime-spec config.json");
  g_option_context_add_main_entries (context, entries, NULL);
  ort_note_entries (entries);
  g_option_context_set_summary (context,
                                "Options are applied in the order given: '--x-remove-all --x-add A' keeps A,\n"
                                "'--x-add A --x-remove-all' drops it. Each option's syntax follows its name.");
  plugins = oci_registry_get_plugins (registry);
  for (guint i = 0; i < plugins->len; i++)
    {
      GOptionGroup *group;
      if (!oci_plugin_is_active (plugins->pdata[i]))
        continue;
      group = plugin_group (plugins->pdata[i], &collector, keep);
      if (group)
        g_option_context_add_group (context, group);
    }
  /* --help lists every plugin's options, not only the groups' names. */
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
      {
        g_autofree char *help = g_option_context_get_help (context, FALSE, NULL);
        fputs (help, stdout);
        return 0;
      }
  if (!ort_parse_options (context, "generate", &argc, &argv))
    return ORT_EXIT_USAGE;
  if (argc > 1)
    return ort_usage_error ("generate", "unexpected argument '%s'", argv[1]);
  if (spec_version && !oci_spec_is_release (spec_version))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) oci_spec_get_releases ());
      return ort_usage_error ("generate", "--spec-version: unknown release \"%s\" (known: %s)", spec_version, known);
    }

  if (template_path)
    {
      config = oci_config_new_from_input (template_path, &error);
      if (config == NULL)
        return ort_input_error (error);
      if (spec_version)
        release = spec_version;
      else if (oci_spec_match_release (oci_config_get_version (config), &release) == OCI_RELEASE_INVALID)
        release = oci_spec_get_newest_release ();
      if (!check_template (config, release, &error))
        return ort_input_error (error);
      /* the sections the template has need their plugins' field orders */
      if (json_node_get_node_type (oci_config_get_root (config)) == JSON_NODE_OBJECT)
        {
          oci_registry_activate_for_config (registry, os, arch,
                                            json_node_get_object (oci_config_get_root (config)));
          ort_print_warnings (globals, registry);
        }
    }
  else
    {
      release = spec_version ? spec_version : oci_spec_get_newest_release ();
      config = oci_config_new ();
    }
  gen = oci_generate_context_new (config, os, arch, release, template_path != NULL);
  oci_generate_context_set_host_specific (gen, globals->host_specific);
  if (template_path == NULL && !run_defaults (registry, gen, &error))
    return ort_input_error (error);
  if (spec_version)
    oci_config_set_string (config, "/ociVersion", spec_version);

  for (guint i = 0; i < occurrences->len; i++)
    {
      Occurrence *o = &g_array_index (occurrences, Occurrence, i);
      if (!oci_generate_context_apply (gen, o->option, o->value, &error))
        return ort_usage_error ("generate", "%s", error->message);
    }
  oci_generate_context_finish (gen);

  oci_config_set_field_order (config, oci_registry_get_field_orders (registry));
  if (!oci_config_save (config, output ? output : "-", oci_generate_context_get_output_pointer (gen), &error))
    return ort_input_error (error);
  /* Left to the kernel at exit, as in validate. */
  ort_keep_until_exit (g_steal_pointer (&config));
  return 0;
}
