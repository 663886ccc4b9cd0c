/* oci-runtime-rootfs.c — the busybox root filesystem of the runtime cases
 *
 * Built once per run as a template: /bin/busybox with its applets as
 * hard links, a few /etc files, and under /.ort oci-runtimetest, the
 * shared libraries it and the plugins need (found with ldd) and the
 * plugins. Each case gets a clone made of hard links, which costs a few
 * milliseconds instead of copying megabytes. No host path is mounted.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1 /* nftw flags */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "oci-runtime-private.h"

static const char *const template_dirs[] = {
  "bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "tmp", "root", "home",
  "var", "run", "mnt", OCI_RUNTIMETEST_DIR + 1, OCI_RUNTIMETEST_LIBS + 1, OCI_RUNTIMETEST_PLUGINS + 1,
};

/* Users and groups the process cases name (uid 1000 and a few groups). */
static const char passwd[] =
  "root:x:0:0:root:/root:/bin/sh\n"
  "daemon:x:1:1:daemon:/:/bin/false\n"
  "ort:x:1000:1000:ort test user:/home:/bin/sh\n"
  "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
static const char group[] =
  "root:x:0:\n"
  "daemon:x:1:\n"
  "ort:x:1000:\n"
  "ortextra:x:1001:ort\n"
  "nogroup:x:65534:\n";

static gboolean
setup_error (GError **error, const char *path, const char *what, int err)
{
  g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, "%s: %s: %s", path, what, g_strerror (err));
  return FALSE;
}

static gboolean
copy_file (const char *from, const char *to, int mode, GError **error)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);
  g_autofree char *dir = g_path_get_dirname (to);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    return setup_error (error, dir, "cannot create the directory", errno);
  /* Follows symbolic links: the library's content, under its soname. */
  if (!g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    return FALSE;
  if (chmod (to, mode) != 0)
    return setup_error (error, to, "cannot change the mode", errno);
  return TRUE;
}

/**
 * oci_ldd_resolve:
 * @binary: an ELF program or shared object
 * @interpreter: (out) (optional) (nullable): its dynamic loader, %NULL if static
 * @error: set when ldd fails on a dynamic binary or a library is not found
 *
 * Returns: (transfer full): "SONAME=/resolved/path" entries of the shared
 *   libraries it needs (empty for a static binary)
 */
GStrv
oci_ldd_resolve (const char *binary, char **interpreter, GError **error)
{
  const char *argv[] = { "ldd", binary, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GStrvBuilder) libs = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  int status = 0;

  if (interpreter)
    *interpreter = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, error))
    return NULL;
  if (strstr (out, "not a dynamic executable") || strstr (err, "not a dynamic executable")
      || strstr (out, "statically linked"))
    return g_strv_builder_end (libs);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, "ldd %s failed: %s", binary, g_strstrip (err));
      return NULL;
    }
  lines = g_strsplit (out, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_auto(GStrv) w = g_strsplit_set (g_strstrip (*l), " \t", -1);
      guint n = g_strv_length (w);

      if (n >= 3 && strcmp (w[1], "=>") == 0)
        {
          if (strcmp (w[2], "not") == 0)
            {
              g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP,
                           "%s needs %s, which is not found", binary, w[0]);
              return NULL;
            }
          if (g_path_is_absolute (w[2]))
            {
              g_autofree char *entry = g_strdup_printf ("%s=%s", w[0], w[2]);
              g_strv_builder_add (libs, entry);
            }
        }
      else if (n >= 1 && g_path_is_absolute (w[0]) && interpreter && *interpreter == NULL)
        *interpreter = g_strdup (w[0]);
    }
  return g_strv_builder_end (libs);
}

/* Copies what @binary needs: the loader at its own absolute path, the
 * libraries into @libdir (a rootfs path) under their sonames. */
