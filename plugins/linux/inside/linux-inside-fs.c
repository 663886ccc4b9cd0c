/* linux-inside-fs.c — the container's filesystem as config-linux.md and
 * runtime-linux.md describe it: devices, /dev symbolic links, masked and
 * readonly paths, the propagation and labels of mounts
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux-inside.h"

/* ---- default devices and symbolic links -------------------------------- */

/* Each with its requirement row: results keep the id, so it is static. */
static const struct
{
  const char *path;
  guint major;
  guint minor;
  const char *row;
} default_devices[] = {
  { "/dev/null", 1, 3, "linux.runtime.default-devices.null" },
  { "/dev/zero", 1, 5, "linux.runtime.default-devices.zero" },
  { "/dev/full", 1, 7, "linux.runtime.default-devices.full" },
  { "/dev/random", 1, 8, "linux.runtime.default-devices.random" },
  { "/dev/urandom", 1, 9, "linux.runtime.default-devices.urandom" },
  { "/dev/tty", 5, 0, "linux.runtime.default-devices.tty" },
};

static const struct
{
  const char *link;
  const char *target;
  const char *row;
} dev_links[] = {
  { "/dev/fd", "/proc/self/fd", "linux.runtime.dev-symlinks.fd" },
  { "/dev/stdin", "/proc/self/fd/0", "linux.runtime.dev-symlinks.stdin" },
  { "/dev/stdout", "/proc/self/fd/1", "linux.runtime.dev-symlinks.stdout" },
  { "/dev/stderr", "/proc/self/fd/2", "linux.runtime.dev-symlinks.stderr" },
};

static char *
describe_node (const struct stat *st)
{
  const char *type = S_ISCHR (st->st_mode)    ? "character device"
                     : S_ISBLK (st->st_mode)  ? "block device"
                     : S_ISFIFO (st->st_mode) ? "fifo"
                     : S_ISDIR (st->st_mode)  ? "directory"
                     : S_ISLNK (st->st_mode)  ? "symbolic link"
                     : S_ISREG (st->st_mode)  ? "regular file"
                                              : "special file";

  if (S_ISCHR (st->st_mode) || S_ISBLK (st->st_mode))
    return g_strdup_printf ("%s %u:%u", type, major (st->st_rdev), minor (st->st_rdev));
  return g_strdup (type);
}

static void
check_default_device (OciCheckContext *ctx, const char *path, guint maj, guint min, const char *row)
{
  g_autofree char *expected = g_strdup_printf ("character device %u:%u", maj, min);
  g_autofree char *actual = NULL;
  struct stat st;

  if (stat (path, &st) != 0)
    {
      oci_check_fail_values (ctx, row, NULL, expected, g_strerror (errno), "the default device %s is missing", path);
      return;
    }
  actual = describe_node (&st);
  if (strcmp (expected, actual) == 0)
    oci_check_pass (ctx, row);
  else
    oci_check_fail_values (ctx, row, NULL, expected, actual,
                           "the default device %s is not what it must be", path);
}

/* /dev/ptmx is "a bind-mount or symlink of the container's /dev/pts/ptmx":
 * either way it is the same inode. */
static void
check_ptmx (OciCheckContext *ctx)
{
  struct stat ptmx, pts;

  if (stat ("/dev/pts/ptmx", &pts) != 0)
    {
      oci_check_skip (ctx, "linux.runtime.default-devices.ptmx", NULL, "the container has no /dev/pts/ptmx");
      return;
    }
  if (stat ("/dev/ptmx", &ptmx) != 0)
    oci_check_fail_values (ctx, "linux.runtime.default-devices.ptmx", NULL, "/dev/pts/ptmx", g_strerror (errno),
                           "the default device /dev/ptmx is missing");
  else if (ptmx.st_dev != pts.st_dev || ptmx.st_ino != pts.st_ino)
    {
      g_autofree char *a = describe_node (&ptmx);
      oci_check_fail_values (ctx, "linux.runtime.default-devices.ptmx", NULL,
                             "a bind mount or symbolic link of /dev/pts/ptmx", a,
                             "/dev/ptmx is not the container's /dev/pts/ptmx");
    }
  else
    oci_check_pass (ctx, "linux.runtime.default-devices.ptmx");
}

