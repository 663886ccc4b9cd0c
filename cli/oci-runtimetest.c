/* oci-runtimetest.c — runs inside a container and checks the live
 * environment against the config the container was created from
 *
 * The harness (runtime-validate) puts this program, the libraries it
 * needs and the plugins under /.ort in the container's root filesystem,
 * with a copy of config.json at /.ort/config.json and the globs of the
 * inside checkers to run at /.ort/inside (one per line; no file: all).
 * The plugins' settings of the run (their settings files and
 * --plugin-option, as in effect outside) are at /.ort/settings, a key file
 * with one group per plugin; settings files inside the container are not
 * read, so that the inside checkers see what the outside ones saw.
 * Its own arguments, environment, user and so on are what is checked, so
 * it takes no options. It prints TAP 13 on stdout, one line per
 * requirement, with the requirement id, the expected and actual values
 * and the spec URL in the YAML diagnostics.
 *
 * For a run outside a container, $OCI_RUNTIMETEST_ROOT replaces "/" as the
 * place where .ort/ is looked for.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

static char *
ort_path (const char *path)
{
  const char *root = g_getenv ("OCI_RUNTIMETEST_ROOT");

  return g_build_filename (root && *root ? root : "/", path, NULL);
}

/* The inside checker globs: NULL (all) when the file is missing. */
static GStrv
read_globs (void)
{
  g_autofree char *path = ort_path (OCI_RUNTIMETEST_INSIDE);
  g_autofree char *text = NULL;
  g_autoptr(GStrvBuilder) b = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  b = g_strv_builder_new ();
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    if (*g_strstrip (*l) && **l != '#')
      g_strv_builder_add (b, *l);
  return g_strv_builder_end (b);
}

/* The run's plugin settings, as --plugin-option NAME.KEY=VALUE each: the
 * only settings the plugins read here. A missing file: defaults. */
static gboolean
add_settings (OciRegistry *registry, GError **error)
{
  g_autofree char *path = ort_path (OCI_RUNTIMETEST_SETTINGS);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_auto(GStrv) groups = NULL;
  const char *const no_dirs[] = { NULL };

  oci_registry_set_settings_dirs (registry, no_dirs);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    return g_prefix_error (error, "%s: ", path), FALSE;
  groups = g_key_file_get_groups (file, NULL);
  for (char **g = groups; *g; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (file, *g, NULL, NULL);

      for (char **k = keys; k && *k; k++)
        {
          g_autofree char *value = g_key_file_get_string (file, *g, *k, error);
          g_autofree char *option = NULL;

          if (value == NULL)
            return g_prefix_error (error, "%s: ", path), FALSE;
          option = g_strdup_printf ("%s.%s=%s", *g, *k, value);
          if (!oci_registry_add_plugin_option (registry, option, error))
            return g_prefix_error (error, "%s: ", path), FALSE;
        }
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *config_path = ort_path (OCI_RUNTIMETEST_CONFIG);
  g_autofree char *plugin_dir = ort_path (OCI_RUNTIMETEST_PLUGINS);
  g_auto(GStrv) globs = read_globs ();
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MUST);
  g_autoptr(OciReporter) reporter = oci_reporter_new (OCI_REPORT_TAP, stdout, "oci-runtimetest");
  g_autoptr(OciValidator) validator = NULL;
  g_autoptr(OciConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  const char *const none[] = { "", NULL };
  GPtrArray *warnings;

  setlocale (LC_ALL, "C");
  oci_reporter_set_verbose (reporter, TRUE);
  oci_reporter_attach (reporter, bus);
  /* runtime-validate put copies of our own plugins there */
  oci_registry_add_builtin_dir (registry, plugin_dir);
  if (!add_settings (registry, &error))
    {
      printf ("Bail out! %s\n", error->message);
      return 2;
    }
  oci_registry_activate (registry, oci_host_os (), oci_host_arch ());
  warnings = oci_registry_get_warnings (registry);
  for (guint i = 0; i < warnings->len; i++)
    printf ("# warning: %s\n", (char *) warnings->pdata[i]);

  config = oci_config_new_from_file (config_path, &error);
  if (config == NULL)
    {
      printf ("Bail out! %s\n", error->message);
      return 2;
    }
  validator = oci_validator_new (registry, bus);
  oci_validator_set_phase (validator, OCI_PHASE_INSIDE);
  /* An empty glob file selects nothing: "" matches no checker id. */
  if (globs == NULL || g_strv_length (globs) > 0)
    oci_validator_set_filters (validator, (const char *const *) globs, NULL);
  else
    oci_validator_set_filters (validator, none, NULL);
  oci_result_bus_begin_subject (bus, "inside");
  /* No bundle: inside the container the root filesystem is "/". */
  oci_validator_validate_config (validator, config, NULL, "inside", NULL);
  oci_result_bus_end_subject (bus, "inside");
  oci_result_bus_finish (bus);
  fflush (stdout);
  return oci_result_bus_get_exit_code (bus);
}
