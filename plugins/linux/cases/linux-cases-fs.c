/* linux-cases-fs.c — the container's filesystem: devices and default
 * devices, masked and readonly paths, rootfs propagation, mount labels
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <string.h>
#include <unistd.h>

#include "linux-runtime.h"
#include "inside/linux-inside.h"

#define A OCI_RUNTIME_EXPECT_ANY

static const char *const args_true[] = { "/bin/true", NULL };

static const char *const inside_devices[] = { "linux.inside.devices", "linux.inside.default-devices", NULL };
static const char *const inside_default_devices[] = { "linux.inside.default-devices", NULL };
static const char *const inside_masked[] = { "linux.inside.masked-paths", NULL };
static const char *const inside_readonly[] = { "linux.inside.readonly-paths", NULL };
static const char *const inside_propagation[] = { "linux.inside.rootfs-propagation", NULL };
static const char *const inside_mount_label[] = { "linux.inside.mount-label", NULL };

/* ---- devices ----------------------------------------------------------- */

/* fileMode 432 is 0660, 438 0666; one device outside /dev, owned by a
 * user other than root. */
static const char *const opts_devices[] = {
  "--linux-device-add=c:10:666:/dev/test1:fileMode=432:uid=0:gid=0",
  "--linux-device-add=b:8:666:/dev/test2:fileMode=432:uid=0:gid=0",
  "--linux-device-add=p:0:0:/dev/test3:fileMode=432",
  "--linux-device-add=c:1:5:/ort-devices/zero:fileMode=438:uid=1000:gid=1001",
  "--linux-device-add=u:1:7:/dev/test4",
  NULL,
};

/* A regular file where the config asks for /dev/null's numbers. */
static const char *const opts_device_conflict[] = { "--linux-device-add=c:1:3:/ort-conflict:fileMode=438", NULL };

static gboolean
make_conflicting_file (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return linux_rt_write_rootfs (rc, "/ort-conflict", "a regular file, not a device\n", error);
}

static void
drop_devices (OciConfig *config)
{
  oci_config_remove (config, "/linux/devices");
}

static gboolean
check_conflict_refused (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return linux_rt_expect_refused (rc, ctx, "linux.runtime.devices.conflict", drop_devices, NULL, error);
}

static const OciRuntimeStep refused_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, check_conflict_refused },
  { OCI_RUNTIME_STEP_END },
};

/* ---- masked paths ------------------------------------------------------ */

/* Directories, files (nested too), a character device that reads zeros
 * when not masked, a fifo, and a path the container does not have. */
static const char *const opts_masked[] = {
  "--linux-masked-paths=/masked-dir",
  "--linux-masked-paths=/masked-file",
  "--linux-masked-paths=/masked-dir/masked-subdir",
  "--linux-masked-paths=/masked-dir/masked-file",
  "--linux-masked-paths=/masked-other/masked-subdir/masked-file",
  "--linux-masked-paths=/masked-other/masked-subdir",
  "--linux-masked-paths=/masked-zero",
  "--linux-masked-paths=/masked-fifo",
  "--linux-masked-paths=/masked-missing",
  NULL,
};

static gboolean
make_node (OciRuntimeContext *rc, const char *name, mode_t mode, dev_t dev, GError **error)
{
  g_autofree char *path = oci_runtime_context_rootfs_path (rc, name);

  if (mknod (path, mode, dev) != 0 && errno != EEXIST)
    return linux_rt_setup_error (error, "mknod %s: %s", path, g_strerror (errno));
  return TRUE;
}

static gboolean
make_masked_paths (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return linux_rt_write_rootfs (rc, "/masked-dir/masked-subdir/secret", "secrets\n", error)
         && linux_rt_write_rootfs (rc, "/masked-dir/masked-file", "secrets\n", error)
         && linux_rt_write_rootfs (rc, "/masked-file", "secrets\n", error)
         && linux_rt_write_rootfs (rc, "/masked-other/masked-subdir/masked-file", "secrets\n", error)
         && linux_rt_write_rootfs (rc, "/masked-other/masked-subdir/secret", "secrets\n", error)
         && make_node (rc, "/masked-zero", S_IFCHR | 0666, makedev (1, 5), error)
         && make_node (rc, "/masked-fifo", S_IFIFO | 0666, 0, error);
}

