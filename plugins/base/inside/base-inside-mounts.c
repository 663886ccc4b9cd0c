/* base-inside-mounts.c — the config's mounts as /proc/self/mountinfo
 * shows them: present, in the listed order, with type, flags and
 * propagation
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "base-inside.h"

/* Flags /proc/self/mountinfo shows among the per-mount options; their
 * opposites must be absent. Other options are filesystem data, written
 * back by each filesystem in its own way, and are not compared. */
static const struct
{
  const char *option;
  const char *shown;   /* must be among the per-mount options */
  const char *absent;  /* must not be */
} flag_rules[] = {
  { "ro", "ro", NULL },          { "rw", "rw", NULL },
  { "nosuid", "nosuid", NULL },  { "suid", NULL, "nosuid" },
  { "nodev", "nodev", NULL },    { "dev", NULL, "nodev" },
  { "noexec", "noexec", NULL },  { "exec", NULL, "noexec" },
};

/* Filesystem types a runtime realises in its own way: a "cgroup" mount on
 * a v1 host is a tmpfs holding one mount per hierarchy. */
static const char *const loose_types[] = { "bind", "none", "cgroup", NULL };

static gboolean
has_optional (const OciMountInfo *m, const char *prefix)
{
  for (char **o = m->optional; o && *o; o++)
    if (g_str_has_prefix (*o, prefix))
      return TRUE;
  return FALSE;
}

/* The last mount at @dest: the one a process sees. */
static int
find_mount (GPtrArray *mounts, const char *dest)
{
  for (int i = (int) mounts->len - 1; i >= 0; i--)
    if (strcmp (((OciMountInfo *) mounts->pdata[i])->mount_point, dest) == 0)
      return i;
  return -1;
}

static void
check_flags (OciCheckContext *ctx, const OciMountInfo *m, const char *const *options, const char *pointer)
{
  for (guint k = 0; options[k]; k++)
    for (gsize r = 0; r < G_N_ELEMENTS (flag_rules); r++)
      {
        g_auto(GStrv) have = NULL;
        gboolean ok;

        if (strcmp (options[k], flag_rules[r].option) != 0)
          continue;
        have = g_strsplit (m->mount_options, ",", -1);
        ok = (flag_rules[r].shown == NULL || g_strv_contains ((const char *const *) have, flag_rules[r].shown))
             && (flag_rules[r].absent == NULL || !g_strv_contains ((const char *const *) have, flag_rules[r].absent));
        if (ok)
          oci_check_pass (ctx, "base.runtime.mounts.applied");
        else
          oci_check_fail_values (ctx, "base.runtime.mounts.applied", pointer, options[k], m->mount_options,
                                 "the mount at %s lacks the option %s", m->mount_point, options[k]);
      }
}

static void
check_propagation (OciCheckContext *ctx, const OciMountInfo *m, const char *const *options, const char *pointer)
{
  g_autofree char *actual = g_strjoinv (" ", m->optional);

  for (guint k = 0; options[k]; k++)
    {
      const char *o = options[k] + (options[k][0] == 'r' && strcmp (options[k], "ro") != 0
                                    && strcmp (options[k], "rw") != 0 && strcmp (options[k], "rbind") != 0
                                      ? 1 : 0);
      gboolean ok;

      if (strcmp (o, "shared") == 0)
        ok = has_optional (m, "shared:");
      else if (strcmp (o, "slave") == 0)
        ok = has_optional (m, "master:");
      else if (strcmp (o, "private") == 0)
        ok = !has_optional (m, "shared:") && !has_optional (m, "master:");
      else if (strcmp (o, "unbindable") == 0)
        ok = has_optional (m, "unbindable");
      else
        continue;
      if (ok)
        oci_check_pass (ctx, "base.runtime.mounts.applied");
      else
        oci_check_fail_values (ctx, "base.runtime.mounts.applied", pointer, options[k],
                               *actual ? actual : "private", "the mount at %s has another propagation",
                               m->mount_point);
    }
}

static GStrv
mount_options (JsonObject *o)
{
  JsonArray *a = oci_json_object_get_array (o, "options");
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
        g_strv_builder_add (b, json_node_get_string (n));
    }
  return g_strv_builder_end (b);
}

static void
check_type (OciCheckContext *ctx, const OciMountInfo *m, const char *type, const char *const *options,
            const char *pointer)
{
  if (type == NULL || g_strv_contains (loose_types, type) || g_strv_contains (options, "bind")
      || g_strv_contains (options, "rbind"))
    return;
  if (strcmp (m->fs_type, type) == 0)
    oci_check_pass (ctx, "base.runtime.mounts.applied");
  else
    oci_check_fail_values (ctx, "base.runtime.mounts.applied", pointer, type, m->fs_type,
                           "the mount at %s has another filesystem type", m->mount_point);
}

gboolean
base_inside_check_mounts (OciCheckContext *ctx, GError **error)
{
  JsonArray *config_mounts = oci_config_get_array (oci_check_context_get_config (ctx), "/mounts");
  g_autoptr(GPtrArray) mounts = NULL;
  int last_index = -1;
  g_autofree char *last_dest = NULL;

  if (config_mounts == NULL || json_array_get_length (config_mounts) == 0)
    return TRUE;
  mounts = oci_mount_info_read (NULL, error);
  if (mounts == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (config_mounts); i++)
    {
      JsonNode *n = json_array_get_element (config_mounts, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *dest = o ? oci_json_object_get_string (o, "destination") : NULL;
      g_autofree char *path = NULL;
      g_autofree char *pointer = g_strdup_printf ("/mounts/%u", i);
      g_auto(GStrv) options = NULL;
      const OciMountInfo *m;
      int index;

      if (dest == NULL)
        continue;
      path = g_canonicalize_filename (dest, "/");
      index = find_mount (mounts, path);
      if (index < 0)
        {
          oci_check_fail_values (ctx, "base.runtime.mounts.applied", pointer, path, "nothing mounted there",
                                 "the mount at %s is missing", path);
          continue;
        }
      m = mounts->pdata[index];
      options = mount_options (o);
      check_type (ctx, m, oci_json_object_get_string (o, "type"), (const char *const *) options, pointer);
      check_flags (ctx, m, (const char *const *) options, pointer);
      check_propagation (ctx, m, (const char *const *) options, pointer);
      if (last_dest && strcmp (last_dest, path) != 0 && index < last_index)
        oci_check_fail_values (ctx, "base.runtime.mounts.order", pointer, last_dest, path,
                               "%s was mounted before %s, which the config lists earlier", path, last_dest);
      else
        oci_check_pass (ctx, "base.runtime.mounts.order");
      last_index = index;
      g_free (last_dest);
      last_dest = g_strdup (path);
    }
  return TRUE;
}
