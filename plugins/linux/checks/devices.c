/* devices.c — linux.devices: the device nodes a container gets
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE /* O_PATH */

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "linux-checks.h"

static const OciRequirement device_requirements[] = {
  { "linux.devices.type", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "a device type is c, b, u or p (advice: the text lists the types without a keyword; "
    "mknod(2) makes no other)" },
  { "linux.devices.number.required", OCI_LEVEL_REQUIRED, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "major and minor are REQUIRED unless the type is p" },
  { "linux.devices.path.absolute", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "a device path is the full (absolute) path inside the container (advice: the text says "
    "full path, without a keyword)" },
  { "linux.devices.path.unique", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "two different devices MUST NOT share a path: the second meets a file that does not match it, an error" },
  { "linux.devices.number.unique", OCI_LEVEL_SHOULD_NOT, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "the same type, major and minor SHOULD NOT be used for several devices" },
  { "linux.devices.filemode", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "fileMode holds permission bits only, 0 to 0777 written in decimal (advice: file-type "
    "bits or octal digits written as decimal make a node other than the one meant; runc and "
    "containerd strip the type bits)" },
  { "linux.devices.rootfs.match", OCI_LEVEL_MUST, "config-linux.md", "configLinuxDevices", "1.0.0", NULL,
    "a file already at the device's path in the root filesystem MUST match the device (else the runtime "
    "MUST generate an error)" },
};

typedef struct
{
  const char *path;
  char type; /* 'u' is folded into 'c': both are character devices */
  gint64 major;
  gint64 minor;
  gboolean numbered;
} Device;

static gboolean
read_device (JsonObject *entry, Device *dev)
{
  const char *type = oci_json_object_get_string (entry, "type");

  dev->path = oci_json_object_get_string (entry, "path");
  dev->type = type && strlen (type) == 1 && strchr ("cbup", *type) ? *type : 0;
  dev->numbered = oci_json_object_get_int (entry, "major", &dev->major);
  dev->numbered = oci_json_object_get_int (entry, "minor", &dev->minor) && dev->numbered;
  if (dev->type == 'u')
    dev->type = 'c';
  return type != NULL;
}

/* Stats @path inside @rootfs, symlinks resolved inside it: a link to
 * /dev/null in the root filesystem must not reach the host's. */
