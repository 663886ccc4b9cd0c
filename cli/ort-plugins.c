/* ort-plugins.c — `plugins`, `requirements` and `json-schema`
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>

#include "ort-cli.h"

static const char *
phase_name (OciPhase phase)
{
  switch (phase)
    {
    case OCI_PHASE_BUNDLE: return "bundle";
    case OCI_PHASE_HOST: return "host";
    case OCI_PHASE_INSIDE: return "inside";
    case OCI_PHASE_STATE: return "state";
    case OCI_PHASE_FEATURES: return "features";
    default: return "?";
    }
}

static const char *
setting_type_name (OciSettingType type)
{
  switch (type)
    {
    case OCI_SETTING_STRING: return "string";
    case OCI_SETTING_INT: return "int";
    case OCI_SETTING_BOOLEAN: return "boolean";
    case OCI_SETTING_DOUBLE: return "double";
    default: return "?";
    }
}

/* The version of the JSON documents `plugins --format json` and
 * `requirements --format json` write (docs/plugin-guide.md describes
 * them); bumped on an incompatible change, members are only added. */
#define ORT_INSPECT_JSON_VERSION 1

/* Whether @format is one `plugins` and `requirements` write. */
static gboolean
parse_format (const char *command, const char *format, gboolean *json, int *status)
{
  if (format == NULL || strcmp (format, "text") == 0)
    *json = FALSE;
  else if (strcmp (format, "json") == 0)
    *json = TRUE;
  else
    {
      *status = ort_usage_error (command, "--format: invalid value \"%s\" (syntax: --format text|json)", format);
      return FALSE;
    }
  return TRUE;
}

/* Whether @checker posts the row @id: the plugin declared it
 * (oci_plugin_add_checker_requirements()), or, undeclared, @id is the
 * checker's or starts with it and a '.'. */
static gboolean
checker_posts (const char *const *declared, const OciChecker *checker, const char *id)
{
  gsize n = strlen (checker->id);

  if (declared)
    return g_strv_contains (declared, id);
  return strncmp (id, checker->id, n) == 0 && (id[n] == '\0' || id[n] == '.');
}

/* The requirements @checker posts, one row per id. */
static GPtrArray *
checker_requirements (OciPlugin *plugin, const OciChecker *checker)
{
  GPtrArray *rows = oci_plugin_get_requirements (plugin);
  const char *const *declared = oci_plugin_get_checker_requirements (plugin, checker->id);
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      const OciRequirement *r = rows->pdata[i];
      if (checker_posts (declared, checker, r->id)
          && (ids->len == 0 || strcmp (((const OciRequirement *) ids->pdata[ids->len - 1])->id, r->id) != 0))
        g_ptr_array_add (ids, (gpointer) r);
    }
  return ids;
}