static void
check_dev_link (OciCheckContext *ctx, const char *link, const char *target, const char *row)
{
  g_autofree char *have = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_path_get_dirname (target);

  /* "if the source file exists after processing mounts" */
  if (!g_file_test (source, G_FILE_TEST_EXISTS))
    return;
  have = g_file_read_link (link, &error);
  if (have && strcmp (have, target) == 0)
    oci_check_pass (ctx, row);
  else
    oci_check_fail_values (ctx, row, NULL, target, have ? have : error->message,
                           "%s is not a symbolic link to %s", link, target);
}

/* config-linux.md's default filesystems: path and type. */
static const struct
{
  const char *path;
  const char *type;
} default_filesystems[] = {
  { "/proc", "proc" },
  { "/sys", "sysfs" },
  { "/dev/pts", "devpts" },
  { "/dev/shm", "tmpfs" },
};

/* The type of what is mounted at @path last (what the path shows). */
static const char *
mounted_type (GPtrArray *mounts, const char *path)
{
  const char *type = NULL;

  for (guint i = 0; i < mounts->len; i++)
    {
      const OciMountInfo *m = mounts->pdata[i];
      if (g_strcmp0 (m->mount_point, path) == 0)
        type = m->fs_type;
    }
  return type;
}

static gboolean
check_default_filesystems (OciCheckContext *ctx, GError **error)
{
  g_autoptr(GPtrArray) mounts = oci_mount_info_read (NULL, error);

  if (mounts == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (default_filesystems); i++)
    {
      const char *type = mounted_type (mounts, default_filesystems[i].path);

      if (g_strcmp0 (type, default_filesystems[i].type) == 0)
        oci_check_pass (ctx, "linux.runtime.default-filesystems");
      else
        oci_check_fail_values (ctx, "linux.runtime.default-filesystems", NULL, default_filesystems[i].type,
                               type ? type : "(nothing mounted)", "%s is not a %s filesystem",
                               default_filesystems[i].path, default_filesystems[i].type);
    }
  return TRUE;
}

gboolean
linux_inside_check_default_devices (OciCheckContext *ctx, GError **error)
{
  gboolean terminal = FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (default_devices); i++)
    check_default_device (ctx, default_devices[i].path, default_devices[i].major, default_devices[i].minor,
                          default_devices[i].row);
  check_ptmx (ctx);
  /* /dev/console is a bind mount of the pty of a terminal, a character
   * device of its own (the harness always runs without terminal). */
  if (oci_config_get_boolean (oci_check_context_get_config (ctx), "/process/terminal", &terminal) && terminal)
    {
      struct stat st;
      oci_check_expect (ctx, stat ("/dev/console", &st) == 0 && S_ISCHR (st.st_mode),
                        "linux.runtime.default-devices.console", "/process/terminal",
                        "with a terminal /dev/console must be the pseudoterminal");
    }
  for (gsize i = 0; i < G_N_ELEMENTS (dev_links); i++)
    check_dev_link (ctx, dev_links[i].link, dev_links[i].target, dev_links[i].row);
  return check_default_filesystems (ctx, error);
}

/* ---- linux.devices ----------------------------------------------------- */

static gboolean
type_matches (const char *type, mode_t mode)
{
  if (g_strcmp0 (type, "c") == 0 || g_strcmp0 (type, "u") == 0)
    return S_ISCHR (mode);
  if (g_strcmp0 (type, "b") == 0)
    return S_ISBLK (mode);
  if (g_strcmp0 (type, "p") == 0)
    return S_ISFIFO (mode);
  return FALSE;
}

/* The row of a device member: major and minor are its numbers, uid and
 * gid its owner. */
static const char *
member_row (const char *member)
{
  if (strcmp (member, "fileMode") == 0)
    return "linux.runtime.devices.file-mode";
  if (strcmp (member, "uid") == 0 || strcmp (member, "gid") == 0)
    return "linux.runtime.devices.owner";
  return "linux.runtime.devices.numbers";
}

static void
expect_number (OciCheckContext *ctx, const char *pointer, const char *member, const char *path, gint64 want,
               gint64 have)
{
  g_autofree char *p = g_strconcat (pointer, "/", member, NULL);
  g_autofree char *e = NULL;
  g_autofree char *a = NULL;

  if (want == have)
    {
      oci_check_pass (ctx, member_row (member));
      return;
    }
  e = g_strdup_printf (strcmp (member, "fileMode") == 0 ? "0%" G_GINT64_MODIFIER "o" : "%" G_GINT64_FORMAT, want);
  a = g_strdup_printf (strcmp (member, "fileMode") == 0 ? "0%" G_GINT64_MODIFIER "o" : "%" G_GINT64_FORMAT, have);
  oci_check_fail_values (ctx, member_row (member), p, e, a, "%s has another %s", path, member);
}