static gboolean
copy_needed (const char *binary, const char *rootfs, const char *libdir, GHashTable *done, GError **error)
{
  g_autofree char *interp = NULL;
  g_auto(GStrv) libs = oci_ldd_resolve (binary, &interp, error);

  if (libs == NULL)
    return FALSE;
  if (interp && g_hash_table_add (done, g_strdup (interp)))
    {
      g_autofree char *dst = g_build_filename (rootfs, interp, NULL);
      if (!copy_file (interp, dst, 0755, error))
        return FALSE;
    }
  for (char **l = libs; *l; l++)
    {
      const char *eq = strchr (*l, '=');
      g_autofree char *soname = g_strndup (*l, eq - *l);
      g_autofree char *dst = NULL;

      if (!g_hash_table_add (done, g_strconcat (libdir, "/", soname, NULL)))
        continue;
      dst = g_build_filename (rootfs, libdir, soname, NULL);
      if (!copy_file (eq + 1, dst, 0755, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
install_busybox (const char *busybox, const char *rootfs, GHashTable *done, GError **error)
{
  g_autofree char *dst = g_build_filename (rootfs, "bin", "busybox", NULL);
  const char *argv[] = { busybox, "--list-full", NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) applets = NULL;
  int status = 0;

  if (!copy_file (busybox, dst, 0755, error))
    return FALSE;
  /* A dynamic busybox keeps its libraries where its loader looks. */
  if (!copy_needed (busybox, rootfs, "/lib", done, error))
    return FALSE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s --list-full: ", busybox);
      return FALSE;
    }
  applets = g_strsplit (out, "\n", -1);
  for (char **a = applets; *a; a++)
    {
      g_autofree char *link_path = NULL;
      g_autofree char *dir = NULL;

      if (**a == '\0' || strcmp (*a, "bin/busybox") == 0 || strstr (*a, ".."))
        continue;
      link_path = g_build_filename (rootfs, *a, NULL);
      dir = g_path_get_dirname (link_path);
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        g_mkdir_with_parents (dir, 0755);
      /* A hard link: busybox picks the applet by its name all the same,
       * and a link costs a fraction of a symbolic link here. */
      if (link (dst, link_path) != 0 && errno != EEXIST)
        return setup_error (error, link_path, "cannot create the applet link", errno);
    }
  return TRUE;
}

static gboolean
write_file (const char *rootfs, const char *name, const char *text, GError **error)
{
  g_autofree char *path = g_build_filename (rootfs, name, NULL);

  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0644, error);
}

/**
 * oci_rootfs_build_template:
 * @spec: busybox, oci-runtimetest and the plugins
 * @dir: the directory to fill (created)
 * @error: an %OCI_RUNTIME_ERROR_SETUP naming what failed
 *
 * Returns: %TRUE on success
 */
gboolean
oci_rootfs_build_template (const OciRootfsSpec *spec, const char *dir, GError **error)
{
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (template_dirs); i++)
    {
      g_autofree char *d = g_build_filename (dir, template_dirs[i], NULL);
      if (g_mkdir_with_parents (d, 0755) != 0)
        return setup_error (error, d, "cannot create the directory", errno);
    }
  {
    g_autofree char *tmp = g_build_filename (dir, "tmp", NULL);
    chmod (tmp, 01777);
  }
  if (!install_busybox (spec->busybox, dir, done, error)
      || !write_file (dir, "etc/passwd", passwd, error)
      || !write_file (dir, "etc/group", group, error))
    return FALSE;
  if (spec->runtimetest)
    {
      g_autofree char *dst = g_build_filename (dir, OCI_RUNTIMETEST_PATH, NULL);
      if (!copy_file (spec->runtimetest, dst, 0755, error)
          || !copy_needed (spec->runtimetest, dir, OCI_RUNTIMETEST_LIBS, done, error))
        return FALSE;
    }
  for (char **p = spec->plugin_files; spec->runtimetest && p && *p; p++)
    {
      g_autofree char *base = g_path_get_basename (*p);
      g_autofree char *dst = g_build_filename (dir, OCI_RUNTIMETEST_PLUGINS, base, NULL);
      if (!copy_file (*p, dst, 0755, error) || !copy_needed (*p, dir, OCI_RUNTIMETEST_LIBS, done, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * oci_rootfs_clone:
 * @template_dir: a template made by oci_rootfs_build_template()
 * @dir: the directory to create: directories are made, files and
 *   symbolic links hard-linked
 * @error: set on failure
 *
 * Returns: %TRUE on success
 */
gboolean
oci_rootfs_clone (const char *template_dir, const char *dir, GError **error)
{
  g_autoptr(GDir) d = NULL;
  const char *name;
  struct stat st;

  if (lstat (template_dir, &st) != 0)
    return setup_error (error, template_dir, "cannot read the template", errno);
  if (mkdir (dir, st.st_mode & 07777) != 0 && errno != EEXIST)
    return setup_error (error, dir, "cannot create the directory", errno);
  chmod (dir, st.st_mode & 07777);
  d = g_dir_open (template_dir, 0, error);
  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *from = g_build_filename (template_dir, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);

      if (lstat (from, &st) != 0)
        return setup_error (error, from, "cannot read the template", errno);
      if (S_ISDIR (st.st_mode))
        {
          if (!oci_rootfs_clone (from, to, error))
            return FALSE;
        }
      /* Symbolic links are hard-linked too (link() does not follow
       * them): creating hundreds of applet links costs far more. */
      else if (link (from, to) != 0)
        return setup_error (error, to, "cannot link the template file", errno);
    }
  return TRUE;
}

/**
 * oci_mounts_below:
 * @path: a folder
 * @mountinfo: (nullable): the mount table to read (default: this process's)
 *
 * Returns: (transfer full) (element-type utf8): the mount points at or
 *   below @path, deepest first
 */
GPtrArray *
oci_mounts_below (const char *path, const char *mountinfo)
{
  g_autoptr(GPtrArray) mounts = oci_mount_info_read (mountinfo, NULL);
  GPtrArray *below = g_ptr_array_new_with_free_func (g_free);
  gsize len = strlen (path);

  for (guint i = 0; mounts && i < mounts->len; i++)
    {
      OciMountInfo *m = mounts->pdata[i];
      if (strncmp (m->mount_point, path, len) == 0 && (m->mount_point[len] == '/' || m->mount_point[len] == '\0'))
        g_ptr_array_insert (below, 0, g_strdup (m->mount_point));
    }
  return below;
}

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  remove (path);
  return 0;
}

/**
 * oci_rm_rf:
 * @path: a directory (or file) to remove
 * @error: set when something remains
 *
 * Detaches anything mounted below @path first, then removes the tree
 * without ever crossing into another filesystem, so a mount left behind
 * by a runtime is never emptied.
 *
 * Returns: %TRUE when @path is gone
 */
gboolean
oci_rm_rf (const char *path, GError **error)
{
  g_autoptr(GPtrArray) mounts = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return TRUE;
  mounts = oci_mounts_below (path, NULL);
  for (guint i = 0; i < mounts->len; i++)
    umount2 (mounts->pdata[i], MNT_DETACH);
  nftw (path, remove_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return setup_error (error, path, "could not be removed entirely", ENOTEMPTY);
  return TRUE;
}
