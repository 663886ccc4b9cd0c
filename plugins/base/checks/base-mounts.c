/* base-mounts.c — mounts (config.md): destinations, order, options, bind sources
 *
 * Windows' own mount rules (destinations never nested, sources on the
 * host) are the windows plugin's; mount types against /proc/filesystems
 * are the linux plugin's.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/stat.h>

#include "base-checks.h"

/* The option strings of config.md's Linux table (1.1.0; idmap and ridmap
 * from 1.2.0): known flags that must stand alone to be applied. */
static const char *const linux_mount_options[] = {
  "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "idmap", "iversion",
  "lazytime", "loud", "mand", "noatime", "nodev", "nodiratime", "noexec", "noiversion", "nolazytime",
  "nomand", "norelatime", "nostrictatime", "nosuid", "nosymfollow", "private", "ratime", "rbind",
  "rdev", "rdiratime", "relatime", "remount", "rexec", "ridmap", "rnoatime", "rnodiratime", "rnoexec",
  "rnorelatime", "rnostrictatime", "rnosuid", "rnosymfollow", "ro", "rprivate", "rrelatime", "rro",
  "rrw", "rshared", "rslave", "rstrictatime", "rsuid", "rsymfollow", "runbindable", "rw", "shared",
  "silent", "slave", "strictatime", "suid", "symfollow", "sync", "tmpcopyup", "unbindable", NULL,
};

typedef struct
{
  OciCheckContext *ctx;
  const char *os;
  gboolean linux_rules; /* Linux from 1.2.0: relative destinations are deprecated, not wrong */
} MountScan;

static const char *
mount_string (JsonArray *mounts, guint i, const char *member)
{
  JsonNode *m = json_array_get_element (mounts, i);

  return JSON_NODE_HOLDS_OBJECT (m) ? oci_json_object_get_string (json_node_get_object (m), member) : NULL;
}

static void
check_destination (MountScan *s, const char *dest, const char *ptr)
{
  gboolean absolute = oci_path_is_absolute_for (s->os, dest);

  if (s->linux_rules)
    oci_check_expect (s->ctx, absolute, "base.mounts.destination.linux-relative", ptr,
                      "\"%s\" is relative: relative destinations are deprecated", dest);
  else
    oci_check_expect (s->ctx, absolute, "base.mounts.destination.absolute", ptr,
                      "\"%s\" is not an absolute path", dest);
}

static gboolean
has_option (JsonObject *mount, const char *option)
{
  JsonArray *options = oci_json_object_get_array (mount, "options");

  for (guint i = 0; options && i < json_array_get_length (options); i++)
    if (g_strcmp0 (oci_json_array_get_string (options, i), option) == 0)
      return TRUE;
  return FALSE;
}

/* TRUE if a mount at @over covers @under: the same path or one below it.
 * Both canonical; relative destinations (deprecated on Linux) are taken
 * relative to "/", as config.md says. */
static gboolean
covers (const char *over, const char *under)
{
  gsize n = strlen (over);

  if (strcmp (over, "/") == 0)
    return TRUE;
  return strncmp (under, over, n) == 0 && (under[n] == '\0' || under[n] == '/');
}

/* Mount @j hides every earlier mount at its destination or below; a
 * remount changes the mount there instead of covering it. */
static void
check_shadowing (MountScan *s, JsonArray *mounts, guint j)
{
  JsonObject *later = json_node_get_object (json_array_get_element (mounts, j));
  g_autofree char *over = g_canonicalize_filename (oci_json_object_get_string (later, "destination"), "/");
  g_autofree char *ptr = g_strdup_printf ("/mounts/%u/destination", j);

  if (has_option (later, "remount"))
    return;
  for (guint i = 0; i < j; i++)
    {
      const char *dest = mount_string (mounts, i, "destination");
      g_autofree char *under = dest ? g_canonicalize_filename (dest, "/") : NULL;

      if (under && covers (over, under))
        oci_check_fail (s->ctx, "base.mounts.shadowed", ptr, "%s hides mounts[%u] at %s, mounted before it",
                        over, i, dest);
    }
  oci_check_pass (s->ctx, "base.mounts.shadowed");
}