static void
check_device (OciCheckContext *ctx, JsonObject *device, guint index)
{
  const char *path = oci_json_object_get_string (device, "path");
  const char *type = oci_json_object_get_string (device, "type");
  g_autofree char *pointer = g_strdup_printf ("/linux/devices/%u", index);
  gint64 value;
  struct stat st;

  if (path == NULL || type == NULL)
    return;
  /* Runtimes may supply a device "however it likes": follow symlinks. */
  if (stat (path, &st) != 0)
    {
      oci_check_fail_values (ctx, "linux.runtime.devices", pointer, path, g_strerror (errno),
                             "the device %s is not available", path);
      return;
    }
  if (!type_matches (type, st.st_mode))
    {
      g_autofree char *a = describe_node (&st);
      oci_check_fail_values (ctx, "linux.runtime.devices", pointer, type, a, "%s is not of type %s", path, type);
      return;
    }
  oci_check_pass (ctx, "linux.runtime.devices");
  if (strcmp (type, "p") != 0 && oci_json_object_get_int (device, "major", &value))
    expect_number (ctx, pointer, "major", path, value, major (st.st_rdev));
  if (strcmp (type, "p") != 0 && oci_json_object_get_int (device, "minor", &value))
    expect_number (ctx, pointer, "minor", path, value, minor (st.st_rdev));
  if (oci_json_object_get_int (device, "fileMode", &value))
    expect_number (ctx, pointer, "fileMode", path, value & 07777, st.st_mode & 07777);
  if (oci_json_object_get_int (device, "uid", &value))
    expect_number (ctx, pointer, "uid", path, value, st.st_uid);
  if (oci_json_object_get_int (device, "gid", &value))
    expect_number (ctx, pointer, "gid", path, value, st.st_gid);
}

gboolean
linux_inside_check_devices (OciCheckContext *ctx, GError **error)
{
  JsonArray *devices = oci_config_get_array (oci_check_context_get_config (ctx), "/linux/devices");

  for (guint i = 0; devices && i < json_array_get_length (devices); i++)
    {
      JsonNode *n = json_array_get_element (devices, i);
      if (JSON_NODE_HOLDS_OBJECT (n))
        check_device (ctx, json_node_get_object (n), i);
    }
  return TRUE;
}

/* ---- masked and readonly paths ----------------------------------------- */

/* What reading @path gives: NULL when nothing could be read. */
static char *
read_some (const char *path, const struct stat *st)
{
  char buf[64];
  ssize_t n;
  int fd;

  if (S_ISDIR (st->st_mode))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *first = d ? g_dir_read_name (d) : NULL;
      return first ? g_strdup_printf ("the entry %s", first) : NULL;
    }
  /* Never block on a fifo or a device that is not masked. */
  fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return NULL;
  n = read (fd, buf, sizeof buf);
  close (fd);
  return n > 0 ? g_strdup_printf ("%zd bytes", n) : NULL;
}

gboolean
linux_inside_check_masked_paths (OciCheckContext *ctx, GError **error)
{
  JsonArray *paths = oci_config_get_array (oci_check_context_get_config (ctx), "/linux/maskedPaths");

  for (guint i = 0; paths && i < json_array_get_length (paths); i++)
    {
      const char *path = oci_json_array_get_string (paths, i);
      g_autofree char *pointer = g_strdup_printf ("/linux/maskedPaths/%u", i);
      g_autofree char *got = NULL;
      struct stat st;

      /* A path the container does not have has nothing to mask. */
      if (path == NULL || !g_path_is_absolute (path) || stat (path, &st) != 0)
        continue;
      got = read_some (path, &st);
      if (got == NULL)
        oci_check_pass (ctx, "linux.runtime.masked-paths");
      else
        oci_check_fail_values (ctx, "linux.runtime.masked-paths", pointer, "nothing readable", got,
                               "the masked path %s can be read", path);
    }
  return TRUE;
}

gboolean
linux_inside_check_readonly_paths (OciCheckContext *ctx, GError **error)
{
  JsonArray *paths = oci_config_get_array (oci_check_context_get_config (ctx), "/linux/readonlyPaths");

  for (guint i = 0; paths && i < json_array_get_length (paths); i++)
    {
      const char *path = oci_json_array_get_string (paths, i);
      g_autofree char *pointer = g_strdup_printf ("/linux/readonlyPaths/%u", i);
      struct stat st;
      g_autofree char *how = NULL;

      if (path == NULL || !g_path_is_absolute (path) || stat (path, &st) != 0)
        continue;
      if (oci_path_is_readonly (path, &how))
        oci_check_pass (ctx, "linux.runtime.readonly-paths");
      else
        oci_check_fail_values (ctx, "linux.runtime.readonly-paths", pointer, "a read-only mount",
                               "a writable mount", "the readonly path %s can be written (%s)", path, how);
    }
  return TRUE;
}

