/* fuzz-driver.c — runs a libFuzzer target's entry point over files, as a
 * GTest: the fuzz seeds and every crash the fuzzers ever found (kept under
 * tests/data/fuzz/<target>/) are replayed in the normal test suite.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
replay (gconstpointer data)
{
  const char *path = data;
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &bytes, &len, &error));
  g_assert_no_error (error);
  /* The target returns 0; what is tested is that it returns at all, with
   * no sanitizer report. */
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) bytes, len), ==, 0);
}

static void
add_dir (const char *dir, const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = *(char **) &names->pdata[i];
      char *path = g_build_filename (dir, n, NULL);
      g_autofree char *test = g_strdup_printf ("/fuzz-replay/%s/%s", prefix, n);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          add_dir (path, n);
          g_free (path);
          continue;
        }
      g_test_add_data_func_full (test, path, replay, g_free);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Folders to replay come from the environment, ':'-separated. */
  if (g_getenv ("OCI_FUZZ_REPLAY"))
    {
      g_auto(GStrv) dirs = g_strsplit (g_getenv ("OCI_FUZZ_REPLAY"), ":", -1);
      for (char **d = dirs; *d; d++)
        {
          g_autofree char *base = g_path_get_basename (*d);
          add_dir (*d, base);
        }
    }
  return g_test_run ();
}
