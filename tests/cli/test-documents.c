/* test-documents.c — `validate --state` and `--features` on the documents
 * runtimes print: the fixed y_/n_ documents of tests/data/documents (one
 * TAP line each), and the features of the runc and crun on this machine
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>

typedef struct
{
  char *path;
  char *requirement; /* n_ documents: the requirement reported */
} DocumentCase;

static void
document_case_free (gpointer data)
{
  DocumentCase *c = data;

  g_free (c->path);
  g_free (c->requirement);
  g_free (c);
}

/* Validates @path as a @kind document; returns the exit status and the
 * output of both streams in @output. */
static int
validate (const char *kind, const char *path, char **output)
{
  g_autofree char *option = g_strdup_printf ("--%s", kind);
  const char *argv[] = { g_getenv ("OCI_TEST_CLI"), "validate", option, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *output = g_strconcat (out, err, NULL);
  g_test_message ("%s", *output);
  /* the embedded schemas' URIs are never shown */
  g_assert_null (strstr (*output, "resource:"));
  return WEXITSTATUS (wait_status);
}

static const char *
kind_of (const char *path)
{
  return strstr (path, "_features_") ? "features" : "state";
}

static void
test_document (gconstpointer data)
{
  const DocumentCase *c = data;
  g_autofree char *base = g_path_get_basename (c->path);
  g_autofree char *output = NULL;
  int status = validate (kind_of (base), c->path, &output);

  if (g_str_has_prefix (base, "y_"))
    {
      g_assert_cmpint (status, ==, 0);
      return;
    }
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (c->requirement);
  g_assert_nonnull (strstr (output, c->requirement));
}

/* `RUNTIME features` where the runtime has the command. */
static void
test_runtime_features (gconstpointer data)
{
  const char *runtime = data;
  g_autofree char *program = g_find_program_in_path (runtime);
  const char *argv[] = { runtime, "features", NULL };
  g_autofree char *out = NULL;
  g_autofree char *output = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (program == NULL)
    {
      g_test_skip_printf ("%s is not installed", runtime);
      return;
    }
  argv[0] = program;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                     &wait_status, &error)
      || !WIFEXITED (wait_status) || WEXITSTATUS (wait_status) != 0)
    {
      g_test_skip_printf ("this %s has no 'features' command", runtime);
      return;
    }
  dir = g_dir_make_tmp ("ort-features-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "features.json", NULL);
  g_file_set_contents (path, out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (validate ("features", path, &output), ==, 0);
  g_remove (path);
  g_rmdir (dir);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
add_document_cases (const char *dir)
{
  g_autofree char *manifest_path = g_build_filename (dir, "documents.manifest", NULL);
  g_autofree char *manifest = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  g_file_get_contents (manifest_path, &manifest, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (manifest, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", 2);
      if (lines[i][0] == '#' || words[0] == NULL || words[1] == NULL)
        continue;
      g_hash_table_insert (expected, g_strdup (words[0]), g_strdup (words[1]));
    }
  d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".json") && (g_str_has_prefix (name, "y_") || g_str_has_prefix (name, "n_")))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      DocumentCase *c = g_new0 (DocumentCase, 1);
      g_autofree char *test_path = g_strdup_printf ("/documents/%s", (char *) names->pdata[i]);

      c->path = g_build_filename (dir, names->pdata[i], NULL);
      c->requirement = g_strdup (g_hash_table_lookup (expected, names->pdata[i]));
      g_test_add_data_func_full (test_path, c, test_document, document_case_free);
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;

  g_test_init (&argc, &argv, NULL);
  dir = g_build_filename (g_getenv ("OCI_TEST_DATA"), "documents", NULL);
  add_document_cases (dir);
  g_test_add_data_func ("/documents/runtime/runc-features", "runc", test_runtime_features);
  g_test_add_data_func ("/documents/runtime/crun-features", "crun", test_runtime_features);
  return g_test_run ();
}
