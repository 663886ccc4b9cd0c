/* oci-runtime-host.c — what this host can do (cgroups, LSMs, namespaces),
 * and the /proc/PID/mountinfo reader inside checkers share
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <errno.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "oci-runtime-private.h"

/* ---- mountinfo --------------------------------------------------------- */

/**
 * oci_mount_info_free:
 * @info: (nullable): an entry
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 */
void
oci_mount_info_free (OciMountInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->root);
  g_free (info->mount_point);
  g_free (info->mount_options);
  g_strfreev (info->optional);
  g_free (info->fs_type);
  g_free (info->source);
  g_free (info->super_options);
  g_free (info);
}

/* The kernel escapes space, tab, newline and backslash as \ooo. */
static char *
unescape (const char *field)
{
  GString *out = g_string_new (NULL);

  for (const char *p = field; *p; p++)
    {
      if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0'
          && p[3] <= '7')
        {
          g_string_append_c (out, (char) ((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0')));
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static OciMountInfo *
parse_line (const char *line, GError **error)
{
  g_auto(GStrv) f = g_strsplit (line, " ", -1);
  g_autoptr(OciMountInfo) m = g_new0 (OciMountInfo, 1);
  g_autoptr(GStrvBuilder) optional = g_strv_builder_new ();
  guint n = g_strv_length (f), sep;

  for (sep = 6; sep < n && strcmp (f[sep], "-") != 0; sep++)
    g_strv_builder_add (optional, f[sep]);
  if (n < 9 || sep + 2 >= n
      || sscanf (f[0], "%u", &m->mount_id) != 1 || sscanf (f[1], "%u", &m->parent_id) != 1
      || sscanf (f[2], "%u:%u", &m->major, &m->minor) != 2)
    {
      g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_OUTPUT,
                   "malformed mountinfo line: %s", line);
      return NULL;
    }
  m->root = unescape (f[3]);
  m->mount_point = unescape (f[4]);
  m->mount_options = g_strdup (f[5]);
  m->optional = g_strv_builder_end (optional);
  m->fs_type = unescape (f[sep + 1]);
  m->source = unescape (f[sep + 2]);
  m->super_options = sep + 3 < n ? g_strdup (f[sep + 3]) : g_strdup ("");
  return g_steal_pointer (&m);
}

/**
 * oci_mount_info_parse:
 * @text: the contents of a mountinfo file
 * @error: an %OCI_RUNTIME_ERROR_OUTPUT for a malformed line
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full) (element-type OciMountInfo): the mounts in
 *   file order (the order they were mounted), or %NULL with @error set
 */
GPtrArray *
oci_mount_info_parse (const char *text, GError **error)
{
  g_autoptr(GPtrArray) mounts = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_mount_info_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (char **l = lines; *l; l++)
    {
      OciMountInfo *m;
      if (**l == '\0')
        continue;
      m = parse_line (*l, error);
      if (m == NULL)
        return NULL;
      g_ptr_array_add (mounts, m);
    }
  return g_steal_pointer (&mounts);
}

/**
 * oci_mount_info_read:
 * @path: (nullable): a mountinfo file; %NULL for /proc/self/mountinfo
 * @error: set when it cannot be read or parsed
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it touches only the files it is given.
 *
 * Returns: (transfer full) (element-type OciMountInfo): the mounts in order
 */
GPtrArray *
oci_mount_info_read (const char *path, GError **error)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path ? path : "/proc/self/mountinfo", &text, NULL, error))
    return NULL;
  return oci_mount_info_parse (text, error);
}

/**
 * oci_mount_info_has_option:
 * @info: a mount
 * @option: an option ("ro", "nosuid")
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: %TRUE if @option is among the per-mount or superblock options
 */
gboolean
oci_mount_info_has_option (const OciMountInfo *info, const char *option)
{
  g_auto(GStrv) a = g_strsplit (info->mount_options, ",", -1);
  g_auto(GStrv) b = g_strsplit (info->super_options, ",", -1);

  return g_strv_contains ((const char *const *) a, option) || g_strv_contains ((const char *const *) b, option);
}

/* ---- cgroups ----------------------------------------------------------- */

typedef struct
{
  OciCgroupMode mode;
  char *unified;         /* mount point of the cgroup2 hierarchy, or NULL */
  GHashTable *v1;        /* controller -> mount point */
  GStrv v2_controllers;  /* controllers enabled in the unified root */
} CgroupInfo;

/* Superblock options of a v1 hierarchy that name no controller. */
static const char *const not_controllers[] = {
  "rw", "ro", "xattr", "noprefix", "clone_children", "cpuset_v2_mode", "favordynmods", NULL,
};

static CgroupInfo *
cgroup_info_scan (void)
{
  CgroupInfo *info = g_new0 (CgroupInfo, 1);
  g_autoptr(GPtrArray) mounts = oci_mount_info_read (NULL, NULL);
  g_autofree char *controllers = NULL;

  info->v1 = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; mounts && i < mounts->len; i++)
    {
      OciMountInfo *m = mounts->pdata[i];
      if (strcmp (m->fs_type, "cgroup2") == 0 && info->unified == NULL)
        info->unified = g_strdup (m->mount_point);
      else if (strcmp (m->fs_type, "cgroup") == 0)
        {
          g_auto(GStrv) opts = g_strsplit (m->super_options, ",", -1);
          for (char **o = opts; *o; o++)
            {
              if (g_strv_contains (not_controllers, *o)
                  || (strchr (*o, '=') && !g_str_has_prefix (*o, "name=")))
                continue;
              if (!g_hash_table_contains (info->v1, *o))
                g_hash_table_insert (info->v1, g_strdup (*o), g_strdup (m->mount_point));
            }
        }
    }
  if (info->unified)
    {
      g_autofree char *path = g_build_filename (info->unified, "cgroup.controllers", NULL);
      if (g_file_get_contents (path, &controllers, NULL, NULL))
        info->v2_controllers = g_strsplit_set (g_strstrip (controllers), " \n", -1);
    }
  if (info->v2_controllers == NULL)
    info->v2_controllers = g_new0 (char *, 1);
  if (info->unified && g_hash_table_size (info->v1) == 0)
    info->mode = OCI_CGROUP_V2;
  else if (info->unified)
    info->mode = OCI_CGROUP_HYBRID;
  else if (g_hash_table_size (info->v1) > 0)
    info->mode = OCI_CGROUP_V1;
  else
    info->mode = OCI_CGROUP_NONE;
  return info;
}