static void
add_string (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_list (JsonBuilder *b, const char *member, const char *comma_list)
{
  g_auto(GStrv) parts = comma_list ? g_strsplit (comma_list, ",", -1) : NULL;

  json_builder_set_member_name (b, member);
  if (parts == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_array (b);
  for (char **p = parts; *p; p++)
    json_builder_add_string_value (b, g_strstrip (*p));
  json_builder_end_array (b);
}

static void
add_strv (JsonBuilder *b, const char *member, const char *const *values)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (const char *const *v = values; v && *v; v++)
    json_builder_add_string_value (b, *v);
  json_builder_end_array (b);
}

static void
plugin_settings_to_json (JsonBuilder *b, OciPlugin *p)
{
  GPtrArray *settings = oci_plugin_get_settings (p);

  json_builder_set_member_name (b, "settings");
  json_builder_begin_array (b);
  for (guint i = 0; settings && i < settings->len; i++)
    {
      const OciSetting *s = settings->pdata[i];
      json_builder_begin_object (b);
      add_string (b, "key", s->key);
      add_string (b, "type", setting_type_name (s->type));
      add_string (b, "default", s->default_value);
      add_string (b, "value", oci_plugin_get_setting_text (p, s->key));
      add_string (b, "source", oci_plugin_get_setting_source (p, s->key));
      add_string (b, "help", s->help);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* Writes the members of one part (a checker, an option, a case). */
typedef void (*PartToJson) (JsonBuilder *b, OciPlugin *plugin, gconstpointer part);

static void
checker_to_json (JsonBuilder *b, OciPlugin *plugin, gconstpointer part)
{
  const OciChecker *c = part;
  g_autoptr(GPtrArray) rows = checker_requirements (plugin, c);

  add_string (b, "id", c->id);
  add_string (b, "phase", phase_name (c->phase));
  add_string (b, "description", c->description);
  json_builder_set_member_name (b, "requirements");
  json_builder_begin_array (b);
  for (guint r = 0; r < rows->len; r++)
    json_builder_add_string_value (b, ((const OciRequirement *) rows->pdata[r])->id);
  json_builder_end_array (b);
}

static void
option_to_json (JsonBuilder *b, OciPlugin *plugin, gconstpointer part)
{
  const OciOption *o = part;

  add_string (b, "name", o->name);
  add_string (b, "syntax", o->syntax);
  add_string (b, "help", o->help);
  add_string (b, "since", o->since);
}

static void
case_to_json (JsonBuilder *b, OciPlugin *plugin, gconstpointer part)
{
  const OciRuntimeCase *c = part;

  add_string (b, "id", c->id);
  add_string (b, "description", c->description);
  add_strv (b, "inside", c->inside);
}

/* @member: an array of one object per part. */
static void
parts_to_json (JsonBuilder *b, OciPlugin *plugin, const char *member, GPtrArray *parts, PartToJson one)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < parts->len; i++)
    {
      json_builder_begin_object (b);
      one (b, plugin, parts->pdata[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
plugin_parts_to_json (JsonBuilder *b, OciPlugin *p)
{
  parts_to_json (b, p, "checkers", oci_plugin_get_checkers (p), checker_to_json);
  parts_to_json (b, p, "options", oci_plugin_get_options (p), option_to_json);
  parts_to_json (b, p, "runtimeCases", oci_plugin_get_runtime_cases (p), case_to_json);
  json_builder_set_member_name (b, "requirementCount");
  json_builder_add_int_value (b, oci_plugin_get_requirements (p)->len);
}

static void
plugin_to_json (JsonBuilder *b, OciPlugin *p)
{
  json_builder_begin_object (b);
  add_string (b, "name", oci_plugin_get_name (p));
  add_string (b, "description", oci_plugin_get_description (p));
  add_string (b, "version", oci_plugin_get_version (p));
  add_string (b, "license", oci_plugin_get_license (p));
  add_string (b, "url", oci_plugin_get_url (p));
  add_string (b, "vendor", oci_plugin_get_vendor (p));
  add_string (b, "minLibocirt", oci_plugin_get_min_libocirt (p));
  add_list (b, "platforms", oci_plugin_get_platforms (p));
  add_list (b, "sections", oci_plugin_get_sections (p));
  add_string (b, "file", oci_plugin_get_path (p));
  json_builder_set_member_name (b, "active");
  json_builder_add_boolean_value (b, oci_plugin_is_active (p));
  plugin_settings_to_json (b, p);
  plugin_parts_to_json (b, p);
  json_builder_end_object (b);
}

/* Starts a document of `plugins` or `requirements --format json`, with
 * the members every JSON report of the tool starts with
 * (docs/report.schema.json). */
static JsonBuilder *
begin_document (const char *command)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, ORT_INSPECT_JSON_VERSION);
  add_string (b, "tool", ORT_PROGRAM);
  add_string (b, "toolVersion", OCI_RUNTIME_TOOLS_VERSION);
  add_string (b, "command", command);
  json_builder_set_member_name (b, "pluginAbi");
  json_builder_add_int_value (b, OCI_PLUGIN_ABI_VERSION);
  return b;
}

static void
print_document (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}

static void
print_metadata (OciPlugin *p, const char *indent)
{
  const struct
  {
    const char *label;
    const char *value;
  } rows[] = {
    { "version", oci_plugin_get_version (p) },
    { "licence", oci_plugin_get_license (p) },
    { "vendor", oci_plugin_get_vendor (p) },
    { "url", oci_plugin_get_url (p) },
    { "needs libocirt", oci_plugin_get_min_libocirt (p) },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i].value)
      printf ("%s%-15s %s\n", indent, rows[i].label, rows[i].value);
}

static void
print_settings (OciPlugin *p, gboolean full)
{
  GPtrArray *settings = oci_plugin_get_settings (p);

  for (guint i = 0; settings && i < settings->len; i++)
    {
      const OciSetting *s = settings->pdata[i];
      const char *value = oci_plugin_get_setting_text (p, s->key);
      printf ("  setting %s.%s = %s (%s, from %s)\n", oci_plugin_get_name (p), s->key, value ? value : "(unset)",
              setting_type_name (s->type), oci_plugin_get_setting_source (p, s->key));
      if (full && s->help)
        printf ("      %s\n", s->help);
    }
}

/* Text for one plugin; @full adds what `plugins NAME` shows. */
static void
print_plugin (OciPlugin *p, gboolean full)
{
  GPtrArray *checkers = oci_plugin_get_checkers (p);
  GPtrArray *options = oci_plugin_get_options (p);
  GPtrArray *cases = oci_plugin_get_runtime_cases (p);

  printf ("%s — %s\n", oci_plugin_get_name (p), oci_plugin_get_description (p));
  print_metadata (p, "  ");
  printf ("  platforms: %s\n", oci_plugin_get_platforms (p));
  if (oci_plugin_get_sections (p))
    printf ("  validates only configs with: %s\n", oci_plugin_get_sections (p));
  printf ("  file: %s\n", oci_plugin_get_path (p));
  print_settings (p, full);
  for (guint c = 0; c < checkers->len; c++)
    {
      const OciChecker *ch = checkers->pdata[c];
      printf ("  checker %-28s [%s] %s\n", ch->id, phase_name (ch->phase), ch->description ? ch->description : "");
      if (full)
        {
          g_autoptr(GPtrArray) rows = checker_requirements (p, ch);
          for (guint i = 0; i < rows->len; i++)
            {
              const OciRequirement *r = rows->pdata[i];
              printf ("      posts %-36s %s\n", r->id, oci_level_to_string (r->level));
            }
        }
    }
  for (guint o = 0; o < options->len; o++)
    {
      const OciOption *op = options->pdata[o];
      printf ("  option  --%s%s%s\n", op->name, op->syntax ? " " : "", op->syntax ? op->syntax : "");
      if (full && op->help)
        printf ("      %s\n", op->help);
    }
  for (guint c = 0; full && c < cases->len; c++)
    {
      const OciRuntimeCase *rc = cases->pdata[c];
      printf ("  runtime case %s  %s\n", rc->id, rc->description ? rc->description : "");
    }
  if (!full && cases->len)
    printf ("  runtime cases: %u\n", cases->len);
  printf ("  requirements: %u\n", oci_plugin_get_requirements (p)->len);
}

int
ort_cmd_plugins (OrtGlobals *globals, int argc, char **argv)
{
  g_autofree char *platform = NULL;
  g_autofree char *os = NULL;
  g_autofree char *arch = NULL;
  g_autofree char *format = NULL;
  gboolean quiet = FALSE, json = FALSE;
  int status = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(OciRegistry) registry = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  const char *name = NULL;
  GPtrArray *plugins;
  GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform, "List only the plugins that apply to OS[/ARCH]", "OS[/ARCH]" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Names only", NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT" },
    { NULL }
  };

  context = g_option_context_new ("[NAME] - list plugins, or show plugin NAME in full");
  g_option_context_add_main_entries (context, entries, NULL);
  ort_note_entries (entries);
  if (!ort_parse_options (context, "plugins", &argc, &argv))
    return ORT_EXIT_USAGE;
  if (argc > 2)
    return ort_usage_error ("plugins", "unexpected argument '%s'", argv[2]);
  name = argc > 1 ? argv[1] : NULL;
  if (platform && !ort_parse_platform (platform, &os, &arch))
    return ort_usage_error ("plugins", "--platform: invalid value \"%s\" (syntax: --platform OS[/ARCH])", platform);
  if (!parse_format ("plugins", format, &json, &status))
    return status;

  registry = ort_registry_new (globals, NULL);
  oci_registry_activate (registry, os, arch);
  ort_print_warnings (globals, registry);
  if (name)
    {
      OciPlugin *p = oci_registry_lookup_plugin (registry, name);
      if (p == NULL || !oci_plugin_is_active (p))
        {
          fprintf (stderr, "%s: plugins: no active plugin named '%s' (see '%s plugins -q')\n", ORT_PROGRAM, name,
                   ORT_PROGRAM);
          return ORT_EXIT_USAGE;
        }
      if (!json)
        {
          print_plugin (p, TRUE);
          return 0;
        }
      builder = begin_document ("plugins");
      json_builder_set_member_name (builder, "plugin");
      plugin_to_json (builder, p);
      print_document (builder);
      return 0;
    }
  plugins = oci_registry_get_plugins (registry);
  if (json)
    {
      builder = begin_document ("plugins");
      json_builder_set_member_name (builder, "plugins");
      json_builder_begin_array (builder);
    }
  for (guint i = 0; i < plugins->len; i++)
    {
      OciPlugin *p = plugins->pdata[i];

      if (!oci_plugin_is_active (p))
        continue;
      if (json)
        plugin_to_json (builder, p);
      else if (quiet)
        printf ("%s\n", oci_plugin_get_name (p));
      else
        print_plugin (p, FALSE);
    }
  if (json)
    {
      json_builder_end_array (builder);
      print_document (builder);
    }
  return 0;
}

