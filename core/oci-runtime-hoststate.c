/* oci-runtime-hoststate.c — what a suite run may not change on the host
 *
 * A snapshot before and after the run: the device nodes every container
 * setup touches (/dev/null and friends: type, owner, mode, device
 * number), the mount table, the cgroup folders, the network interfaces,
 * the hostname and domain name, and the sysctls the cases set inside
 * their containers. Other programs may change the host at the same time,
 * so differences are split: what can only be ours (a device node changed,
 * a mount or cgroup or interface whose name carries the run's prefix or
 * lies in its work folder, a namespaced sysctl or name of the host
 * changed) is an error; any other difference is a note.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "oci-runtime-private.h"

/* The nodes a runtime bind-mounts or creates for every container. */
static const char *const device_nodes[] = {
  "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/ptmx",
};

/* Host values the cases set inside their containers' namespaces. */
static const char *const watched_files[] = {
  "/proc/sys/kernel/hostname",
  "/proc/sys/kernel/domainname",
  "/proc/sys/kernel/shm_rmid_forced",
  "/proc/sys/net/ipv4/ip_forward",
  "/proc/sys/net/ipv4/ip_local_port_range",
  "/proc/sys/net/ipv4/tcp_syncookies",
};

/* How deep the cgroup folders are listed below each hierarchy's root. */
#define CGROUP_DEPTH 3

struct _OciHostState
{
  GHashTable *devices; /* path → "character special 1:3 0:0 0666", the
                        * host's, and the copies in the calls' /dev */
  GHashTable *mounts;  /* "mount point (fstype source)" → itself */
  GHashTable *cgroups; /* folder → itself */
  GHashTable *links;   /* interface name → itself */
  GHashTable *values;  /* watched file → its text */
};

static GHashTable *
set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static const char *
file_type (mode_t mode)
{
  if (S_ISCHR (mode))
    return "character special file";
  if (S_ISBLK (mode))
    return "block special file";
  if (S_ISREG (mode))
    return "regular file";
  if (S_ISDIR (mode))
    return "directory";
  if (S_ISLNK (mode))
    return "symbolic link";
  return "other file";
}

static void
snap_devices (GHashTable *devices, const OciDevNamespace *ns)
{
  for (gsize i = 0; i < G_N_ELEMENTS (device_nodes) * (ns ? 2 : 1); i++)
    {
      const char *node = device_nodes[i % G_N_ELEMENTS (device_nodes)];
      g_autofree char *path = i < G_N_ELEMENTS (device_nodes) ? g_strdup (node) : oci_dev_namespace_path (ns, node);
      struct stat st;
      char *what;

      if (lstat (path, &st) != 0)
        what = g_strdup ("missing");
      else
        what = g_strdup_printf ("%s %u:%u, owner %u:%u, mode %04o", file_type (st.st_mode),
                                major (st.st_rdev), minor (st.st_rdev), (guint) st.st_uid, (guint) st.st_gid,
                                (guint) (st.st_mode & 07777));
      g_hash_table_insert (devices,
                           i < G_N_ELEMENTS (device_nodes)
                             ? g_strdup_printf ("the host's %s", node)
                             : g_strdup_printf ("%s of the runtime calls' private /dev (the host's is safe)", node),
                           what);
    }
}

static void
snap_mounts (GHashTable *mounts)
{
  g_autoptr(GPtrArray) all = oci_mount_info_read ("/proc/self/mountinfo", NULL);

  for (guint i = 0; all && i < all->len; i++)
    {
      const OciMountInfo *m = all->pdata[i];
      char *key = g_strdup_printf ("%s (%s %s)", m->mount_point, m->fs_type, m->source ? m->source : "");
      g_hash_table_insert (mounts, key, g_strdup (key));
    }
}

static void
snap_cgroup_dir (GHashTable *cgroups, const char *dir, guint depth)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (depth == 0 || (d = g_dir_open (dir, 0, NULL)) == NULL)
    return;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      g_hash_table_add (cgroups, g_strdup (path));
      snap_cgroup_dir (cgroups, path, depth - 1);
    }
}