static void
check_options (MountScan *s, JsonObject *mount, guint index)
{
  JsonArray *options = oci_json_object_get_array (mount, "options");

  for (guint k = 0; options && k < json_array_get_length (options); k++)
    {
      const char *o = oci_json_array_get_string (options, k);
      g_auto(GStrv) parts = NULL;
      g_autofree char *ptr = NULL;

      if (o == NULL || strchr (o, ',') == NULL)
        continue;
      parts = g_strsplit (o, ",", -1);
      ptr = g_strdup_printf ("/mounts/%u/options/%u", index, k);
      for (char **p = parts; *p; p++)
        if (g_strv_contains (linux_mount_options, *p))
          {
            oci_check_fail (s->ctx, "base.mounts.options.separate", ptr,
                            "\"%s\" joins %s with other options: give each option its own string", o, *p);
            break;
          }
    }
  oci_check_pass (s->ctx, "base.mounts.options.separate");
}

static void
check_mount (MountScan *s, JsonArray *mounts, guint i)
{
  JsonObject *mount = json_node_get_object (json_array_get_element (mounts, i));
  const char *dest = oci_json_object_get_string (mount, "destination");
  gboolean posix = g_strcmp0 (s->os, "windows") != 0;
  g_autofree char *ptr = g_strdup_printf ("/mounts/%u", i);
  g_autofree char *dest_ptr = g_strconcat (ptr, "/destination", NULL);

  if (dest)
    check_destination (s, dest, dest_ptr);
  if (dest && *dest && posix)
    check_shadowing (s, mounts, i);
  if (g_strcmp0 (s->os, "linux") == 0)
    check_options (s, mount, i);
  if (posix && base_mount_is_bind (mount))
    oci_check_expect (s->ctx, oci_json_object_get_string (mount, "source") != NULL, "base.mounts.bind.source",
                      ptr, "a bind mount without a source");
}

gboolean
base_check_mounts (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *mounts = oci_config_get_array (config, "/mounts");
  MountScan s = { ctx, oci_check_context_get_os (ctx), FALSE };

  s.linux_rules = g_strcmp0 (s.os, "linux") == 0 && oci_check_context_release_at_least (ctx, "1.2.0");
  for (guint i = 0; mounts && i < json_array_get_length (mounts); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (mounts, i)))
      check_mount (&s, mounts, i);
  return TRUE;
}

static void
check_source_exists (OciCheckContext *ctx, JsonObject *mount, guint index)
{
  const char *bundle = oci_check_context_get_bundle (ctx);
  const char *source = oci_json_object_get_string (mount, "source");
  g_autofree char *path = NULL;
  g_autofree char *ptr = NULL;
  struct stat st;

  if (source == NULL || !base_mount_is_bind (mount))
    return;
  if (g_path_is_absolute (source))
    path = g_strdup (source);
  else if (bundle)
    path = g_build_filename (bundle, source, NULL);
  else
    return;
  ptr = g_strdup_printf ("/mounts/%u/source", index);
  oci_check_expect (ctx, stat (path, &st) == 0, "base.mounts.bind.source", ptr,
                    "the bind mount source %s does not exist", path);
}

/* Host phase: a bind mount's source exists, on the host or in the bundle. */
gboolean
base_check_mount_sources (OciCheckContext *ctx, GError **error)
{
  const char *os = oci_check_context_get_os (ctx);
  JsonArray *mounts = oci_config_get_array (oci_check_context_get_config (ctx), "/mounts");

  if (g_strcmp0 (os, "windows") == 0 || g_strcmp0 (os, oci_host_os ()) != 0)
    return TRUE;
  for (guint i = 0; mounts && i < json_array_get_length (mounts); i++)
    {
      JsonNode *m = json_array_get_element (mounts, i);
      if (JSON_NODE_HOLDS_OBJECT (m))
        check_source_exists (ctx, json_node_get_object (m), i);
    }
  return TRUE;
}