/* What runtime-validate has for a runtime row: the cases that test it,
 * else the reason a plugin gives for having none. */
typedef struct
{
  GHashTable *coverage; /* id -> GPtrArray of const OciRuntimeCase * */
  OciRegistry *registry;
  guint rows, covered, gaps, holes;
} Coverage;

static void
add_coverage_json (JsonBuilder *b, Coverage *cov, const OciRequirement *r)
{
  GPtrArray *cases = g_hash_table_lookup (cov->coverage, r->id);

  json_builder_set_member_name (b, "cases");
  json_builder_begin_array (b);
  for (guint i = 0; cases && i < cases->len; i++)
    json_builder_add_string_value (b, ((const OciRuntimeCase *) cases->pdata[i])->id);
  json_builder_end_array (b);
  add_string (b, "no_case_reason", cases ? NULL : oci_registry_get_runtime_gap (cov->registry, r->id));
}

static void
requirement_to_json (JsonBuilder *b, OciPlugin *plugin, const OciRequirement *r, const char *url,
                     const char *basis, Coverage *cov)
{
  json_builder_begin_object (b);
  add_string (b, "id", r->id);
  add_string (b, "level", oci_level_to_string (r->level));
  add_string (b, "plugin", oci_plugin_get_name (plugin));
  add_string (b, "document", r->document);
  add_string (b, "anchor", r->anchor);
  add_string (b, "since", r->since);
  add_string (b, "until", r->until);
  add_string (b, "summary", r->summary);
  add_string (b, "url", url);
  add_string (b, "basis", basis);
  if (oci_requirement_id_is_runtime (r->id))
    add_coverage_json (b, cov, r);
  json_builder_end_object (b);
}