/* Scanned once: mounts do not change while a suite runs (and if they
 * do, the clean-up still only removes directories it can name). */
static CgroupInfo *
cgroup_info (void)
{
  static CgroupInfo *info;

  if (g_once_init_enter (&info))
    g_once_init_leave (&info, cgroup_info_scan ());
  return info;
}

/**
 * oci_host_get_cgroup_mode:
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: the host is examined once per process, under g_once.
 *
 * Returns: whether the host has cgroup v1, v2, both (hybrid) or none
 */
OciCgroupMode
oci_host_get_cgroup_mode (void)
{
  return cgroup_info ()->mode;
}

/**
 * oci_cgroup_mode_to_string:
 * @mode: a mode
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: "none", "v1", "hybrid" or "v2"
 */
const char *
oci_cgroup_mode_to_string (OciCgroupMode mode)
{
  static const char *const names[] = { "none", "v1", "hybrid", "v2" };

  return (guint) mode < G_N_ELEMENTS (names) ? names[mode] : "unknown";
}

/**
 * oci_host_cgroup_controller_version:
 * @controller: "memory", "pids", "hugetlb", … ("name=systemd" for a named hierarchy)
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: the host is examined once per process, under g_once.
 *
 * Returns: 1 if a v1 hierarchy holds the controller, 2 if the unified
 *   hierarchy does, 0 if neither
 */
int
oci_host_cgroup_controller_version (const char *controller)
{
  CgroupInfo *info = cgroup_info ();

  if (g_hash_table_contains (info->v1, controller))
    return 1;
  if (g_strv_contains ((const char *const *) info->v2_controllers, controller))
    return 2;
  return 0;
}

/**
 * oci_host_cgroup_mount:
 * @controller: a v1 controller
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: the host is examined once per process, under g_once.
 *
 * Returns: (transfer full) (nullable): the mount point of the hierarchy
 *   holding it, the unified mount when only v2 has it, else %NULL
 */
char *
oci_host_cgroup_mount (const char *controller)
{
  CgroupInfo *info = cgroup_info ();
  const char *m = g_hash_table_lookup (info->v1, controller);

  if (m)
    return g_strdup (m);
  if (g_strv_contains ((const char *const *) info->v2_controllers, controller))
    return g_strdup (info->unified);
  return NULL;
}

