/* test-generate.c — data-driven tests of `oci-runtime-tool generate`
 *
 * One GTest path per case file, /generate/AREA/NAME for
 * tests/data/generate/AREA/NAME.args: one command-line argument per line
 * ('#' starts a comment line, blank lines are skipped, "@DATA@" stands for
 * the test data directory), run as `$OCI_TEST_CLI generate ARGS…`. The
 * expectation is either
 *
 *   NAME.json  the exact standard output (exit status 0), which must also
 *              pass our own `validate` in a bundle with a rootfs directory,
 *              unless generate's standard error has a note saying "the
 *              config does not validate" and why, or NAME starts with
 *              "novalidate_" (the .args file says why in a comment);
 *   NAME.err   line 1: the exit status; line 2: a text standard error
 *              must contain.
 *
 * Assertions are non-fatal, so that one failing case does not hide the
 * others: each step returns as soon as its case has failed.
 *
 * With OCI_TEST_GENERATE_UPDATE=1 set, a case whose command succeeds writes
 * its output to NAME.json instead of comparing (to create or refresh
 * expectations; review the diff).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

typedef struct
{
  char *args_path; /* …/AREA/NAME.args */
  char *stem;      /* …/AREA/NAME */
  char *name;      /* NAME */
} GenerateCase;

typedef struct
{
  int status;
  char *out;
  char *err;
} RunResult;

static void
generate_case_free (gpointer data)
{
  GenerateCase *c = data;

  g_free (c->args_path);
  g_free (c->stem);
  g_free (c->name);
  g_free (c);
}

static void
run_result_clear (RunResult *r)
{
  g_free (r->out);
  g_free (r->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunResult, run_result_clear)

static const char *
data_dir (void)
{
  const char *dir = g_getenv ("OCI_TEST_DATA");

  g_assert_nonnull (dir);
  return dir;
}

/* The arguments of a .args file, after "generate". */
static GPtrArray *
read_args (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) pieces = NULL;
      gsize n = strlen (lines[i]);

      if (n > 0 && lines[i][n - 1] == '\r')
        lines[i][n - 1] = '\0';
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      pieces = g_strsplit (lines[i], "@DATA@", -1);
      g_ptr_array_add (argv, g_strjoinv (data_dir (), pieces));
    }
  return argv;
}

/* Runs the CLI with @command and @args; returns its exit status. */
static void
run_cli (const char *command, GPtrArray *args, RunResult *result)
{
  const char *cli = g_getenv ("OCI_TEST_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) command);
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, args->pdata[i]);
  g_ptr_array_add (argv, NULL);
  result->status = -1;
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &result->out, &result->err,
                     &wait_status, &error))
    {
      g_assert_no_error (error);
      return;
    }
  g_assert_true (WIFEXITED (wait_status));
  result->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* Compares line by line, so that a failure names the first difference. */
static void
assert_same_text (const char *file, const char *expected, const char *actual)
{
  g_auto(GStrv) want = g_strsplit (expected, "\n", -1);
  g_auto(GStrv) got = g_strsplit (actual, "\n", -1);

  for (guint i = 0; want[i] || got[i]; i++)
    {
      if (g_strcmp0 (want[i], got[i]) == 0)
        continue;
      g_test_message ("%s:%u: first difference", file, i + 1);
      g_assert_cmpstr (got[i], ==, want[i]);
      return;
    }
}

/* Writes @config as config.json of a fresh bundle and validates it: it
 * must pass, unless generate said in a note (@generate_err) why not. */
static void
assert_validates (const char *config, const char *generate_err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = g_dir_make_tmp ("ort-generate-XXXXXX", &error);
  g_autofree char *config_path = NULL;
  g_autofree char *rootfs = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(RunResult) result = { 0 };

  g_assert_no_error (error);
  if (bundle == NULL)
    return;
  config_path = g_build_filename (bundle, "config.json", NULL);
  rootfs = g_build_filename (bundle, "rootfs", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (rootfs, 0755), ==, 0);
  g_ptr_array_add (args, "--path");
  g_ptr_array_add (args, bundle);
  run_cli ("validate", args, &result);
  if (result.status != 0)
    g_test_message ("validate said:\n%s%s", result.out, result.err);
  g_remove (config_path);
  g_rmdir (rootfs);
  g_rmdir (bundle);
  if (result.status == 1 && strstr (generate_err, "note: the config does not validate"))
    return;
  g_assert_cmpint (result.status, ==, 0);
}