static void
snap_links (GHashTable *links)
{
  g_autoptr(GDir) d = g_dir_open ("/sys/class/net", 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    g_hash_table_add (links, g_strdup (name));
}

static void
snap_values (GHashTable *values)
{
  for (gsize i = 0; i < G_N_ELEMENTS (watched_files); i++)
    {
      char *text = NULL;
      if (g_file_get_contents (watched_files[i], &text, NULL, NULL))
        g_hash_table_insert (values, g_strdup (watched_files[i]), g_strstrip (text));
    }
}

/**
 * oci_host_state_snapshot:
 * @ns: (nullable): the runtime calls' mount namespace, whose device nodes
 *   are watched too
 *
 * Returns: (transfer full): what the host looks like now
 */
OciHostState *
oci_host_state_snapshot (const OciDevNamespace *ns)
{
  OciHostState *s = g_new0 (OciHostState, 1);
  g_auto(GStrv) mounts = oci_host_cgroup_mounts ();

  s->devices = set_new ();
  s->mounts = set_new ();
  s->cgroups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->values = set_new ();
  snap_devices (s->devices, ns);
  snap_mounts (s->mounts);
  for (char **m = mounts; *m; m++)
    snap_cgroup_dir (s->cgroups, *m, CGROUP_DEPTH);
  snap_links (s->links);
  snap_values (s->values);
  return s;
}

/**
 * oci_host_state_free:
 * @state: (nullable): a snapshot
 */
void
oci_host_state_free (OciHostState *state)
{
  if (state == NULL)
    return;
  g_hash_table_unref (state->devices);
  g_hash_table_unref (state->mounts);
  g_hash_table_unref (state->cgroups);
  g_hash_table_unref (state->links);
  g_hash_table_unref (state->values);
  g_free (state);
}

static gboolean
is_ours (const char *text, const char *const *marks)
{
  for (guint i = 0; marks[i]; i++)
    if (strstr (text, marks[i]))
      return TRUE;
  return FALSE;
}

/* Keys in one set and not the other, both ways. */
static void
compare_sets (GHashTable *before, GHashTable *after, const char *what, const char *const *marks,
              GPtrArray *errors, GPtrArray *notes)
{
  GHashTableIter it;
  gpointer key;

  g_hash_table_iter_init (&it, after);
  while (g_hash_table_iter_next (&it, &key, NULL))
    if (!g_hash_table_contains (before, key))
      g_ptr_array_add (is_ours (key, marks) ? errors : notes, g_strdup_printf ("new %s: %s", what, (char *) key));
  g_hash_table_iter_init (&it, before);
  while (g_hash_table_iter_next (&it, &key, NULL))
    if (!g_hash_table_contains (after, key))
      g_ptr_array_add (is_ours (key, marks) ? errors : notes, g_strdup_printf ("%s gone: %s", what, (char *) key));
}

/* Values that differ are always errors (@always), else notes. */
static void
compare_values (GHashTable *before, GHashTable *after, gboolean always, GPtrArray *errors, GPtrArray *notes)
{
  GHashTableIter it;
  gpointer key, value;

  g_hash_table_iter_init (&it, before);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      const char *now = g_hash_table_lookup (after, key);
      if (g_strcmp0 (now, value) != 0)
        g_ptr_array_add (always ? errors : notes, g_strdup_printf ("%s changed: was %s, is %s", (char *) key,
                                                                   (char *) value, now ? now : "gone"));
    }
}

/**
 * oci_host_state_compare:
 * @before: the snapshot before the run
 * @after: the snapshot after it
 * @marks: (array zero-terminated=1): strings only the run's own names and
 *   paths contain (its cgroup prefix, its work folder)
 * @errors: (element-type utf8): differences the run caused
 * @notes: (element-type utf8): differences that may be another program's
 *
 * Device nodes, the hostname, the domain name and the watched sysctls
 * that changed are always errors: nothing else on a host changes the
 * owner of /dev/null, and the values are those the cases set in their
 * containers. Mounts, cgroup folders and interfaces are errors when
 * their name matches one of @marks.
 */
void
oci_host_state_compare (const OciHostState *before, const OciHostState *after, const char *const *marks,
                        GPtrArray *errors, GPtrArray *notes)
{
  compare_values (before->devices, after->devices, TRUE, errors, notes);
  compare_values (before->values, after->values, TRUE, errors, notes);
  compare_sets (before->mounts, after->mounts, "mount", marks, errors, notes);
  compare_sets (before->cgroups, after->cgroups, "cgroup folder", marks, errors, notes);
  compare_sets (before->links, after->links, "network interface", marks, errors, notes);
}