/**
 * oci_host_cgroup_unified_mount:
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: the host is examined once per process, under g_once.
 *
 * Returns: (nullable): the mount point of the cgroup v2 hierarchy
 */
const char *
oci_host_cgroup_unified_mount (void)
{
  return cgroup_info ()->unified;
}

/**
 * oci_host_cgroup_mounts:
 *
 * Returns: (transfer full): every cgroup mount point (each v1 hierarchy
 *   once, then the unified one), for clean-up
 */
GStrv
oci_host_cgroup_mounts (void)
{
  CgroupInfo *info = cgroup_info ();
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter it;
  gpointer value;

  g_hash_table_iter_init (&it, info->v1);
  while (g_hash_table_iter_next (&it, NULL, &value))
    if (g_hash_table_add (seen, value))
      g_strv_builder_add (b, value);
  if (info->unified)
    g_strv_builder_add (b, info->unified);
  return g_strv_builder_end (b);
}

/* ---- features ---------------------------------------------------------- */

static gboolean
file_says (const char *path, const char *prefix)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) && g_str_has_prefix (text, prefix);
}

static gboolean
dir_has_entries (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);

  return d && g_dir_read_name (d) != NULL;
}

static gboolean
kernel_at_least (int major, int minor)
{
  struct utsname u;
  int ma = 0, mi = 0;

  if (uname (&u) != 0 || sscanf (u.release, "%d.%d", &ma, &mi) != 2)
    return FALSE;
  return ma > major || (ma == major && mi >= minor);
}

static gboolean
userns_allowed (void)
{
  g_autofree char *text = NULL;

  if (!g_file_test ("/proc/self/ns/user", G_FILE_TEST_EXISTS))
    return FALSE;
  if (g_file_get_contents ("/proc/sys/user/max_user_namespaces", &text, NULL, NULL))
    return g_ascii_strtoull (text, NULL, 10) > 0;
  return TRUE;
}

static OciHostFeatures
scan_features (void)
{
  OciHostFeatures f = 0;
  OciCgroupMode mode = oci_host_get_cgroup_mode ();

  if (geteuid () == 0)
    f |= OCI_HOST_ROOT;
  if (mode == OCI_CGROUP_V1 || mode == OCI_CGROUP_HYBRID)
    f |= OCI_HOST_CGROUP_V1;
  if (mode == OCI_CGROUP_V2 || mode == OCI_CGROUP_HYBRID)
    f |= OCI_HOST_CGROUP_V2;
  if (file_says ("/sys/module/apparmor/parameters/enabled", "Y"))
    f |= OCI_HOST_APPARMOR;
  if (g_file_test ("/sys/fs/selinux/enforce", G_FILE_TEST_EXISTS))
    f |= OCI_HOST_SELINUX;
  if (dir_has_entries ("/sys/kernel/mm/hugepages") && oci_host_cgroup_controller_version ("hugetlb") != 0)
    f |= OCI_HOST_HUGETLB;
  if (userns_allowed ())
    f |= OCI_HOST_USERNS;
  if (g_file_test ("/proc/self/ns/time", G_FILE_TEST_EXISTS))
    f |= OCI_HOST_TIMENS;
  if (g_file_test ("/proc/sys/kernel/seccomp/actions_avail", G_FILE_TEST_EXISTS))
    f |= OCI_HOST_SECCOMP;
  /* mount_setattr (MOUNT_ATTR_IDMAP) arrived in Linux 5.12. */
  if (kernel_at_least (5, 12))
    f |= OCI_HOST_IDMAP_MOUNTS;
  if (g_file_test ("/proc/self/ns/cgroup", G_FILE_TEST_EXISTS))
    f |= OCI_HOST_CGROUPNS;
  return f;
}

/**
 * oci_host_get_features:
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: the host is examined once per process, under g_once.
 *
 * Returns: what this host offers, looked at once per process
 */
OciHostFeatures
oci_host_get_features (void)
{
  static gsize features;

  if (g_once_init_enter (&features))
    g_once_init_leave (&features, (gsize) scan_features () | ((gsize) 1 << 31));
  return (OciHostFeatures) (features & ~((gsize) 1 << 31));
}