/* ---- readonly paths ---------------------------------------------------- */

static const char *const opts_readonly[] = {
  "--linux-readonly-paths=/readonly-dir",
  "--linux-readonly-paths=/readonly-file",
  "--linux-readonly-paths=/readonly-dir/readonly-subdir",
  "--linux-readonly-paths=/readonly-other/readonly-file",
  "--linux-readonly-paths=/readonly-fifo",
  "--linux-readonly-paths=/proc/sys",
  "--linux-readonly-paths=/readonly-missing",
  NULL,
};

static gboolean
make_readonly_paths (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return linux_rt_write_rootfs (rc, "/readonly-dir/readonly-subdir/file", "data\n", error)
         && linux_rt_write_rootfs (rc, "/readonly-file", "data\n", error)
         && linux_rt_write_rootfs (rc, "/readonly-other/readonly-file", "data\n", error)
         && make_node (rc, "/readonly-fifo", S_IFIFO | 0666, 0, error);
}

/* ---- rootfs propagation and mount label -------------------------------- */

static const char *const opts_shared[] = { "--linux-rootfs-propagation=shared", NULL };
static const char *const opts_slave[] = { "--linux-rootfs-propagation=slave", NULL };
static const char *const opts_private[] = { "--linux-rootfs-propagation=private", NULL };
static const char *const opts_unbindable[] = { "--linux-rootfs-propagation=unbindable", NULL };

/**
 * linux_rt_propagation_here:
 * @path: a path of the host
 * @error: set when mountinfo cannot be read
 *
 * Returns: (nullable): the propagation of the mount holding @path here,
 *   in the runtime namespace ("shared", "slave", "private", "unbindable")
 */
const char *
linux_rt_propagation_here (const char *path, GError **error)
{
  g_autoptr(GPtrArray) mounts = oci_mount_info_read (NULL, error);
  const OciMountInfo *best = NULL;
  const char *rootfs = path;

  if (mounts == NULL)
    return NULL;
  for (guint i = 0; i < mounts->len; i++)
    {
      const OciMountInfo *m = mounts->pdata[i];
      gsize n = strlen (m->mount_point);
      gboolean below = strcmp (m->mount_point, "/") == 0
                       || (g_str_has_prefix (rootfs, m->mount_point) && (rootfs[n] == '/' || rootfs[n] == '\0'));

      /* The last of the longest: the mount a path resolves through. */
      if (below && (best == NULL || n >= strlen (best->mount_point)))
        best = m;
    }
  /* A static string: it outlives the mounts. */
  return best ? linux_inside_propagation_of (best) : NULL;
}

static gboolean
note_propagation (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  const char *here = linux_rt_propagation_here (oci_runtime_context_get_rootfs (rc), error);

  if (here)
    linux_rt_annotate (config, LINUX_ANNOTATION_ROOTFS_PROPAGATION, here);
  return here != NULL;
}

/* A slave can only be made of a shared (or slave) mount. */
static gboolean
can_be_slave (OciRuntimeContext *rc, char **reason)
{
  const char *here = linux_rt_propagation_here (oci_runtime_context_get_rootfs (rc), NULL);

  if (g_strcmp0 (here, "shared") == 0 || g_strcmp0 (here, "slave") == 0)
    return TRUE;
  *reason = g_strdup_printf ("the mount holding the bundle is %s here: a slave needs a shared master",
                             here ? here : "unknown");
  return FALSE;
}

/* A runtime may refuse a propagation it does not support (the spec's rule
 * for unsupported values); one it accepts must be applied. */
static const OciRuntimeStep propagation_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, OCI_RUNTIME_EXPECT_SUPPORTED },
  { OCI_RUNTIME_STEP_START },
  { OCI_RUNTIME_STEP_INSIDE },
  { OCI_RUNTIME_STEP_DELETE },
  { OCI_RUNTIME_STEP_END },
};

static const char *const opts_mount_label[] = { "--linux-mount-label=system_u:object_r:container_file_t:s0:c1,c2",
                                                NULL };

/* ---- idmapped mounts --------------------------------------------------- */

static const char *const inside_idmap[] = { "linux.inside.idmapped-mounts", NULL };
static const char *const reqs_idmap[] = { "linux.runtime.mounts.idmap", NULL };