/* The line under a runtime row: its cases, or why it has none. */
static void
print_coverage (Coverage *cov, const OciRequirement *r)
{
  GPtrArray *cases = g_hash_table_lookup (cov->coverage, r->id);
  const char *reason;

  if (cases)
    {
      printf ("    cases:");
      for (guint i = 0; i < cases->len; i++)
        printf ("%s %s", i ? "," : "", ((const OciRuntimeCase *) cases->pdata[i])->id);
      printf ("\n");
    }
  else if ((reason = oci_registry_get_runtime_gap (cov->registry, r->id)))
    printf ("    no case: %s\n", reason);
  else
    printf ("    no case and no reason given\n");
}

static void
count_coverage (Coverage *cov, const OciRequirement *r)
{
  cov->rows++;
  if (g_hash_table_contains (cov->coverage, r->id))
    cov->covered++;
  else if (oci_registry_get_runtime_gap (cov->registry, r->id))
    cov->gaps++;
  else
    cov->holes++;
}

/* --runtime keeps runtime rows, --uncovered those of them no case tests. */
static gboolean
row_selected (Coverage *cov, const OciRequirement *r, GPatternSpec *pattern, const char *release,
              gboolean runtime, gboolean uncovered)
{
  if (pattern && !g_pattern_spec_match_string (pattern, r->id))
    return FALSE;
  if (release && !oci_requirement_applies (r, release))
    return FALSE;
  if ((runtime || uncovered) && !oci_requirement_id_is_runtime (r->id))
    return FALSE;
  return !uncovered || !g_hash_table_contains (cov->coverage, r->id);
}

