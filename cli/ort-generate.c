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
 * starts with '-', without the dashes and any "=value"). */
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
      eq = strchr (a, '=');
      g_ptr_array_add (names, eq ? g_strndup (a, eq - a) : g_strdup (a));
    }
  g_ptr_array_add (names, NULL);
  return names;
}

/* The GOption entries of @plugin's options, owned by @keep. */
static GOptionEntry *
plugin_entries (OciPlugin *plugin, GPtrArray *keep)
{
  GPtrArray *options = oci_plugin_get_options (plugin);
  GOptionEntry *entries = g_new0 (GOptionEntry, options->len + 1);

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
  return entries;
}

static GOptionGroup *
plugin_group (OciPlugin *plugin, Collector *collector, GPtrArray *keep)
{
  GOptionEntry *entries;
  GOptionGroup *group;

  if (oci_plugin_get_options (plugin)->len == 0)
    return NULL;
  entries = plugin_entries (plugin, keep);
  group = g_option_group_new (oci_plugin_get_name (plugin), oci_plugin_get_name (plugin),
                              oci_plugin_get_name (plugin), collector, NULL);
  g_option_group_add_entries (group, entries);
  ort_note_entries (entries);
  return group;
}

/* Plugins for every platform first, then by platform, each in the order
 * the registry found them. */
static int
compare_by_platform (gconstpointer a, gconstpointer b)
{
  const char *pa = oci_plugin_get_platforms (*(OciPlugin *const *) a);
  const char *pb = oci_plugin_get_platforms (*(OciPlugin *const *) b);
  gboolean any_a = strcmp (pa, "*") == 0, any_b = strcmp (pb, "*") == 0;

  if (any_a != any_b)
    return any_a ? -1 : 1;
  return any_a ? 0 : strcmp (pa, pb);
}

static const char generate_summary[] =
  "Writes a config.json for the target platform: the defaults (or the --template), then each option in the "
  "order given. '--x-remove-all --x-add A' keeps A; '--x-add A --x-remove-all' drops it, with a note on "
  "standard error (the Go tool keeps A: this order is deliberate).\n\n"
  "Every plugin's options are known on any host. An option of another platform's plugin (--windows-*, "
  "--solaris-*, ...) selects that platform when neither --os nor the template's platform section names "
  "one; otherwise it is refused, naming the platform to give with --os.";

/* `generate --help`, `--help-all`: every plugin's options, whatever the
 * host, grouped by platform; `--help-PLUGIN`: that plugin's alone. Only
 * help opens every plugin. */
static int
print_generate_help (OrtGlobals *globals, int argc, char **argv, const GOptionEntry *main_entries)
{
  g_autoptr(OciRegistry) registry = ort_registry_new (globals, NULL);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) plugins = NULL;
  g_autoptr(GArray) sections = g_array_new (FALSE, TRUE, sizeof (OrtHelpSection));
  const char *only = NULL;
  OrtHelpSection main_section = { "Output and target:", main_entries };

  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (g_str_has_prefix (argv[i], "--help-") && strcmp (argv[i], "--help-all") != 0)
      only = argv[i] + strlen ("--help-");
  oci_registry_activate (registry, NULL, NULL);
  ort_print_warnings (globals, registry);
  plugins = g_ptr_array_new ();
  g_ptr_array_extend (plugins, oci_registry_get_plugins (registry), NULL, NULL);
  g_ptr_array_sort (plugins, compare_by_platform);
  if (only == NULL)
    g_array_append_val (sections, main_section);
  for (guint i = 0; i < plugins->len; i++)
    {
      OciPlugin *plugin = plugins->pdata[i];
      const char *platforms = oci_plugin_get_platforms (plugin);
      OrtHelpSection section;
      char *title;

      if (!oci_plugin_is_active (plugin) || oci_plugin_get_options (plugin)->len == 0
          || (only && strcmp (only, oci_plugin_get_name (plugin)) != 0))
        continue;
      title = g_strdup_printf ("%s: options of the %s plugin, %s:",
                               strcmp (platforms, "*") == 0 ? "Every platform" : platforms,
                               oci_plugin_get_name (plugin), oci_plugin_get_description (plugin));
      g_ptr_array_add (keep, title);
      section.title = title;
      section.entries = plugin_entries (plugin, keep);
      g_array_append_val (sections, section);
    }
  if (only && sections->len == 0)
    return ort_usage_error ("generate", "--help-%s: no plugin of that name has generate options", only);
  ort_help_print ("generate", NULL, generate_summary, (OrtHelpSection *) sections->data, sections->len);
  return 0;
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

/* The plugins' defaults; a third-party plugin's run in a plugin host. */
static gboolean
run_defaults (OciRegistry *registry, OciGenerateContext *gen, GError **error)
{
  return oci_registry_apply_defaults (registry, gen, error);
}

