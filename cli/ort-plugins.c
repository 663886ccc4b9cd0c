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
    default: return "?";
    }
}

int
ort_cmd_plugins (OrtGlobals *globals, int argc, char **argv)
{
  g_autofree char *platform = NULL;
  g_autofree char *os = NULL;
  g_autofree char *arch = NULL;
  gboolean quiet = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(OciRegistry) registry = NULL;
  GPtrArray *plugins;
  GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform, "List only the plugins that apply to OS[/ARCH]", "OS[/ARCH]" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Names only", NULL },
    { NULL }
  };

  context = g_option_context_new ("- list plugins");
  g_option_context_add_main_entries (context, entries, NULL);
  ort_note_entries (entries);
  if (!ort_parse_options (context, "plugins", &argc, &argv))
    return ORT_EXIT_USAGE;
  if (argc > 1)
    return ort_usage_error ("plugins", "unexpected argument '%s'", argv[1]);
  if (platform && !ort_parse_platform (platform, &os, &arch))
    return ort_usage_error ("plugins", "--platform: invalid value \"%s\" (syntax: --platform OS[/ARCH])", platform);

  registry = ort_registry_new (globals, NULL);
  oci_registry_activate (registry, os, arch);
  ort_print_warnings (globals, registry);
  plugins = oci_registry_get_plugins (registry);
  for (guint i = 0; i < plugins->len; i++)
    {
      OciPlugin *p = plugins->pdata[i];
      GPtrArray *checkers, *options;

      if (!oci_plugin_is_active (p))
        continue;
      if (quiet)
        {
          printf ("%s\n", oci_plugin_get_name (p));
          continue;
        }
      printf ("%s — %s\n  platforms: %s\n", oci_plugin_get_name (p), oci_plugin_get_description (p),
              oci_plugin_get_platforms (p));
      if (oci_plugin_get_sections (p))
        printf ("  validates only configs with: %s\n", oci_plugin_get_sections (p));
      printf ("  file: %s\n", oci_plugin_get_path (p));
      checkers = oci_plugin_get_checkers (p);
      for (guint c = 0; c < checkers->len; c++)
        {
          const OciChecker *ch = checkers->pdata[c];
          printf ("  checker %-28s [%s] %s\n", ch->id, phase_name (ch->phase), ch->description ? ch->description : "");
        }
      options = oci_plugin_get_options (p);
      for (guint o = 0; o < options->len; o++)
        {
          const OciOption *op = options->pdata[o];
          printf ("  option  --%s%s%s\n", op->name, op->syntax ? " " : "", op->syntax ? op->syntax : "");
        }
      printf ("  requirements: %u\n", oci_plugin_get_requirements (p)->len);
    }
  return 0;
}

int
ort_cmd_requirements (OrtGlobals *globals, int argc, char **argv)
{
  g_autofree char *area = NULL;
  g_autofree char *release = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(OciRegistry) registry = NULL;
  g_autoptr(GPatternSpec) pattern = NULL;
  GPtrArray *rows;
  GOptionEntry entries[] = {
    { "area", 0, 0, G_OPTION_ARG_STRING, &area, "Only requirements whose id matches GLOB (e.g. 'linux.*')", "GLOB" },
    { "spec-version", 0, 0, G_OPTION_ARG_STRING, &release, "Only rows that apply to this release, with its URLs", "VERSION" },
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
  if (area)
    {
      g_autofree char *glob = strchr (area, '*') || strchr (area, '?') ? g_strdup (area) : g_strconcat (area, "*", NULL);
      pattern = g_pattern_spec_new (glob);
    }

  registry = ort_registry_new (globals, NULL);
  oci_registry_activate (registry, NULL, NULL);
  ort_print_warnings (globals, registry);
  rows = oci_registry_get_requirements (registry);
  for (guint i = 0; i < rows->len; i++)
    {
      const OciRequirement *r = rows->pdata[i];
      g_autofree char *url = NULL;
      g_autofree char *basis = oci_requirement_basis (r);

      if (pattern && !g_pattern_spec_match_string (pattern, r->id))
        continue;
      if (release && !oci_requirement_applies (r, release))
        continue;
      url = oci_requirement_url (r, release ? release : (r->until ? r->since : oci_spec_get_newest_release ()));
      printf ("%-44s %-15s %s%s%s  %s\n    %s\n    basis: %s\n", r->id, oci_level_to_string (r->level), r->since,
              r->until ? "–" : "+", r->until ? r->until : "", r->summary, url, basis);
    }
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