static void
print_requirement (Coverage *cov, const OciRequirement *r, const char *url, const char *basis)
{
  printf ("%-44s %-15s %s%s%s  %s\n    %s\n    basis: %s\n", r->id, oci_level_to_string (r->level),
          r->since ? r->since : "all", r->since ? (r->until ? "–" : "+") : "", r->until ? r->until : "",
          r->summary, url, basis);
  if (oci_requirement_id_is_runtime (r->id))
    print_coverage (cov, r);
}

int
ort_cmd_requirements (OrtGlobals *globals, int argc, char **argv)
{
  g_autofree char *area = NULL;
  g_autofree char *release = NULL;
  g_autofree char *format = NULL;
  gboolean json = FALSE;
  gboolean runtime = FALSE;
  gboolean uncovered = FALSE;
  int status = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(OciRegistry) registry = NULL;
  g_autoptr(GPatternSpec) pattern = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GHashTable) coverage = NULL;
  Coverage cov = { 0 };
  GPtrArray *plugins;
  GOptionEntry entries[] = {
    { "area", 0, 0, G_OPTION_ARG_STRING, &area, "Only requirements whose id matches GLOB (e.g. 'linux.*')", "GLOB" },
    { "spec-version", 0, 0, G_OPTION_ARG_STRING, &release, "Only rows that apply to this release, with its URLs", "VERSION" },
    { "runtime", 0, 0, G_OPTION_ARG_NONE, &runtime, "Only runtime rows (ids with a 'runtime' segment), with the runtime-validate cases that test each and a count", NULL },
    { "uncovered", 0, 0, G_OPTION_ARG_NONE, &uncovered, "Only runtime rows no case tests, with the reason (implies --runtime)", NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT" },
    { NULL }
  };

  context = g_option_context_new ("- list the requirement catalogue");
  g_option_context_add_main_entries (context, entries, NULL);
  ort_note_entries (entries);
  if (!ort_parse_options (context, "requirements", &argc, &argv))
    return ORT_EXIT_USAGE;
  if (argc > 1)
    return ort_usage_error ("requirements", "unexpected argument '%s'", argv[1]);
  if (release && !oci_spec_is_release (release))
    return ort_usage_error ("requirements", "--spec-version: unknown release \"%s\"", release);
  if (!parse_format ("requirements", format, &json, &status))
    return status;
  if (area)
    {
      g_autofree char *glob = strchr (area, '*') || strchr (area, '?') ? g_strdup (area) : g_strconcat (area, "*", NULL);
      pattern = g_pattern_spec_new (glob);
    }

  registry = ort_registry_new (globals, NULL);
  oci_registry_activate (registry, NULL, NULL);
  ort_print_warnings (globals, registry);
  coverage = oci_registry_get_runtime_coverage (registry);
  cov.coverage = coverage;
  cov.registry = registry;
  if (json)
    {
      builder = begin_document ("requirements");
      json_builder_set_member_name (builder, "requirements");
      json_builder_begin_array (builder);
    }
  /* plugin by plugin, in activation order: the order of the catalogue */
  plugins = oci_registry_get_plugins (registry);
  for (guint p = 0; p < plugins->len; p++)
    {
      GPtrArray *rows = oci_plugin_get_requirements (plugins->pdata[p]);

      if (!oci_plugin_is_active (plugins->pdata[p]))
        continue;
      for (guint i = 0; i < rows->len; i++)
        {
          const OciRequirement *r = rows->pdata[i];
          g_autofree char *url = NULL;
          g_autofree char *basis = NULL;

          if (!row_selected (&cov, r, pattern, release, runtime, uncovered))
            continue;
          if (oci_requirement_id_is_runtime (r->id))
            count_coverage (&cov, r);
          url = oci_requirement_url (r, release ? release
                                                : (r->until && r->since ? r->since : oci_spec_get_newest_release ()));
          basis = oci_requirement_basis (r);
          if (json)
            requirement_to_json (builder, plugins->pdata[p], r, url, basis, &cov);
          else
            print_requirement (&cov, r, url, basis);
        }
    }
  if (json)
    {
      json_builder_end_array (builder);
      print_document (builder);
    }
  else if (runtime || uncovered)
    printf ("%u runtime rows%s%s: %u tested by a case, %u without a case for a stated reason, %u with neither\n",
            cov.rows, release ? " for " : "", release ? release : "", cov.covered, cov.gaps, cov.holes);
  return 0;
}