static gboolean
apply_occurrences (OciRegistry *registry, OciGenerateContext *gen, GArray *occurrences, GError **error)
{
  g_autofree const OciOption **options = g_new (const OciOption *, occurrences->len + 1);
  g_autofree const char **values = g_new (const char *, occurrences->len + 1);

  for (guint i = 0; i < occurrences->len; i++)
    {
      options[i] = g_array_index (occurrences, Occurrence, i).option;
      values[i] = g_array_index (occurrences, Occurrence, i).value;
    }
  return oci_registry_apply_options (registry, gen, options, values, occurrences->len, error);
}

/* What was dropped, what the config still lacks: on standard error, so
 * that the config on standard output stays clean. */
static void
print_notes (OrtGlobals *globals, OciGenerateContext *gen)
{
  GPtrArray *notes = oci_generate_context_get_notes (gen);

  if (g_strcmp0 (globals->log_level, "panic") == 0 || g_strcmp0 (globals->log_level, "fatal") == 0
      || g_strcmp0 (globals->log_level, "error") == 0)
    return;
  for (guint i = 0; i < notes->len; i++)
    fprintf (stderr, "%s: note: %s\n", ORT_PROGRAM, (const char *) notes->pdata[i]);
}

/* The target platform and what chose it, for messages. */
typedef struct
{
  const char *os;
  char *source; /* "--os", "the template's windows section", "--windows-layer-folders", NULL: the host */
} Target;

/* An option no plugin of the target knows may belong to another
 * platform's plugin: it selects that platform when nothing chose one,
 * else it is refused with the platform to name. Only then are the other
 * plugins opened: the common path pays one lookup per option. */
static gboolean
settle_platform_with (OrtGlobals *globals, OciRegistry **registry, OciRegistry **all,
                      const char *const *names, Target *target, const char *arch, GError **error)
{
  for (const char *const *n = names; *n; n++)
    {
      const OciOption *option;
      OciPlugin *owner;
      const char *platforms;
      g_autofree char *platform = NULL;

      if (oci_registry_lookup_option (*registry, *n))
        continue;
      if (*all == NULL)
        {
          *all = ort_registry_new (globals, NULL);
          oci_registry_activate (*all, NULL, NULL);
        }
      option = oci_registry_lookup_option (*all, *n);
      owner = option ? oci_registry_plugin_for_option (*all, option) : NULL;
      if (owner == NULL)
        continue; /* GOption says it is unknown */
      platforms = oci_plugin_get_platforms (owner);
      platform = g_strndup (platforms, strcspn (platforms, ",/"));
      if (target->source == NULL && strcmp (platform, "*") != 0)
        {
          target->os = g_intern_string (platform);
          target->source = g_strdup_printf ("--%s", *n);
          g_object_unref (*registry);
          *registry = ort_registry_new (globals, NULL);
          oci_registry_activate_for_options (*registry, target->os, arch, names);
          /* every name again, against the new target */
          return settle_platform_with (globals, registry, all, names, target, arch, error);
        }
      g_set_error (error, OCI_OPTION_ERROR, OCI_OPTION_ERROR_UNSUPPORTED,
                   "--%s belongs to the %s plugin (platform %s), but the target is %s, chosen by %s: "
                   "%s --os %s", *n, oci_plugin_get_name (owner), platforms, target->os,
                   target->source ? target->source : "this host", target->source ? "use" : "add", platform);
      return FALSE;
    }
  return TRUE;
}

static gboolean
settle_platform (OrtGlobals *globals, OciRegistry **registry, const char *const *names, Target *target,
                 const char *arch, GError **error)
{
  g_autoptr(OciRegistry) all = NULL;

  return settle_platform_with (globals, registry, &all, names, target, arch, error);
}

/* Reads --template before the options are parsed: its platform section
 * chooses the target, and the plugins to open. */
static OciConfig *
load_template (OciRegistry *registry, const char *path, Target *target, GError **error)
{
  OciConfig *config = oci_config_new_from_input (path, error);
  g_auto(GStrv) platforms = NULL;
  g_autofree char *os = NULL;

  if (config == NULL || target->source
      || json_node_get_node_type (oci_config_get_root (config)) != JSON_NODE_OBJECT)
    return config;
  platforms = oci_registry_get_platform_names (registry);
  os = oci_platform_from_config (config, (const char *const *) platforms);
  if (os)
    {
      target->os = g_intern_string (os);
      target->source = g_strdup_printf ("the template's %s section", os);
    }
  return config;
}

