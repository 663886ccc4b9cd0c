/* base-root.c — ociVersion, root and the bundle layout (config.md, bundle.md)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base-checks.h"

gboolean
base_check_version (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *version = oci_config_get_version (config);
  g_auto(OciSemver) v = { 0 };

  if (version == NULL)
    return TRUE; /* absent or not a string: the schema reports it */
  oci_check_expect (ctx, oci_semver_parse (version, &v, NULL), "base.ociversion.semver",
                    "/ociVersion", "\"%s\" is not a SemVer 2.0.0 version", version);
  return TRUE;
}

static gboolean
is_windows (OciCheckContext *ctx)
{
  return g_strcmp0 (oci_check_context_get_os (ctx), "windows") == 0;
}

/* root.required, root.path.conventional, and with the bundle root.path.exists.
 * On Windows root.path is a volume GUID path naming no file here: the
 * windows plugin checks its format. */
gboolean
base_check_root (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *rootfs = oci_check_context_get_rootfs (ctx);
  const char *path = oci_config_get_string (config, "/root/path");
  g_autofree char *base = NULL;
  struct stat st;

  if (!oci_config_has (config, "/root"))
    {
      /* The Go tool crashes on a missing root (when apparmorProfile is set). */
      oci_check_expect (ctx, is_windows (ctx) && oci_config_has (config, "/windows/hyperv"),
                        "base.root.required", "", "the config has no root");
      return TRUE;
    }
  oci_check_pass (ctx, "base.root.required");
  if (path == NULL || is_windows (ctx))
    return TRUE;
  base = g_path_get_basename (path);
  oci_check_expect (ctx, strcmp (base, "rootfs") == 0, "base.root.path.conventional", "/root/path",
                    "root.path \"%s\" is not named rootfs", path);
  if (oci_check_context_get_bundle (ctx) == NULL)
    return TRUE;
  if (rootfs == NULL)
    oci_check_fail (ctx, "base.root.path.exists", "/root/path", "root.path is empty");
  else if (stat (rootfs, &st) != 0)
    oci_check_fail (ctx, "base.root.path.exists", "/root/path", "%s does not exist", rootfs);
  else
    oci_check_expect (ctx, S_ISDIR (st.st_mode), "base.root.path.exists", "/root/path",
                      "%s is not a directory", rootfs);
  return TRUE;
}

/* TRUE if @path is @dir or below it; both absolute and canonical. */
static gboolean
is_inside (const char *path, const char *dir)
{
  gsize n = strlen (dir);

  if (strcmp (dir, "/") == 0)
    return TRUE;
  return strncmp (path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Where @path really is: realpath(3) when it exists, else @fallback
 * relative to @dir made canonical (enough to see "../x" leave a bundle). */
static char *
locate (const char *path, const char *fallback, const char *dir)
{
  char *real = realpath (path, NULL);
  char *copy;

  if (real == NULL)
    return g_canonicalize_filename (fallback, dir);
  copy = g_strdup (real);
  free (real);
  return copy;
}

static void
check_config_file (OciCheckContext *ctx, const char *bundle)
{
  g_autofree char *file = g_build_filename (bundle, "config.json", NULL);
  g_autofree char *where = NULL;
  struct stat st;

  if (lstat (file, &st) != 0 || !S_ISLNK (st.st_mode))
    {
      oci_check_pass (ctx, "base.bundle.single-directory");
      return;
    }
  where = locate (file, file, NULL);
  oci_check_expect (ctx, is_inside (where, bundle), "base.bundle.single-directory", "",
                    "config.json is a link to %s, outside the bundle", where);
}

/* bundle.md: the artifacts are in one directory. An absolute root.path is
 * allowed by config.md wherever it points; a relative one is the bundle's. */
gboolean
base_check_bundle (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *bundle = oci_check_context_get_bundle (ctx);
  const char *path = oci_config_get_string (config, "/root/path");
  g_autofree char *real_bundle = NULL;
  g_autofree char *where = NULL;

  if (bundle == NULL || is_windows (ctx))
    return TRUE;
  real_bundle = locate (bundle, bundle, NULL);
  check_config_file (ctx, real_bundle);
  if (path == NULL || *path == '\0' || g_path_is_absolute (path))
    return TRUE;
  where = locate (oci_check_context_get_rootfs (ctx), path, real_bundle);
  oci_check_expect (ctx, is_inside (where, real_bundle), "base.bundle.single-directory", "/root/path",
                    "root.path \"%s\" resolves to %s, outside the bundle %s", path, where, real_bundle);
  return TRUE;
}
