/* test-cli.c — oci-runtime-tool end to end: commands, options, exit codes
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#include "ort-test.h"
#include "report-check.h"

typedef struct
{
  char *dir;
  char *out;
  char *err;
  int status;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("ort-cli-XXXXXX", NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  ort_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

static void
assert_report_schema (const char *text)
{
  g_autofree char *schema = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "docs", "report.schema.json", NULL);
  g_autofree char *why = NULL;

  ort_check_schema (schema, text, strlen (text), &why);
  g_assert_cmpstr (why, ==, NULL);
}

/* Runs the CLI with a NULL-terminated argument list (without argv[0]). */
static int
run (Fixture *f, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list ap;
  const char *a;

  g_ptr_array_add (argv, (gpointer) g_getenv ("OCI_TEST_CLI"));
  va_start (ap, f);
  while ((a = va_arg (ap, const char *)))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_assert_true (g_spawn_sync (f->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &f->out, &f->err, &f->status, &error));
  g_assert_no_error (error);
  /* Never a signal. */
  g_assert_true (WIFEXITED (f->status));
  /* Every JSON report fits the report schema. */
  for (guint i = 1; i + 2 < argv->len; i++)
    if (strcmp (argv->pdata[i], "--format") == 0 && strcmp (argv->pdata[i + 1], "json") == 0)
      assert_report_schema (f->out);
  return WEXITSTATUS (f->status);
}

static char *
make_bundle (Fixture *f, const char *name, const char *config)
{
  return ort_test_make_bundle (f->dir, name, config);
}

static const char good_config[] =
  "{\"ociVersion\": \"1.2.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"],"
  " \"cwd\": \"/\"}, \"root\": {\"path\": \"rootfs\"}, \"linux\": {\"namespaces\": [{\"type\": \"pid\"}]}}";
static const char bad_config[] =
  "{\"ociVersion\": \"1.2.0\",\n \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"],"
  " \"cwd\": \"tmp\"}, \"root\": {\"path\": \"rootfs\"}}";

static void
test_plugins (Fixture *f, gconstpointer data)
{
  static const char *const all[] = { "base", "linux", "windows", "solaris", "hooks", NULL };

  g_assert_cmpint (run (f, "plugins", "-q", NULL), ==, 0);
  for (const char *const *n = all; *n; n++)
    {
      g_autofree char *line = g_strdup_printf ("%s\n", *n);
      g_assert_nonnull (strstr (f->out, line));
    }
  g_assert_cmpint (run (f, "plugins", "--platform", "windows/amd64", "-q", NULL), ==, 0);
  g_assert_null (strstr (f->out, "linux\n"));
  g_assert_null (strstr (f->out, "solaris\n"));
  g_assert_nonnull (strstr (f->out, "windows\n"));
  g_assert_nonnull (strstr (f->out, "base\n"));
  g_assert_cmpint (run (f, "plugins", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "checker base.process"));
}