int
ort_cmd_generate (OrtGlobals *globals, int argc, char **argv)
{
  g_autofree char *template_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *os_opt = NULL;
  g_autofree char *arch_opt = NULL;
  g_autofree char *spec_version = NULL;
  const char *arch, *release, *template_arg;
  g_autoptr(OciRegistry) registry = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) occurrences = g_array_new (FALSE, TRUE, sizeof (Occurrence));
  g_autoptr(OciConfig) config = NULL;
  g_autoptr(OciGenerateContext) gen = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  Target target = { NULL, NULL };
  Collector collector;
  GPtrArray *plugins;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE, atomically ('-' or none: standard output)", "FILE" },
    { "template", 0, 0, G_OPTION_ARG_FILENAME, &template_path, "Start from this config instead of the defaults (kept as it is, but for the options given); its platform section sets the target platform", "FILE" },
    { "os", 0, 0, G_OPTION_ARG_STRING, &os_opt, "Target operating system (default: the template's platform, else the platform of the options used, else this host's)", "OS" },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &arch_opt, "Target architecture, GOARCH spelling (default: this host's)", "ARCH" },
    { "spec-version", 0, 0, G_OPTION_ARG_STRING, &spec_version, "Target runtime-spec release: sets ociVersion and refuses options for fields it lacks", "VERSION" },
    { NULL }
  };

  ort_note_entries (entries);
  if (ort_describing ())
    return ORT_EXIT_USAGE;
  if (ort_help_requested (argc, argv))
    return print_generate_help (globals, argc, argv, entries);
  g_array_set_clear_func (occurrences, occurrence_clear);
  target.os = prescan (argc, argv, "os");
  if (target.os)
    target.source = g_strdup ("--os");
  arch = prescan (argc, argv, "arch");
  if (arch == NULL)
    arch = oci_host_arch ();

  registry = ort_registry_new (globals, NULL);
  template_arg = prescan (argc, argv, "template");
  if (template_arg)
    {
      config = load_template (registry, template_arg, &target, &error);
      if (config == NULL)
        {
          g_free (target.source);
          return ort_input_error (error);
        }
    }
  if (target.os == NULL)
    target.os = oci_host_os ();
  /* Plugins declared with config sections (hooks, vm) are opened only if
   * an option of theirs is used (or the template has their sections). */
  names = option_names (argc, argv);
  oci_registry_activate_for_options (registry, target.os, arch, (const char *const *) names->pdata);
  if (!settle_platform (globals, &registry, (const char *const *) names->pdata, &target, arch, &error))
    {
      g_free (target.source);
      return ort_usage_error ("generate", "%s", error->message);
    }
  g_clear_pointer (&target.source, g_free);
  if (ort_require_plugins (globals, registry) != 0)
    return ORT_EXIT_USAGE;
  ort_print_warnings (globals, registry);
  collector.registry = registry;
  collector.occurrences = occurrences;

  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
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
  if (!ort_parse_options (context, "generate", &argc, &argv))
    return ORT_EXIT_USAGE;
  if (argc > 1)
    return ort_usage_error ("generate", "unexpected argument '%s'", argv[1]);
  if (spec_version && !oci_spec_is_release (spec_version))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) oci_spec_get_releases ());
      return ort_usage_error ("generate", "--spec-version: unknown release \"%s\" (known: %s)", spec_version, known);
    }

  if (config)
    {
      if (spec_version)
        release = spec_version;
      else if (oci_spec_match_release (oci_config_get_version (config), &release) == OCI_RELEASE_INVALID)
        release = oci_spec_get_newest_release ();
      if (!check_template (config, release, &error))
        return ort_input_error (error);
      /* the sections the template has need their plugins' field orders */
      if (json_node_get_node_type (oci_config_get_root (config)) == JSON_NODE_OBJECT)
        {
          oci_registry_activate_for_config (registry, target.os, arch,
                                            json_node_get_object (oci_config_get_root (config)));
          ort_print_warnings (globals, registry);
        }
    }
  else
    {
      release = spec_version ? spec_version : oci_spec_get_newest_release ();
      config = oci_config_new ();
    }
  gen = oci_generate_context_new (config, target.os, arch, release, template_arg != NULL);
  oci_generate_context_set_host_specific (gen, globals->host_specific);
  if (template_arg == NULL && !run_defaults (registry, gen, &error))
    return ort_input_error (error);
  if (spec_version)
    oci_config_set_string (config, "/ociVersion", spec_version);

  if (!apply_occurrences (registry, gen, occurrences, &error))
    return ort_usage_error ("generate", "%s", error->message);
  oci_generate_context_finish (gen);
  print_notes (globals, gen);

  oci_config_set_field_order (config, oci_registry_get_field_orders (registry));
  if (!oci_config_save (config, output ? output : "-", oci_generate_context_get_output_pointer (gen), &error))
    {
      /* standard output's failure is said once, when it is closed */
      if (output == NULL && ferror (stdout))
        return ORT_EXIT_USAGE;
      return ort_input_error (error);
    }
  /* Left to the kernel at exit, as in validate. */
  ort_keep_until_exit (g_steal_pointer (&config));
  return 0;
}