/* ---- mounts: rootfs propagation and labels ----------------------------- */

static OciMountInfo *
root_mount (GPtrArray *mounts)
{
  for (int i = (int) mounts->len - 1; i >= 0; i--)
    if (strcmp (((OciMountInfo *) mounts->pdata[i])->mount_point, "/") == 0)
      return mounts->pdata[i];
  return NULL;
}

static gboolean
has_optional (const OciMountInfo *m, const char *prefix)
{
  for (char **o = m->optional; o && *o; o++)
    if (g_str_has_prefix (*o, prefix))
      return TRUE;
  return FALSE;
}

/**
 * linux_inside_propagation_of:
 * @m: a mount
 *
 * The optional fields of mountinfo say what propagation a mount has:
 * "shared:N" (peer group), "master:N" (slave of one), "unbindable".
 *
 * Returns: "shared", "slave", "private" or "unbindable"
 */
const char *
linux_inside_propagation_of (const OciMountInfo *m)
{
  if (has_optional (m, "unbindable"))
    return "unbindable";
  if (has_optional (m, "master:"))
    return "slave";
  if (has_optional (m, "shared:"))
    return "shared";
  return "private";
}

/* The row of each propagation rootfsPropagation can ask for. */
static const char *
propagation_row (const char *want)
{
  static const struct
  {
    const char *value;
    const char *row;
  } rows[] = {
    { "shared", "linux.runtime.rootfs-propagation.shared" },
    { "slave", "linux.runtime.rootfs-propagation.slave" },
    { "private", "linux.runtime.rootfs-propagation.private" },
    { "unbindable", "linux.runtime.rootfs-propagation.unbindable" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    if (strcmp (want, rows[i].value) == 0)
      return rows[i].row;
  return "linux.runtime.rootfs-propagation";
}

gboolean
linux_inside_check_rootfs_propagation (OciCheckContext *ctx, GError **error)
{
  const char *want = oci_config_get_string (oci_check_context_get_config (ctx), "/linux/rootfsPropagation");
  const char *outside = linux_inside_annotation (ctx, LINUX_ANNOTATION_ROOTFS_PROPAGATION);
  g_autoptr(GPtrArray) mounts = NULL;
  g_autofree char *fields = NULL;
  OciMountInfo *root;
  const char *have, *row;

  if (want == NULL || *want == '\0')
    return TRUE;
  mounts = oci_mount_info_read (NULL, error);
  if (mounts == NULL)
    return FALSE;
  root = root_mount (mounts);
  if (root == NULL)
    return g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "/proc/self/mountinfo has no / mount"), FALSE;
  /* The r-prefixed spellings some runtimes accept mean the same for "/". */
  if (want[0] == 'r' && strcmp (want, "rw") != 0)
    want++;
  have = linux_inside_propagation_of (root);
  row = propagation_row (want);
  fields = g_strjoinv (" ", root->optional);
  /* A slave needs a master: of a private mount there can be none. */
  if (strcmp (want, "slave") == 0 && outside && strcmp (outside, "shared") != 0 && strcmp (outside, "slave") != 0)
    {
      oci_check_skip (ctx, row, "/linux/rootfsPropagation",
                      "the root filesystem's mount in the runtime namespace is %s: no slave can be made of it",
                      outside);
      return TRUE;
    }
  if (strcmp (want, have) == 0)
    oci_check_pass (ctx, row);
  else
    oci_check_fail_values (ctx, row, "/linux/rootfsPropagation", want, have,
                           "the root mount is %s (mountinfo optional fields: \"%s\")", have, fields);
  return TRUE;
}

static const char *
context_option (const OciMountInfo *m)
{
  const char *opts[] = { m->mount_options, m->super_options };

  for (gsize i = 0; i < G_N_ELEMENTS (opts); i++)
    {
      const char *c = opts[i] ? strstr (opts[i], "context=") : NULL;
      if (c)
        return c;
    }
  return NULL;
}

gboolean
linux_inside_check_mount_label (OciCheckContext *ctx, GError **error)
{
  const char *label = oci_config_get_string (oci_check_context_get_config (ctx), "/linux/mountLabel");
  g_autoptr(GPtrArray) mounts = NULL;
  gboolean found = FALSE;

  if (label == NULL || *label == '\0')
    return TRUE;
  mounts = oci_mount_info_read (NULL, error);
  if (mounts == NULL)
    return FALSE;
  /* The runtime labels the mounts it makes that take a context (tmpfs,
   * mqueue, devpts...); a label shows as context="LABEL" in mountinfo. */
  for (guint i = 0; i < mounts->len; i++)
    {
      const char *c = context_option (mounts->pdata[i]);
      if (c == NULL)
        continue;
      found = TRUE;
      if (strstr (c, label))
        oci_check_pass (ctx, "linux.runtime.mount-label");
      else
        oci_check_fail_values (ctx, "linux.runtime.mount-label", "/linux/mountLabel", label, c,
                               "the mount at %s has another SELinux context",
                               ((OciMountInfo *) mounts->pdata[i])->mount_point);
    }
  if (!found)
    oci_check_skip (ctx, "linux.runtime.mount-label", "/linux/mountLabel",
                    "no mount shows a context= option (SELinux is not enabled here)");
  return TRUE;
}

/* ---- idmapped mounts --------------------------------------------------- */

/**
 * linux_inside_map_id:
 * @mappings: (nullable): a mount's uidMappings or gidMappings
 * @id: an id of the source filesystem
 *
 * An id of the source filesystem as the mount shows it: "the mapping to
 * convert UIDs from the source file system to the destination mount
 * point" takes hostID to containerID; unmapped ids show as the overflow
 * id.
 *
 * Returns: the id seen in the mount
 */
gint64
linux_inside_map_id (JsonArray *mappings, gint64 id)
{
  for (guint i = 0; mappings && i < json_array_get_length (mappings); i++)
    {
      JsonNode *n = json_array_get_element (mappings, i);
      gint64 container = 0, host = 0, size = 0;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        continue;
      oci_json_object_get_int (json_node_get_object (n), "containerID", &container);
      oci_json_object_get_int (json_node_get_object (n), "hostID", &host);
      oci_json_object_get_int (json_node_get_object (n), "size", &size);
      if (id >= host && id < host + size)
        return container + (id - host);
    }
  return 65534;
}

static void
check_idmapped_mount (OciCheckContext *ctx, JsonObject *mount, guint index)
{
  const char *dest = oci_json_object_get_string (mount, "destination");
  g_autofree char *key = g_strconcat (LINUX_ANNOTATION_SOURCE_OWNER, dest, NULL);
  const char *owner = dest ? linux_inside_annotation (ctx, key) : NULL;
  g_autofree char *pointer = g_strdup_printf ("/mounts/%u", index);
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  gint64 uid = -1, gid = -1;
  struct stat st;

  /* Only the harness knows who owns the source outside. */
  if (owner == NULL || sscanf (owner, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, &uid, &gid) != 2)
    return;
  if (stat (dest, &st) != 0)
    {
      oci_check_fail_values (ctx, "linux.runtime.mounts.idmap", pointer, dest, g_strerror (errno),
                             "the idmapped mount %s is missing", dest);
      return;
    }
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                              linux_inside_map_id (oci_json_object_get_array (mount, "uidMappings"), uid),
                              linux_inside_map_id (oci_json_object_get_array (mount, "gidMappings"), gid));
  actual = g_strdup_printf ("%u:%u", (guint) st.st_uid, (guint) st.st_gid);
  if (strcmp (expected, actual) == 0)
    oci_check_pass (ctx, "linux.runtime.mounts.idmap");
  else
    oci_check_fail_values (ctx, "linux.runtime.mounts.idmap", pointer, expected, actual,
                           "%s (owned by %s outside) does not have the owner its idmapping gives", dest, owner);
}

gboolean
linux_inside_check_idmapped_mounts (OciCheckContext *ctx, GError **error)
{
  JsonArray *mounts = oci_config_get_array (oci_check_context_get_config (ctx), "/mounts");

  for (guint i = 0; mounts && i < json_array_get_length (mounts); i++)
    {
      JsonNode *n = json_array_get_element (mounts, i);
      JsonObject *m = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;

      if (m && (oci_json_object_get_array (m, "uidMappings") || oci_json_object_get_array (m, "gidMappings")))
        check_idmapped_mount (ctx, m, i);
    }
  return TRUE;
}