static void
test_validate_good (Fixture *f, gconstpointer data)
{
  g_autofree char *bundle = make_bundle (f, "good", good_config);
  static const char *const formats[] = { "text", "tap", "json", "junit" };

  g_assert_cmpint (run (f, "validate", "--path", bundle, NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Bundle validation succeeded.\n");
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    g_assert_cmpint (run (f, "validate", "--path", bundle, "--format", formats[i], NULL), ==, 0);
  /* Without --path: the current directory. */
  g_assert_cmpint (run (f, "validate", NULL), ==, 2);
  g_assert_nonnull (strstr (f->out, "config.json: No such file"));
}

/* Each format names the requirement, its level, the pointer and the URL. */
static void
test_validate_bad (Fixture *f, gconstpointer data)
{
  g_autofree char *bundle = make_bundle (f, "bad", bad_config);
  static const char *const formats[] = { "text", "tap", "json", "junit" };
  static const char url[] = "https://github.com/opencontainers/runtime-spec/blob/v1.2.0/config.md#configProcess";

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_assert_cmpint (run (f, "validate", "--path", bundle, "--format", formats[i], NULL), ==, 1);
      g_assert_nonnull (strstr (f->out, "base.process.cwd.absolute"));
      g_assert_nonnull (strstr (f->out, "MUST"));
      g_assert_nonnull (strstr (f->out, "/process/cwd"));
      g_assert_nonnull (strstr (f->out, url));
    }
  g_assert_cmpint (run (f, "validate", "--path", bundle, NULL), ==, 1);
  g_assert_nonnull (strstr (f->out, "config.json:2:"));
}

static void
test_validate_several (Fixture *f, gconstpointer data)
{
  g_autofree char *good = make_bundle (f, "good", good_config);
  g_autofree char *bad = make_bundle (f, "bad", bad_config);
  g_autofree char *missing = g_build_filename (f->dir, "missing", NULL);

  g_assert_cmpint (run (f, "validate", "--path", good, "--path", bad, NULL), ==, 1);
  g_assert_nonnull (strstr (f->out, "2 checked, 1 valid, 1 invalid"));
  g_assert_cmpint (run (f, "validate", "--path", good, "--path", missing, NULL), ==, 2);
  g_assert_nonnull (strstr (f->out, "no such bundle directory"));
}

/* Validating on several threads gives the same report, in --path order,
 * as one thread does. */
static void
test_validate_parallel (Fixture *f, gconstpointer data)
{
  static const char *const formats[] = { "tap", "json", "text" };
  static const char newer_config[] =
    "{\"ociVersion\": \"1.9.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"],"
    " \"cwd\": \"/\"}, \"root\": {\"path\": \"rootfs\"}, \"hostname\": 7}";

  /* 12 bundles; then 70, enough for the program to validate them on
   * several threads after starting itself again (see ort-validate.c) */
  for (int count = 12; count <= 70; count += 58)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

      for (int i = 0; i < count; i++)
        {
          g_autofree char *name = g_strdup_printf ("b%d-%02d", count, i);
          g_autofree char *bundle = NULL;
          if (i % 5 == 3)
            bundle = g_build_filename (f->dir, name, NULL); /* missing: unreadable */
          else
            bundle = make_bundle (f, name, i % 5 == 1 ? bad_config : i % 5 == 4 ? newer_config : good_config);
          g_ptr_array_add (args, g_strdup ("--path"));
          g_ptr_array_add (args, g_steal_pointer (&bundle));
        }
      for (gsize k = 0; k < G_N_ELEMENTS (formats); k++)
        {
          g_autofree char *one = NULL;
          for (int jobs = 1; jobs <= 3; jobs++)
            {
              g_autoptr(GPtrArray) argv = g_ptr_array_new ();
              g_autoptr(GError) error = NULL;
              g_autofree char *j = g_strdup_printf ("%d", jobs);
              char *out = NULL;
              int status;

              g_ptr_array_add (argv, (gpointer) g_getenv ("OCI_TEST_CLI"));
              g_ptr_array_add (argv, "validate");
              g_ptr_array_add (argv, "--jobs");
              g_ptr_array_add (argv, j);
              g_ptr_array_add (argv, "--format");
              g_ptr_array_add (argv, (gpointer) formats[k]);
              for (guint i = 0; i < args->len; i++)
                g_ptr_array_add (argv, args->pdata[i]);
              g_ptr_array_add (argv, NULL);
              g_assert_true (g_spawn_sync (f->dir, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                           NULL, &out, NULL, &status, &error));
              g_assert_no_error (error);
              g_assert_true (WIFEXITED (status));
              g_assert_cmpint (WEXITSTATUS (status), ==, 2);
              if (strcmp (formats[k], "json") == 0)
                assert_report_schema (out);
              /* the schema's result, the notice and a checker's, for each */
              if (k == 1)
                {
                  g_assert_nonnull (strstr (out, "newer than the newest release"));
                  g_assert_nonnull (strstr (out, "\"schema\""));
                }
              if (one == NULL)
                one = out;
              else
                {
                  g_assert_cmpstr (out, ==, one);
                  g_free (out);
                }
            }
        }
    }
}

static void
test_garbage_plugin (Fixture *f, gconstpointer data)
{
  g_autofree char *bundle = make_bundle (f, "bad", bad_config);
  g_autofree char *plugins = g_build_filename (f->dir, "plugins", NULL);
  g_autofree char *garbage = g_build_filename (plugins, "garbage.so", NULL);

  g_assert_cmpint (g_mkdir (plugins, 0755), ==, 0);
  g_assert_true (g_file_set_contents (garbage, "not an ELF file", -1, NULL));
  g_assert_cmpint (run (f, "--plugin-dir", plugins, "validate", "--path", bundle, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "warning: plugin"));
  g_assert_nonnull (strstr (f->err, "garbage.so"));
  /* One warning: one line. */
  g_assert_null (strstr (strstr (f->err, "warning: plugin") + 1, "warning:"));
  g_assert_nonnull (strstr (f->out, "base.process.cwd.absolute"));
}