static int
stat_in_root (const char *rootfs, const char *path, struct stat *st)
{
  struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
  int root_fd = open (rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
  int fd, saved;

  if (root_fd < 0)
    return -1;
  while (*path == '/')
    path++;
  fd = (int) syscall (SYS_openat2, root_fd, *path ? path : ".", &how, sizeof how);
  /* Kernels before 5.6 lack openat2: there an absolute link resolves on the host. */
  if (fd < 0 && errno == ENOSYS)
    fd = openat (root_fd, *path ? path : ".", O_PATH | O_CLOEXEC);
  saved = errno;
  close (root_fd);
  if (fd < 0)
    {
      errno = saved;
      return -1;
    }
  saved = fstat (fd, st);
  close (fd);
  return saved;
}

static void
check_rootfs_node (OciCheckContext *ctx, const Device *dev, const char *ptr)
{
  const char *rootfs = oci_check_context_get_rootfs (ctx);
  struct stat st;
  char type;

  if (rootfs == NULL || oci_check_context_get_bundle (ctx) == NULL || !dev->type)
    return;
  if (stat_in_root (rootfs, dev->path, &st) != 0)
    {
      if (errno == ENOENT)
        oci_check_pass (ctx, "linux.devices.rootfs.match");
      return;
    }
  type = S_ISCHR (st.st_mode) ? 'c' : S_ISBLK (st.st_mode) ? 'b' : S_ISFIFO (st.st_mode) ? 'p' : '?';
  if (!oci_check_expect (ctx, type == dev->type, "linux.devices.rootfs.match", ptr,
                         "%s exists in the root filesystem and is not a device of type %c", dev->path, dev->type))
    return;
  if (type != 'p' && dev->numbered)
    oci_check_expect (ctx, major (st.st_rdev) == dev->major && minor (st.st_rdev) == dev->minor,
                      "linux.devices.rootfs.match", ptr,
                      "%s exists in the root filesystem as device %u:%u, not %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                      dev->path, major (st.st_rdev), minor (st.st_rdev), dev->major, dev->minor);
}

/* The file types of stat(2)'s st_mode, as engines put them in fileMode
 * (podman writes 8630, S_IFCHR | 0666, for its devices). */
static const struct
{
  gint64 bits;
  const char *name;
} file_types[] = {
  { S_IFIFO, "S_IFIFO" }, { S_IFCHR, "S_IFCHR" }, { S_IFDIR, "S_IFDIR" },
  { S_IFBLK, "S_IFBLK" }, { S_IFREG, "S_IFREG" }, { S_IFLNK, "S_IFLNK" }, { S_IFSOCK, "S_IFSOCK" },
};

/* Says what a fileMode beyond 0777 most likely is. */
static char *
filemode_diagnosis (gint64 mode)
{
  g_autofree char *digits = NULL;

  if (mode > 0 && mode <= (gint64) (S_IFMT | 07777) && (mode & ~(gint64) (S_IFMT | 07777)) == 0)
    for (gsize i = 0; i < G_N_ELEMENTS (file_types); i++)
      if ((mode & S_IFMT) == file_types[i].bits)
        return g_strdup_printf ("carries the file-type bits %s; the spec wants permission bits only "
                                "(%" G_GINT64_FORMAT ", octal 0%" G_GINT64_MODIFIER "o): the type is the "
                                "device's type member", file_types[i].name, mode & 07777, mode & 07777);
  digits = g_strdup_printf ("%" G_GINT64_FORMAT, mode);
  if (mode > 0 && strspn (digits, "01234567") == strlen (digits))
    return g_strdup_printf ("is not permission bits: the value is decimal, so octal 0%s is written %" G_GINT64_FORMAT,
                            digits, g_ascii_strtoll (digits, NULL, 8));
  return g_strdup ("is not permission bits, 0 to 0777");
}

static void
check_fields (OciCheckContext *ctx, JsonObject *entry, const Device *dev, guint i)
{
  g_autofree char *ptr = g_strdup_printf ("/linux/devices/%u", i);
  g_autofree char *type_ptr = g_strdup_printf ("/linux/devices/%u/type", i);
  g_autofree char *path_ptr = g_strdup_printf ("/linux/devices/%u/path", i);
  g_autofree char *mode_ptr = g_strdup_printf ("/linux/devices/%u/fileMode", i);
  gint64 mode;

  oci_check_expect (ctx, dev->type != 0, "linux.devices.type", type_ptr, "\"%s\" is not a device type (c, b, u, p)",
                    oci_json_object_get_string (entry, "type"));
  if (dev->type && dev->type != 'p')
    oci_check_expect (ctx, dev->numbered, "linux.devices.number.required", ptr,
                      "a device of type %s needs both major and minor", oci_json_object_get_string (entry, "type"));
  if (dev->path)
    oci_check_expect (ctx, g_path_is_absolute (dev->path), "linux.devices.path.absolute", path_ptr,
                      "\"%s\" is not an absolute path", dev->path);
  if (oci_json_object_get_int (entry, "fileMode", &mode) && (mode < 0 || mode > 0777))
    {
      g_autofree char *why = filemode_diagnosis (mode);
      oci_check_fail (ctx, "linux.devices.filemode", mode_ptr, "fileMode %" G_GINT64_FORMAT " (octal %"
                      G_GINT64_MODIFIER "o) %s", mode, mode, why);
    }
  else if (json_object_has_member (entry, "fileMode"))
    oci_check_pass (ctx, "linux.devices.filemode");
}

static gboolean
same_number (const Device *a, const Device *b)
{
  return a->type == b->type && a->type != 'p' && a->numbered && b->numbered
         && a->major == b->major && a->minor == b->minor;
}

/* The devices already seen at one path: the first, and the first that
 * is not the same device as it (-1: none yet). */
typedef struct
{
  gint first;
  gint other;
} PathSeen;

/* A device number as a key: "c 1:3". */
static char *
number_key (const Device *dev)
{
  return g_strdup_printf ("%c %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, dev->type, dev->major, dev->minor);
}

/* Each device is compared with what came before it through two hash
 * tables (by path, by number), not with every earlier device: a config of
 * n devices costs O(n), and a clash is one finding per device, naming one
 * earlier device it clashes with. */
static void
check_unique (OciCheckContext *ctx, Device *seen, guint i, GHashTable *by_path, GHashTable *by_number,
              const char *path_ptr, const char *ptr)
{
  Device *dev = &seen[i];
  gint clash = -1;

  if (dev->path)
    {
      PathSeen *p = g_hash_table_lookup (by_path, dev->path);
      if (p == NULL)
        {
          p = g_new (PathSeen, 1);
          *p = (PathSeen) { (gint) i, -1 };
          g_hash_table_insert (by_path, (gpointer) dev->path, p);
        }
      else if (!same_number (&seen[p->first], dev))
        {
          clash = p->first;
          if (p->other < 0)
            p->other = (gint) i;
        }
      else
        clash = p->other;
    }
  oci_check_expect (ctx, clash < 0, "linux.devices.path.unique", path_ptr,
                    "devices %d and %u are different devices at the same path %s", clash, i, dev->path);
  clash = -1;
  if (same_number (dev, dev))
    {
      g_autofree char *key = number_key (dev);
      gpointer first;
      if (g_hash_table_lookup_extended (by_number, key, NULL, &first))
        clash = GPOINTER_TO_INT (first);
      else
        g_hash_table_insert (by_number, g_steal_pointer (&key), GINT_TO_POINTER (i));
    }
  oci_check_expect (ctx, clash < 0, "linux.devices.number.unique", ptr,
                    "devices %d and %u are both %c %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, clash, i,
                    dev->type, dev->major, dev->minor);
}

static gboolean
check_devices (OciCheckContext *ctx, GError **error)
{
  JsonArray *devices = oci_config_get_array (oci_check_context_get_config (ctx), "/linux/devices");
  guint n = devices ? json_array_get_length (devices) : 0;
  g_autofree Device *seen = g_new0 (Device, n);
  g_autoptr(GHashTable) by_path = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) by_number = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = linux_check_object_at (devices, i);
      g_autofree char *path_ptr = g_strdup_printf ("/linux/devices/%u/path", i);
      g_autofree char *ptr = g_strdup_printf ("/linux/devices/%u", i);

      if (entry == NULL || !read_device (entry, &seen[i]))
        continue;
      check_fields (ctx, entry, &seen[i], i);
      check_unique (ctx, seen, i, by_path, by_number, path_ptr, ptr);
      if (seen[i].path && g_path_is_absolute (seen[i].path))
        check_rootfs_node (ctx, &seen[i], path_ptr);
    }
  return TRUE;
}

static const OciChecker device_checkers[] = {
  { "linux.devices", "device nodes: types, numbers, paths, and files already in the root filesystem",
    OCI_PHASE_BUNDLE, check_devices },
};

void
linux_checks_devices_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, device_requirements, G_N_ELEMENTS (device_requirements));
  oci_plugin_add_checkers (plugin, device_checkers, G_N_ELEMENTS (device_checkers));
}