/* The mappings swap ids 0 and 2000 (both ways), so the directory owned by
 * 2000 outside is root's inside whichever way a runtime reads the pair. */
#define SWAP "[{\"containerID\": 0, \"hostID\": 2000, \"size\": 1}, " \
             "{\"containerID\": 2000, \"hostID\": 0, \"size\": 1}]"
static const char *const opts_idmap[] = {
  "--mounts-add={\"destination\": \"/mnt/ort-idmap\", \"type\": \"bind\", \"source\": \"@BUNDLE@/ort-idmap\", "
  "\"options\": [\"bind\", \"idmap\"], \"uidMappings\": " SWAP ", \"gidMappings\": " SWAP "}",
  NULL,
};

static gboolean
make_idmap_source (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *dir = oci_runtime_context_bundle_path (rc, "ort-idmap");
  g_autofree char *key = g_strconcat (LINUX_ANNOTATION_SOURCE_OWNER, "/mnt/ort-idmap", NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0 || chown (dir, 2000, 2000) != 0)
    return linux_rt_setup_error (error, "%s: %s", dir, g_strerror (errno));
  linux_rt_annotate (config, key, "2000:2000");
  return TRUE;
}

static gboolean
has_idmap_mounts (OciRuntimeContext *rc, char **reason)
{
  if (!linux_rt_since_release (rc, "1.2.0", "idmapped mounts are", reason))
    return FALSE;
  if ((oci_runtime_context_get_host (rc) & (OCI_HOST_IDMAP_MOUNTS | OCI_HOST_ROOT))
      != (OCI_HOST_IDMAP_MOUNTS | OCI_HOST_ROOT))
    {
      *reason = g_strdup ("the kernel has no idmapped mounts (Linux 5.12), or not root");
      return FALSE;
    }
  return TRUE;
}

/* ---- the table --------------------------------------------------------- */

/* The requirement rows each case tests beyond those its steps and inside
 * checkers name (see OciRuntimeCase.requirements). */
static const char *const rq_devices_conflict[] = { "linux.runtime.devices.conflict", NULL };

const OciRuntimeCase linux_fs_cases[] = {
  { "linux.devices", "devices of every type, with file mode and owner, also outside /dev", opts_devices, NULL,
    inside_devices },
  { "linux.devices.conflict", "a file at a device's path that is not that device is an error",
    opts_device_conflict, args_true, NULL, refused_steps, 0, NULL, make_conflicting_file,
    .requirements = rq_devices_conflict },
  { "linux.default_devices", "the default devices and /dev symbolic links", NULL, NULL, inside_default_devices },
  { "linux.masked_paths", "masked directories, files and devices cannot be read", opts_masked, NULL, inside_masked,
    NULL, OCI_HOST_ROOT, NULL, make_masked_paths },
  { "linux.readonly_paths", "readonly directories, files and fifos are read-only", opts_readonly, NULL,
    inside_readonly, NULL, OCI_HOST_ROOT, NULL, make_readonly_paths },
  { "linux.rootfs_propagation.shared", "rootfsPropagation shared", opts_shared, NULL, inside_propagation,
    propagation_steps, 0, NULL, note_propagation },
  { "linux.rootfs_propagation.slave", "rootfsPropagation slave", opts_slave, NULL, inside_propagation,
    propagation_steps, 0, can_be_slave, note_propagation },
  { "linux.rootfs_propagation.private", "rootfsPropagation private", opts_private, NULL, inside_propagation,
    propagation_steps, 0, NULL, note_propagation },
  { "linux.rootfs_propagation.unbindable", "rootfsPropagation unbindable", opts_unbindable, NULL,
    inside_propagation, propagation_steps, 0, NULL, note_propagation },
  /* idmap is a SHOULD option: a clean refusal is the valid-values rule's
   * error, a skip; accepted, it must be applied. */
  { "linux.idmapped_mounts", "a bind mount with an idmapping shows the mapped owners", opts_idmap, NULL,
    inside_idmap, propagation_steps, 0, has_idmap_mounts, make_idmap_source, NULL, 0, reqs_idmap },
  { "linux.mount_label", "the container's mounts have the SELinux mount label", opts_mount_label, NULL,
    inside_mount_label, NULL, OCI_HOST_SELINUX },
};

const gsize linux_n_fs_cases = G_N_ELEMENTS (linux_fs_cases);
