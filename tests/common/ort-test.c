/* ort-test.c — helpers the test programs share
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glib/gstdio.h>

#include "ort-test.h"

/**
 * ort_test_remove_tree:
 * @path: a file or folder
 *
 * Removes @path and, for a folder, everything below it; symbolic links
 * are removed, never followed. Folders a test made unreadable are opened
 * up first.
 */
void
ort_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_remove (path);
      return;
    }
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      ort_test_remove_tree (child);
    }
  g_rmdir (path);
}

/**
 * ort_test_copy_file:
 * @from: a file
 * @to: where its copy goes
 *
 * Copies the bytes; a failure fails the test.
 */
void
ort_test_copy_file (const char *from, const char *to)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (from, &bytes, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (to, bytes, len, &error));
  g_assert_no_error (error);
}