static void
test_usage_errors (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (run (f, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "unknown command 'frobnicate'"));
  g_assert_nonnull (strstr (f->err, "Try '"));
  g_assert_cmpint (run (f, "validate", "--frob", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "--frob"));
  g_assert_nonnull (strstr (f->err, "Try 'oci-runtime-tool validate --help'"));
  g_assert_cmpint (run (f, "validate", "--format", "xml", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "syntax: --format text|tap|json|junit"));
  g_assert_cmpint (run (f, "--compliance-level", "sometimes", "validate", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "--compliance-level"));
  g_assert_cmpint (run (f, "validate", "--platform", "a/b/c", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "OS[/ARCH]"));
  g_assert_cmpint (run (f, "validate", "--spec-version", "0.9.0", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "unknown release"));
  g_assert_cmpint (run (f, NULL), ==, 2);
  g_assert_cmpint (run (f, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Commands:"));
  g_assert_cmpint (run (f, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (f->out, "oci-runtime-tool version "));
}

/* Copies the good test plugin (a SHOULD and a MUST rule on annotations)
 * into a folder of the fixture and returns it. */
static char *
good_plugin_dir (Fixture *f)
{
  char *dir = g_build_filename (f->dir, "good-plugin", NULL);
  g_autofree char *src = g_build_filename (g_getenv ("OCI_TEST_PLUGINS"), "test-good.so", NULL);
  g_autofree char *dst = g_build_filename (dir, "good.so", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  ort_test_copy_file (src, dst);
  return dir;
}

/* Option values beyond ASCII reach the config unchanged in a UTF-8 locale
 * (the tests run under LC_ALL=C.UTF-8): the program loads the locale's
 * character set only for such arguments. */
static void
test_non_ascii_arguments (Fixture *f, gconstpointer data)
{
  g_assert_cmpstr (g_getenv ("LC_ALL"), ==, "C.UTF-8");
  g_assert_cmpint (run (f, "generate", "--hostname", "h\xc3\xa9llo", "--label", "k=v\xc3\xa4lue", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "\"hostname\": \"h\xc3\xa9llo\""));
  g_assert_nonnull (strstr (f->out, "\"k\": \"v\xc3\xa4lue\""));
  g_assert_cmpint (run (f, "generate", "--hostname", "hello", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "\"hostname\": \"hello\""));
}

/* Global options go before or after the command, with one or two dashes. */
static void
test_global_options (Fixture *f, gconstpointer data)
{
  g_autofree char *plugins = good_plugin_dir (f);
  g_autofree char *bundle = make_bundle (f, "warn", "{\"ociVersion\": \"1.2.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0},"
                                         " \"args\": [\"sh\"], \"cwd\": \"/\"}, \"root\": {\"path\": \"rootfs\"},"
                                         " \"annotations\": {\"org.example.warn\": \"x\"}}");

  /* A SHOULD rule broken: a warning at must, a failure at should. */
  g_assert_cmpint (run (f, "validate", "--path", bundle, "--plugin-dir", plugins, NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "WARN"));
  g_assert_nonnull (strstr (f->out, "testgood.advice (SHOULD)"));
  g_assert_cmpint (run (f, "validate", "--path", bundle, "--compliance-level", "should", "--plugin-dir", plugins, NULL), ==, 1);
  g_assert_cmpint (run (f, "--compliance-level=should", "-plugin-dir", plugins, "validate", "-path", bundle, NULL), ==, 1);
  g_assert_cmpint (run (f, "--host-specific", "validate", "--path", bundle, "--plugin-dir", plugins, "--compliance-level", "may", NULL), ==, 1);
}

static void
test_filters (Fixture *f, gconstpointer data)
{
  g_autofree char *bundle = make_bundle (f, "bad", bad_config);

  g_assert_cmpint (run (f, "validate", "--path", bundle, "--only", "schema", NULL), ==, 0);
  g_assert_cmpint (run (f, "validate", "--path", bundle, "--skip", "base.process*", NULL), ==, 0);
  g_assert_cmpint (run (f, "validate", "--path", bundle, "--only", "base.process.cwd.*", "--format", "tap", NULL), ==, 1);
  g_assert_nonnull (strstr (f->out, "base.process.cwd.absolute"));
  g_assert_null (strstr (f->out, "base.process.args.required"));
  g_assert_null (strstr (f->out, "schema"));
}

/* The platform comes from the config's platform section, or --platform. */
static void
test_platform (Fixture *f, gconstpointer data)
{
  g_autofree char *bundle = make_bundle (f, "win", "{\"ociVersion\": \"1.2.0\", \"process\": {\"user\": {\"username\": \"x\"},"
                                         " \"commandLine\": \"cmd.exe\", \"cwd\": \"C:\\\\\"}, \"windows\": {\"layerFolders\": [\"C:\\\\layers\\\\1\"], \"hyperv\": {}}}");

  g_assert_cmpint (run (f, "validate", "--path", bundle, "--format", "tap", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "windows.required"));
  g_assert_null (strstr (f->out, "linux."));
  g_assert_cmpint (run (f, "validate", "--path", bundle, "--platform", "linux", NULL), ==, 1);
}

static void
test_state_and_features (Fixture *f, gconstpointer data)
{
  g_autofree char *state = g_build_filename (f->dir, "state.json", NULL);
  g_autofree char *bad_state = g_build_filename (f->dir, "bad-state.json", NULL);
  g_autofree char *features = g_build_filename (f->dir, "features.json", NULL);

  g_assert_true (g_file_set_contents (state, "{\"ociVersion\": \"1.2.0\", \"id\": \"c1\", \"status\": \"running\","
                                      " \"pid\": 42, \"bundle\": \"/b\"}", -1, NULL));
  g_assert_true (g_file_set_contents (bad_state, "{\"ociVersion\": \"1.2.0\", \"id\": \"c1\", \"status\": \"running\","
                                      " \"pid\": \"42\"}", -1, NULL));
  g_assert_true (g_file_set_contents (features, "{\"ociVersionMin\": \"1.0.0\", \"ociVersionMax\": \"1.2.0\","
                                      " \"hooks\": [\"prestart\"]}", -1, NULL));
  g_assert_cmpint (run (f, "validate", "--state", state, NULL), ==, 0);
  g_assert_cmpint (run (f, "validate", "--state", bad_state, NULL), ==, 1);
  g_assert_nonnull (strstr (f->out, "/pid"));
  g_assert_cmpint (run (f, "validate", "--features", features, NULL), ==, 0);
}

static void
test_json_schema (Fixture *f, gconstpointer data)
{
  g_autofree char *schema = g_build_filename (f->dir, "s.json", NULL);
  g_autofree char *good = g_build_filename (f->dir, "good.json", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.json", NULL);
  g_autofree char *broken = g_build_filename (f->dir, "broken.json", NULL);

  g_assert_true (g_file_set_contents (schema, "{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}", -1, NULL));
  g_assert_true (g_file_set_contents (good, "[1, 2]", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "[1, \"2\"]", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "[1,\n 2", -1, NULL));
  g_assert_cmpint (run (f, "json-schema", schema, good, NULL), ==, 0);
  g_assert_cmpint (run (f, "json-schema", schema, good, bad, NULL), ==, 1);
  g_assert_nonnull (strstr (f->out, "/1: expected integer"));
  g_assert_cmpint (run (f, "json-schema", schema, broken, NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "broken.json:"));
  g_assert_cmpint (run (f, "json-schema", schema, NULL), ==, 2);
}

/* `plugins` and `requirements --format json` are reports of the same
 * shape as validate's (run() checks each against the report schema). */
static void
test_inspect_json (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (run (f, "plugins", "--format", "json", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "\"command\" : \"plugins\""));
  g_assert_cmpint (run (f, "plugins", "base", "--format", "json", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "\"command\" : \"plugins\""));
  g_assert_cmpint (run (f, "requirements", "--format", "json", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "\"command\" : \"requirements\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli/plugins", Fixture, NULL, setup, test_plugins, teardown);
  g_test_add ("/cli/validate/good", Fixture, NULL, setup, test_validate_good, teardown);
  g_test_add ("/cli/validate/bad", Fixture, NULL, setup, test_validate_bad, teardown);
  g_test_add ("/cli/validate/several", Fixture, NULL, setup, test_validate_several, teardown);
  g_test_add ("/cli/validate/parallel", Fixture, NULL, setup, test_validate_parallel, teardown);
  g_test_add ("/cli/validate/garbage-plugin", Fixture, NULL, setup, test_garbage_plugin, teardown);
  g_test_add ("/cli/validate/filters", Fixture, NULL, setup, test_filters, teardown);
  g_test_add ("/cli/validate/platform", Fixture, NULL, setup, test_platform, teardown);
  g_test_add ("/cli/validate/state-features", Fixture, NULL, setup, test_state_and_features, teardown);
  g_test_add ("/cli/usage-errors", Fixture, NULL, setup, test_usage_errors, teardown);
  g_test_add ("/cli/global-options", Fixture, NULL, setup, test_global_options, teardown);
  g_test_add ("/cli/non-ascii-arguments", Fixture, NULL, setup, test_non_ascii_arguments, teardown);
  g_test_add ("/cli/json-schema", Fixture, NULL, setup, test_json_schema, teardown);
  g_test_add ("/cli/inspect-json", Fixture, NULL, setup, test_inspect_json, teardown);
  return g_test_run ();
}
