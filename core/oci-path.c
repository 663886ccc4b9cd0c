/* oci-path.c — paths as a container sees them
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "oci-path.h"

/* Symlinks followed before giving up, as the kernel's MAXSYMLINKS. */
#define MAX_LINKS 40

/**
 * oci_path_is_absolute_for:
 * @os: the target os
 * @path: a path as the config writes it
 *
 * On Windows an absolute path has a drive ("C:\\x", "C:/x") or is a UNC or
 * device path ("\\\\server\\share", "\\\\?\\Volume{…}"); elsewhere it starts
 * with '/'.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: %TRUE if @path is absolute for @os
 */
gboolean
oci_path_is_absolute_for (const char *os, const char *path)
{
  if (path == NULL || *path == '\0')
    return FALSE;
  if (os && strcmp (os, "windows") == 0)
    return (g_ascii_isalpha (path[0]) && path[1] == ':' && (path[2] == '\\' || path[2] == '/'))
           || (path[0] == '\\' && path[1] == '\\');
  return path[0] == '/';
}

static void
push_components (GPtrArray *todo, const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);

  for (gint i = (gint) g_strv_length (parts) - 1; i >= 0; i--)
    if (*parts[i] != '\0' && strcmp (parts[i], ".") != 0)
      g_ptr_array_add (todo, g_strdup (parts[i]));
}

static char *
join_in_root (const char *root, GPtrArray *done)
{
  GString *s = g_string_new (root);

  while (s->len > 0 && s->str[s->len - 1] == '/')
    g_string_truncate (s, s->len - 1);
  for (guint i = 0; i < done->len; i++)
    {
      g_string_append_c (s, '/');
      g_string_append (s, done->pdata[i]);
    }
  if (s->len == 0)
    g_string_append_c (s, '/');
  return g_string_free (s, FALSE);
}

/**
 * oci_path_resolve_in_root:
 * @root: a root filesystem on the host
 * @path: a path as the container sees it
 * @err: (out): errno when it does not resolve (ENOENT, ENOTDIR, ELOOP, …)
 *
 * Resolves @path as if @root were "/": ".." stops at @root and absolute
 * symlink targets restart from @root, so a link such as bin -> /usr/bin
 * stays inside the container's filesystem and never reaches the host's.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it touches only the files it is given.
 *
 * Returns: (transfer full) (nullable): the host path of the file
 */
char *
oci_path_resolve_in_root (const char *root, const char *path, int *err)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_free);
  guint links = 0;

  push_components (todo, path);
  while (todo->len > 0)
    {
      char *name = g_ptr_array_steal_index (todo, todo->len - 1);
      g_autofree char *host = NULL;
      g_autofree char *target = NULL;
      struct stat st;

      if (strcmp (name, "..") == 0)
        {
          g_free (name);
          if (done->len > 0)
            g_ptr_array_remove_index (done, done->len - 1);
          continue;
        }
      g_ptr_array_add (done, name);
      host = join_in_root (root, done);
      if (lstat (host, &st) != 0)
        return (*err = errno, NULL);
      if (!S_ISLNK (st.st_mode))
        {
          if (!S_ISDIR (st.st_mode) && todo->len > 0)
            return (*err = ENOTDIR, NULL);
          continue;
        }
      if (++links > MAX_LINKS || (target = g_file_read_link (host, NULL)) == NULL)
        return (*err = links > MAX_LINKS ? ELOOP : EIO, NULL);
      g_ptr_array_remove_index (done, done->len - 1);
      if (target[0] == '/')
        g_ptr_array_set_size (done, 0);
      push_components (todo, target);
    }
  return join_in_root (root, done);
}