static const struct
{
  OciHostFeatures flag;
  const char *name;
} feature_names[] = {
  { OCI_HOST_ROOT, "root" },
  { OCI_HOST_CGROUP_V1, "cgroup v1" },
  { OCI_HOST_CGROUP_V2, "cgroup v2" },
  { OCI_HOST_APPARMOR, "AppArmor" },
  { OCI_HOST_SELINUX, "SELinux" },
  { OCI_HOST_HUGETLB, "hugetlb" },
  { OCI_HOST_USERNS, "user namespaces" },
  { OCI_HOST_TIMENS, "time namespaces" },
  { OCI_HOST_SECCOMP, "seccomp" },
  { OCI_HOST_IDMAP_MOUNTS, "idmapped mounts" },
  { OCI_HOST_CGROUPNS, "cgroup namespaces" },
};

/**
 * oci_host_features_to_string:
 * @features: flags
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): "root, cgroup v2", or "" for none
 */
char *
oci_host_features_to_string (OciHostFeatures features)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (feature_names); i++)
    if (features & feature_names[i].flag)
      g_strv_builder_add (b, feature_names[i].name);
  names = g_strv_builder_end (b);
  return g_strjoinv (", ", names);
}

/* The mount holding @path: the longest mount point that is a prefix of
 * it, the last one listed when several are stacked. */
static const OciMountInfo *
mount_of (GPtrArray *mounts, const char *path)
{
  const OciMountInfo *best = NULL;
  gsize best_len = 0;

  for (guint i = 0; mounts && i < mounts->len; i++)
    {
      const OciMountInfo *m = mounts->pdata[i];
      gsize len = strlen (m->mount_point);
      gboolean prefix = strcmp (m->mount_point, "/") == 0
                        || (strncmp (path, m->mount_point, len) == 0 && (path[len] == '/' || path[len] == '\0'));
      if (prefix && (best == NULL || len >= best_len))
        {
          best = m;
          best_len = len;
        }
    }
  return best;
}

/* A write attempt that changes nothing lasting: 1 read-only (EROFS), 0
 * writable, -1 no answer (a device, a FIFO, no permission). */
static int
write_probe (const char *path)
{
  struct stat st;
  int fd;

  if (stat (path, &st) != 0)
    return -1;
  if (S_ISDIR (st.st_mode))
    {
      g_autofree char *probe = g_strdup_printf ("%s/.ort-write-probe-%d", path, (int) getpid ());
      if (mkdir (probe, 0700) == 0)
        {
          rmdir (probe);
          return 0;
        }
      return errno == EROFS ? 1 : -1;
    }
  if (!S_ISREG (st.st_mode))
    return -1;
  fd = open (path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0)
    {
      close (fd);
      return 0;
    }
  return errno == EROFS ? 1 : -1;
}

/**
 * oci_path_is_readonly:
 * @path: a path in this process's mount namespace
 * @how: (out) (optional) (transfer full): the evidence the answer rests on
 *
 * Whether @path is on a read-only mount, by more than one source of
 * evidence, as kernels (and user-space kernels like gVisor) differ in
 * which they offer: a write attempt that changes nothing (EROFS), else
 * the "ro" option of the mount holding @path in /proc/self/mountinfo,
 * else statvfs()'s ST_RDONLY.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it touches only the files it is given.
 *
 * Returns: %TRUE when read-only
 */
gboolean
oci_path_is_readonly (const char *path, char **how)
{
  struct statvfs vfs;
  g_autoptr(GPtrArray) mounts = NULL;
  const OciMountInfo *m;
  int probe = write_probe (path);

  if (probe >= 0)
    {
      if (how)
        *how = g_strdup (probe ? "a write attempt failed with EROFS" : "a write attempt succeeded");
      return probe == 1;
    }
  /* The mount table next: what the container's kernel says of the mount
   * (gVisor's root is ro there while statvfs may say otherwise). */
  mounts = oci_mount_info_read (NULL, NULL);
  m = mounts ? mount_of (mounts, path) : NULL;
  if (m)
    {
      if (how)
        *how = g_strdup_printf ("the mount at %s is %s in mountinfo", m->mount_point,
                                oci_mount_info_has_option (m, "ro") ? "ro" : "rw");
      return oci_mount_info_has_option (m, "ro");
    }
  if (statvfs (path, &vfs) == 0)
    {
      if (how)
        *how = g_strdup_printf ("statvfs says %s", (vfs.f_flag & ST_RDONLY) ? "ST_RDONLY" : "writable");
      return (vfs.f_flag & ST_RDONLY) != 0;
    }
  if (how)
    *how = g_strdup ("no evidence (no write attempt, mountinfo or statvfs answered)");
  return FALSE;
}