int
ort_cmd_json_schema (OrtGlobals *globals, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(OciSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  int status = 0;

  context = g_option_context_new ("SCHEMA INSTANCE… - validate JSON files against a draft-04 schema");
  g_option_context_set_summary (context, "Exit status: 0 all valid, 1 some invalid, 2 unreadable input or schema.");
  if (!ort_parse_options (context, "json-schema", &argc, &argv))
    return ORT_EXIT_USAGE;
  if (argc < 3)
    return ort_usage_error ("json-schema", "needs a SCHEMA file and at least one INSTANCE file");
  schema = oci_schema_new ();
  if (!oci_schema_add_file (schema, argv[1], &uri, &error))
    return ort_input_error (error);
  for (int i = 2; i < argc; i++)
    {
      g_autoptr(JsonNode) instance = oci_json_load_file (argv[i], &error);
      g_autoptr(GPtrArray) violations = NULL;

      if (instance == NULL)
        {
          ort_input_error (error);
          g_clear_error (&error);
          status = ORT_EXIT_USAGE;
          continue;
        }
      if (!oci_schema_validate (schema, uri, instance, &violations, &error))
        return ort_input_error (error);
      for (guint v = 0; v < violations->len; v++)
        {
          OciSchemaViolation *sv = violations->pdata[v];
          g_autofree char *file = oci_report_visible (argv[i]);
          g_autofree char *at = oci_report_visible (*sv->instance_pointer ? sv->instance_pointer : "/");
          g_autofree char *message = oci_report_visible (sv->message);
          printf ("%s: %s: %s (keyword '%s' at %s)\n", file, at, message, sv->keyword, sv->schema_location);
        }
      if (violations->len == 0)
        {
          g_autofree char *file = oci_report_visible (argv[i]);
          printf ("%s: valid\n", file);
        }
      else if (status == 0)
        status = 1;
    }
  return status;
}