static void
check_json (const GenerateCase *c, const RunResult *result)
{
  g_autofree char *path = g_strconcat (c->stem, ".json", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (result->status != 0)
    g_test_message ("stderr: %s", result->err);
  g_assert_cmpint (result->status, ==, 0);
  if (result->status != 0)
    return;
  if (g_strcmp0 (g_getenv ("OCI_TEST_GENERATE_UPDATE"), "1") == 0)
    {
      g_file_set_contents (path, result->out, -1, &error);
      g_assert_no_error (error);
      g_test_skip ("expectation written");
      return;
    }
  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  if (expected == NULL)
    return;
  assert_same_text (path, expected, result->out);
  if (!g_test_failed () && !g_str_has_prefix (c->name, "novalidate_"))
    assert_validates (result->out, result->err);
}

static void
check_err (const GenerateCase *c, const RunResult *result)
{
  g_autofree char *path = g_strconcat (c->stem, ".err", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 status;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  if (contents == NULL)
    return;
  lines = g_strsplit (contents, "\n", 3);
  if (lines[0] == NULL || lines[1] == NULL
      || !g_ascii_string_to_signed (g_strstrip (lines[0]), 10, 0, 255, &status, NULL))
    {
      g_test_fail_printf ("%s: line 1 must be an exit status, line 2 a text of standard error", path);
      return;
    }
  g_test_message ("stderr: %s", result->err);
  g_assert_cmpint (result->status, ==, status);
  if (strstr (result->err, lines[1]) == NULL)
    g_test_fail_printf ("standard error lacks \"%s\"", lines[1]);
}

static void
test_generate_case (gconstpointer data)
{
  const GenerateCase *c = data;
  g_autoptr(GPtrArray) args = read_args (c->args_path);
  g_autofree char *json = g_strconcat (c->stem, ".json", NULL);
  g_autofree char *err = g_strconcat (c->stem, ".err", NULL);
  gboolean has_json = g_file_test (json, G_FILE_TEST_EXISTS);
  gboolean has_err = g_file_test (err, G_FILE_TEST_EXISTS);
  g_auto(RunResult) result = { 0 };

  if (has_json == has_err && g_strcmp0 (g_getenv ("OCI_TEST_GENERATE_UPDATE"), "1") != 0)
    {
      g_test_fail_printf ("%s needs exactly one of %s and %s", c->args_path, json, err);
      return;
    }
  run_cli ("generate", args, &result);
  if (g_test_failed ())
    return;
  if (has_err)
    check_err (c, &result);
  else
    check_json (c, &result);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Sorted entries of @dir whose names end with @suffix (all if NULL). */
static GPtrArray *
list_dir (const char *dir, const char *suffix, gboolean dirs_only)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (dirs_only ? g_file_test (path, G_FILE_TEST_IS_DIR) : g_str_has_suffix (name, suffix))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_strings);
  return names;
}

static guint
add_cases (const char *root)
{
  g_autoptr(GPtrArray) areas = list_dir (root, NULL, TRUE);
  guint count = 0;

  for (guint a = 0; a < areas->len; a++)
    {
      g_autofree char *dir = g_build_filename (root, areas->pdata[a], NULL);
      g_autoptr(GPtrArray) files = list_dir (dir, ".args", FALSE);

      for (guint f = 0; f < files->len; f++)
        {
          const char *file = files->pdata[f];
          GenerateCase *c = g_new0 (GenerateCase, 1);
          g_autofree char *test_path = NULL;

          c->name = g_strndup (file, strlen (file) - strlen (".args"));
          c->args_path = g_build_filename (dir, file, NULL);
          c->stem = g_build_filename (dir, c->name, NULL);
          test_path = g_strdup_printf ("/generate/%s/%s", (char *) areas->pdata[a], c->name);
          g_test_add_data_func_full (test_path, c, test_generate_case, generate_case_free);
          count++;
        }
    }
  return count;
}

int
main (int argc, char **argv)
{
  g_autofree char *root = NULL;

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  root = g_build_filename (data_dir (), "generate", NULL);
  if (add_cases (root) == 0)
    g_error ("no case in %s", root);
  return g_test_run ();
}
