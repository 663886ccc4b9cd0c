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
  GSequence *placed;    /* Placed: the mounts before the one checked */
  GStringChunk *dests;  /* their canonical destinations */
} MountScan;

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

/* An earlier mount's destination (canonical: relative destinations,
 * deprecated on Linux, are taken relative to "/", as config.md says), in
 * a sequence sorted by destination, then index. A probe sorts before
 * (bias -1) or after (+1) every mount at its destination. */
typedef struct
{
  const char *dest;
  guint index;
  int bias;
} Placed;

static int
compare_placed (gconstpointer a, gconstpointer b, gpointer data)
{
  const Placed *x = a, *y = b;
  int c = strcmp (x->dest, y->dest);

  if (c != 0)
    return c;
  if (x->bias != y->bias)
    return x->bias - y->bias;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Where @dest (with @bias) would go in @placed. */
static GSequenceIter *
bound (GSequence *placed, const char *dest, int bias)
{
  Placed probe = { dest, 0, bias };

  return g_sequence_search (placed, &probe, compare_placed, NULL);
}

/* The earlier mounts at @over or below it: how many, and one of them
 * (the last at @over itself, else the first below it). Two ranges of the
 * sorted sequence: @over exactly, and everything starting "@over/" (which
 * sorts before "@over0"); "/" covers every mount. */
static guint
covered (GSequence *placed, const char *over, const Placed **one)
{
  g_autofree char *below = g_strconcat (over, "/", NULL);
  g_autofree char *after = g_strconcat (over, "0", NULL);
  GSequenceIter *eq_begin, *eq_end, *sub_begin, *sub_end;
  guint n_eq, n_sub;

  if (strcmp (over, "/") == 0)
    {
      *one = g_sequence_is_empty (placed) ? NULL : g_sequence_get (g_sequence_get_begin_iter (placed));
      return g_sequence_get_length (placed);
    }
  eq_begin = bound (placed, over, -1);
  eq_end = bound (placed, over, 1);
  sub_begin = bound (placed, below, -1);
  sub_end = bound (placed, after, -1);
  n_eq = g_sequence_iter_get_position (eq_end) - g_sequence_iter_get_position (eq_begin);
  n_sub = g_sequence_iter_get_position (sub_end) - g_sequence_iter_get_position (sub_begin);
  *one = n_eq ? g_sequence_get (g_sequence_iter_prev (eq_end)) : n_sub ? g_sequence_get (sub_begin) : NULL;
  return n_eq + n_sub;
}

/* Mount @j hides every earlier mount at its destination or below; a
 * remount changes the mount there instead of covering it. One finding per
 * mount that hides others, with their number. */
static void
check_shadowing (MountScan *s, guint j, const char *over)
{
  g_autofree char *ptr = g_strdup_printf ("/mounts/%u/destination", j);
  const Placed *one = NULL;
  guint n = covered (s->placed, over, &one);

  if (n == 1)
    oci_check_fail (s->ctx, "base.mounts.shadowed", ptr, "%s hides mounts[%u] at %s, mounted before it", over,
                    one->index, one->dest);
  else if (n > 1)
    oci_check_fail (s->ctx, "base.mounts.shadowed", ptr,
                    "%s hides mounts[%u] at %s and %u other mounts mounted before it", over, one->index, one->dest,
                    n - 1);
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
  if (dest && posix)
    {
      g_autofree char *canonical = g_canonicalize_filename (dest, "/");
      Placed *placed = g_new (Placed, 1);

      if (*dest && !has_option (mount, "remount"))
        check_shadowing (s, i, canonical);
      *placed = (Placed) { g_string_chunk_insert (s->dests, canonical), i, 0 };
      g_sequence_insert_sorted (s->placed, placed, compare_placed, NULL);
    }
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
  g_autoptr(GSequence) placed = g_sequence_new (g_free);
  MountScan s = { ctx, oci_check_context_get_os (ctx), FALSE, placed, g_string_chunk_new (4096) };

  s.linux_rules = g_strcmp0 (s.os, "linux") == 0 && oci_check_context_release_at_least (ctx, "1.2.0");
  for (guint i = 0; mounts && i < json_array_get_length (mounts); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (mounts, i)))
      check_mount (&s, mounts, i);
  g_string_chunk_free (s.dests);
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
