/* linux-cases-mounts.c — the Linux mount options of config.md, mount
 * destinations and the order of mounts: a few containers with many
 * mounts each, judged from inside (../inside/linux-inside-mounts.c);
 * and where cgroupsPath places a container and who owns its cgroup
 *
 * Bind sources are a folder of the case's bundle holding probe files (a
 * program, a device node, a symbolic link), and /sys for what needs a
 * source with submounts (rbind, the recursive options): those are always
 * mounted read-only and nothing is written below them.
 *
 * Levels: config.md's option table arrived in 1.1.0 (MUST, SHOULD and MAY
 * per option). Before it, config.md said only that the supported options
 * are those of mount(8); the options mount(8) listed then are rows at
 * MUST from 1.0.0 to 1.1.0, since create MUST apply the configuration
 * (runtime.md). Relative destinations came with 1.2.0.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "linux-runtime.h"
#include "inside/linux-inside.h"

#define TABLE(name, level, what) \
  { "linux.runtime.mounts.option." name, level, "config.md", "configLinuxMountOptions", "1.1.0", NULL, what }
#define OLD(name, what) \
  { "linux.runtime.mounts.option." name, OCI_LEVEL_MUST, "config.md", "configMounts", "1.0.0", "1.1.0", \
    what " (before 1.1.0 the supported options are mount(8)'s; create MUST apply the config)" }
#define BOTH(name, level, what) TABLE (name, level, what), OLD (name, what)
#define M OCI_LEVEL_MUST
#define S OCI_LEVEL_SHOULD

static const OciRequirement mount_requirements[] = {
  BOTH ("async", M, "async clears a sync asked before it"),
  BOTH ("atime", M, "atime clears a noatime asked before it"),
  BOTH ("bind", M, "bind mounts the source alone, without its submounts"),
  BOTH ("defaults", M, "defaults is accepted (rw, suid, dev, exec, async)"),
  BOTH ("dev", M, "dev lets device nodes on the mount be opened"),
  BOTH ("diratime", M, "diratime clears a nodiratime asked before it"),
  BOTH ("dirsync", M, "dirsync makes directory updates synchronous (superblock flag)"),
  BOTH ("exec", M, "exec lets programs on the mount run"),
  BOTH ("iversion", M, "iversion is accepted as a flag, not passed to the filesystem as data"),
  BOTH ("lazytime", M, "lazytime is set on the superblock"),
  BOTH ("loud", M, "loud is accepted as a flag, not passed to the filesystem as data"),
  TABLE ("mand", OCI_LEVEL_MAY, "mand is accepted (Linux 5.15 dropped mandatory locks: the kernel ignores it)"),
  BOTH ("noatime", M, "noatime: access times are not updated"),
  BOTH ("nodev", M, "nodev: device nodes on the mount cannot be opened"),
  BOTH ("nodiratime", M, "nodiratime: directory access times are not updated"),
  BOTH ("noexec", M, "noexec: programs on the mount cannot run"),
  BOTH ("noiversion", M, "noiversion is accepted as a flag, not passed to the filesystem as data"),
  BOTH ("nolazytime", M, "nolazytime clears a lazytime asked before it"),
  TABLE ("nomand", OCI_LEVEL_MAY, "nomand: the superblock has no mand flag"),
  BOTH ("norelatime", M, "norelatime is accepted; without strictatime the kernel keeps its relatime default"),
  BOTH ("nostrictatime", M, "nostrictatime clears a strictatime asked before it"),
  BOTH ("nosuid", M, "nosuid: set-user-ID bits on the mount are ignored (mount flag)"),
  TABLE ("nosymfollow", S, "nosymfollow: symbolic links on the mount are not followed"),
  BOTH ("private", M, "private: the bind mount has no propagation"),
  TABLE ("ratime", S, "ratime clears noatime on the mount and its submounts"),
  BOTH ("rbind", M, "rbind mounts the source with its submounts"),
  TABLE ("rdev", S, "rdev clears nodev on the mount and its submounts"),
  TABLE ("rdiratime", S, "rdiratime clears nodiratime on the mount and its submounts"),
  BOTH ("relatime", M, "relatime: access times relative to modification times"),
  BOTH ("remount", M, "remount changes the mount already at the destination instead of adding one"),
  TABLE ("rexec", S, "rexec clears noexec on the mount and its submounts"),
  TABLE ("rnoatime", S, "rnoatime: noatime on the mount and its submounts"),
  TABLE ("rnodiratime", S, "rnodiratime: nodiratime on the mount and its submounts"),
  TABLE ("rnoexec", S, "rnoexec: noexec on the mount and its submounts"),
  TABLE ("rnorelatime", S, "rnorelatime is accepted for the mount and its submounts"),
  { "linux.runtime.mounts.option.ridmap", S, "config.md", "configLinuxMountOptions", "1.2.0", NULL,
    "ridmap: the mount and its submounts have the mount's idmapping applied" },
  TABLE ("rnostrictatime", S, "rnostrictatime clears strictatime on the mount and its submounts"),
  TABLE ("rnosuid", S, "rnosuid: nosuid on the mount and its submounts"),
  TABLE ("rnosymfollow", S, "rnosymfollow: nosymfollow on the mount and its submounts"),
  BOTH ("ro", M, "ro: the mount is read-only"),
  BOTH ("rprivate", M, "rprivate: the mount and its submounts have no propagation"),
  TABLE ("rrelatime", S, "rrelatime: relatime on the mount and its submounts"),
  TABLE ("rro", S, "rro: the mount and its submounts are read-only"),
  TABLE ("rrw", S, "rrw: the mount and its submounts are writable"),
  BOTH ("rshared", M, "rshared: the mount and its submounts are shared"),
  BOTH ("rslave", M, "rslave: the mount and its submounts are slaves"),
  TABLE ("rstrictatime", S, "rstrictatime: strictatime on the mount and its submounts"),
  TABLE ("rsuid", S, "rsuid clears nosuid on the mount and its submounts"),
  TABLE ("rsymfollow", S, "rsymfollow clears nosymfollow on the mount and its submounts"),
  BOTH ("runbindable", M, "runbindable: the mount and its submounts are unbindable"),
  BOTH ("rw", M, "rw: the mount is writable"),
  BOTH ("shared", M, "shared: the bind mount is in a peer group"),
  BOTH ("silent", M, "silent is accepted as a flag, not passed to the filesystem as data"),
  BOTH ("slave", M, "slave: the bind mount receives propagation from its master"),
  BOTH ("strictatime", M, "strictatime: access times always updated"),
  BOTH ("suid", M, "suid clears a nosuid asked before it"),
  TABLE ("symfollow", S, "symfollow clears a nosymfollow asked before it"),
  BOTH ("sync", M, "sync makes writes synchronous (superblock flag)"),
  TABLE ("tmpcopyup", OCI_LEVEL_MAY, "tmpcopyup: a tmpfs that holds what the root filesystem had there"),
  BOTH ("unbindable", M, "unbindable: the bind mount cannot be bind mounted"),
  { "linux.runtime.mounts.option.idmap.unmapped", M, "config.md", "configLinuxMountOptions", "1.2.0", NULL,
    "an idmap mount without uidMappings and gidMappings in a container without a user namespace MUST be an error" },
  /* destinations and order */
  { "linux.runtime.mounts.destination.relative", M, "config.md", "configMounts", "1.2.0", NULL,
    "a relative destination MUST be interpreted as relative to \"/\"" },
  { "linux.runtime.mounts.destination.created", M, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "a destination the root filesystem lacks is created: the environment MUST be created as the config says" },
  { "linux.runtime.mounts.order.stacked", M, "config.md", "configMounts", "1.0.0", NULL,
    "mounts in the listed order: a later mount at the same destination lies over the earlier one" },
  { "linux.runtime.mounts.order.nested", M, "config.md", "configMounts", "1.0.0", NULL,
    "mounts in the listed order: a later mount below an earlier one's destination lies on that mount" },
  /* config-linux.md: cgroup placement and ownership */
  { "linux.runtime.cgroups.path.created", M, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "the cgroups of cgroupsPath are created when they do not exist (\"will be created\"; create MUST apply the "
    "config), parents included" },
  { "linux.runtime.cgroups.path.consistent", M, "config-linux.md", "configLinuxCgroupsPath", "1.0.0", NULL,
    "given the same cgroupsPath the runtime MUST consistently attach to the same place in the hierarchy" },
  { "linux.runtime.cgroups.ownership.v1", OCI_LEVEL_SHOULD_NOT, "config-linux.md", "configLinuxControlGroups",
    "1.1.0", NULL,
    "runtimes SHOULD NOT change the ownership of container cgroups when cgroups v1 is in use" },
  { "linux.runtime.cgroups.ownership.cgroupns", OCI_LEVEL_SHOULD_NOT, "config-linux.md", "configLinuxControlGroups",
    "1.1.0", NULL,
    "a runtime SHOULD NOT change the ownership of a container cgroup unless it also creates a cgroup namespace" },
  { "linux.runtime.cgroups.ownership.read-only", OCI_LEVEL_SHOULD_NOT, "config-linux.md", "configLinuxControlGroups",
    "1.1.0", NULL,
    "without a read/write cgroup mount at /sys/fs/cgroup the runtime SHOULD NOT change the cgroup ownership" },
  { "linux.runtime.cgroups.ownership.read-write", S, "config-linux.md", "configLinuxControlGroups", "1.1.0", NULL,
    "with a cgroup namespace and a read/write cgroup mount at /sys/fs/cgroup the runtime SHOULD change the owner "
    "of the container's cgroup (cgroup v2) to the host uid of process.user.uid" },
};

#undef M
#undef S

/* ---- the bind sources --------------------------------------------------- */

#define PROBE "@BUNDLE@/ort-probe"
#define BIND(dest, source, opts) \
  "--mounts-add={\"destination\": \"" dest "\", \"type\": \"bind\", \"source\": \"" source "\", \"options\": [" \
  opts "]}"
#define TMPFS(dest, opts) \
  "--mounts-add={\"destination\": \"" dest "\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [" opts "]}"
/* /sys, read-only on top, for the options that need submounts */
#define SYS(dest, opts) BIND (dest, "/sys", "\"rbind\", \"ro\", \"nosuid\", \"nodev\", \"noexec\"" opts)

/* The probe folder: the rootfs's busybox (a hard link), a null device
 * node of our own, a symbolic link to a file. */
static gboolean
make_probe (OciRuntimeContext *rc, GError **error)
{
  g_autofree char *dir = oci_runtime_context_bundle_path (rc, "ort-probe");
  g_autofree char *busybox = oci_runtime_context_rootfs_path (rc, "/bin/busybox");
  g_autofree char *exe = g_build_filename (dir, LINUX_MOUNT_PROBE_EXE, NULL);
  g_autofree char *node = g_build_filename (dir, LINUX_MOUNT_PROBE_NODE, NULL);
  g_autofree char *symlink_path = g_build_filename (dir, LINUX_MOUNT_PROBE_LINK, NULL);
  g_autofree char *data = g_build_filename (dir, "ort-data", NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    return linux_rt_setup_error (error, "%s: %s", dir, g_strerror (errno));
  if (link (busybox, exe) != 0 && errno != EEXIST)
    return linux_rt_setup_error (error, "link %s %s: %s", busybox, exe, g_strerror (errno));
  if (mknod (node, S_IFCHR | 0666, makedev (1, 3)) != 0 && errno != EEXIST)
    return linux_rt_setup_error (error, "mknod %s: %s", node, g_strerror (errno));
  if (symlink ("ort-data", symlink_path) != 0 && errno != EEXIST)
    return linux_rt_setup_error (error, "symlink %s: %s", symlink_path, g_strerror (errno));
  return g_file_set_contents (data, "probe\n", -1, error);
}

/* Mounts below @path here (the runtime's namespace is a slave of ours). */
static guint
submounts_of (GPtrArray *mounts, const char *path)
{
  guint n = 0;

  for (guint i = 0; i < mounts->len; i++)
    if (g_str_has_prefix (((OciMountInfo *) mounts->pdata[i])->mount_point, path)
        && ((OciMountInfo *) mounts->pdata[i])->mount_point[strlen (path)] == '/')
      n++;
  return n;
}

/* What the inside checker cannot know: per bind mount, the submounts of
 * its source and the source's propagation here. */
static gboolean
annotate_sources (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  JsonArray *mounts = oci_config_get_array (config, "/mounts");
  g_autoptr(GPtrArray) here = oci_mount_info_read (NULL, error);

  if (here == NULL)
    return FALSE;
  for (guint i = 0; mounts && i < json_array_get_length (mounts); i++)
    {
      JsonObject *o = json_array_get_object_element (mounts, i);
      const char *source = oci_json_object_get_string (o, "source");
      const char *dest = oci_json_object_get_string (o, "destination");
      g_autofree char *count = NULL;
      g_autofree char *key_sub = NULL;
      g_autofree char *key_prop = NULL;

      if (source == NULL || dest == NULL || !g_path_is_absolute (source) || !g_path_is_absolute (dest))
        continue;
      count = g_strdup_printf ("%u", submounts_of (here, source));
      key_sub = g_strconcat (LINUX_ANNOTATION_SUBMOUNTS, dest, NULL);
      key_prop = g_strconcat (LINUX_ANNOTATION_SOURCE_PROPAGATION, dest, NULL);
      linux_rt_annotate (config, key_sub, count);
      linux_rt_annotate (config, key_prop, linux_rt_propagation_here (source, NULL) ?: "private");
    }
  return TRUE;
}

static gboolean
prepare_binds (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return make_probe (rc, error) && annotate_sources (rc, config, error);
}

/* ---- the options mount(8) has had all along ----------------------------- */

static const char *const inside_options[] = { "linux.inside.mount-options", "linux.inside.mount-destinations",
                                              NULL };

static const char *const opts_classic[] = {
  BIND ("/ort/noexec", PROBE, "\"bind\", \"ro\", \"nosuid\", \"nodev\", \"noexec\""),
  BIND ("/ort/exec", PROBE, "\"bind\", \"nosuid\", \"suid\", \"rw\", \"dev\", \"exec\""),
  TMPFS ("/ort/sync", "\"sync\", \"dirsync\", \"lazytime\""),
  TMPFS ("/ort/async", "\"sync\", \"async\", \"lazytime\", \"nolazytime\""),
  TMPFS ("/ort/noatime", "\"noatime\", \"nodiratime\""),
  TMPFS ("/ort/atime", "\"noatime\", \"atime\", \"nodiratime\", \"diratime\""),
  TMPFS ("/ort/strictatime", "\"strictatime\""),
  TMPFS ("/ort/nostrictatime", "\"strictatime\", \"nostrictatime\""),
  TMPFS ("/ort/relatime", "\"relatime\""),
  TMPFS ("/ort/norelatime", "\"norelatime\""),
  TMPFS ("/ort/remount", ""),
  TMPFS ("/ort/remount", "\"remount\", \"ro\", \"nosuid\""),
  BIND ("/ort/bind", "/sys", "\"bind\", \"ro\", \"nosuid\", \"nodev\", \"noexec\""),
  SYS ("/ort/rbind", ""),
  TMPFS ("/ort/stack", ""),
  BIND ("/ort/stack", PROBE, "\"bind\""),
  TMPFS ("/ort/nest", ""),
  TMPFS ("/ort/nest/inner", ""),
  TMPFS ("/ort-missing/deep/dir", ""),
  NULL,
};

static const char *const req_classic[] = {
  "linux.runtime.mounts.option.ro", "linux.runtime.mounts.option.rw", "linux.runtime.mounts.option.nosuid",
  "linux.runtime.mounts.option.suid", "linux.runtime.mounts.option.nodev", "linux.runtime.mounts.option.dev",
  "linux.runtime.mounts.option.noexec", "linux.runtime.mounts.option.exec", "linux.runtime.mounts.option.sync",
  "linux.runtime.mounts.option.async", "linux.runtime.mounts.option.dirsync",
  "linux.runtime.mounts.option.lazytime", "linux.runtime.mounts.option.nolazytime",
  "linux.runtime.mounts.option.noatime", "linux.runtime.mounts.option.atime",
  "linux.runtime.mounts.option.nodiratime", "linux.runtime.mounts.option.diratime",
  "linux.runtime.mounts.option.strictatime", "linux.runtime.mounts.option.nostrictatime",
  "linux.runtime.mounts.option.relatime", "linux.runtime.mounts.option.norelatime",
  "linux.runtime.mounts.option.remount", "linux.runtime.mounts.option.bind", "linux.runtime.mounts.option.rbind",
  "linux.runtime.mounts.order.stacked", "linux.runtime.mounts.order.nested",
  "linux.runtime.mounts.destination.created", NULL,
};

/* Propagation: some runtimes refuse it, which must not cost the flags. */
static const char *const opts_propagation[] = {
  BIND ("/ort/shared", PROBE, "\"bind\", \"shared\""),
  BIND ("/ort/private", PROBE, "\"bind\", \"private\""),
  BIND ("/ort/slave", PROBE, "\"bind\", \"slave\""),
  BIND ("/ort/unbindable", PROBE, "\"bind\", \"unbindable\""),
  SYS ("/ort/rshared", ", \"rshared\""),
  SYS ("/ort/rprivate", ", \"rprivate\""),
  SYS ("/ort/rslave", ", \"rslave\""),
  SYS ("/ort/runbindable", ", \"runbindable\""),
  NULL,
};

static const char *const req_propagation[] = {
  "linux.runtime.mounts.option.shared", "linux.runtime.mounts.option.private", "linux.runtime.mounts.option.slave",
  "linux.runtime.mounts.option.unbindable", "linux.runtime.mounts.option.rshared",
  "linux.runtime.mounts.option.rprivate", "linux.runtime.mounts.option.rslave",
  "linux.runtime.mounts.option.runbindable", NULL,
};

static gboolean
prepare_classic (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *missing = oci_runtime_context_rootfs_path (rc, "/ort-missing");

  if (g_file_test (missing, G_FILE_TEST_EXISTS))
    return linux_rt_setup_error (error, "%s exists: the case needs a destination the rootfs lacks", missing);
  linux_rt_annotate (config, LINUX_ANNOTATION_MISSING "/ort-missing/deep/dir", "1");
  return prepare_binds (rc, config, error);
}

/* ---- the options config.md's table added (1.1.0) ----------------------- */

static const char *const opts_new[] = {
  BIND ("/ort/nosymfollow", PROBE, "\"bind\", \"nosymfollow\""),
  BIND ("/ort/symfollow", PROBE, "\"bind\", \"nosymfollow\", \"symfollow\""),
  SYS ("/ort/rro", ", \"rro\", \"rnosuid\", \"rnodev\", \"rnoexec\", \"rnodiratime\", \"rnosymfollow\""),
  /* the top mount's flags (ro, nosuid, …) are cleared by the recursive opposites */
  SYS ("/ort/rrw", ", \"nodiratime\", \"nosymfollow\", \"rrw\", \"rsuid\", \"rdev\", \"rexec\", \"rdiratime\", "
                   "\"rsymfollow\""),
  NULL,
};

static const char *const req_new[] = {
  "linux.runtime.mounts.option.nosymfollow", "linux.runtime.mounts.option.symfollow",
  "linux.runtime.mounts.option.rro", "linux.runtime.mounts.option.rnosuid", "linux.runtime.mounts.option.rnoexec",
  "linux.runtime.mounts.option.rnodiratime",
  "linux.runtime.mounts.option.rnosymfollow", "linux.runtime.mounts.option.rrw",
  "linux.runtime.mounts.option.rsuid", "linux.runtime.mounts.option.rdev", "linux.runtime.mounts.option.rexec",
  "linux.runtime.mounts.option.rdiratime", "linux.runtime.mounts.option.rsymfollow", NULL,
};

/* The atime mode is one field of mount_setattr(2): one mount each. */
static const char *const opts_ratime[] = {
  SYS ("/ort/rnoatime", ", \"rnoatime\""),
  SYS ("/ort/ratime", ", \"noatime\", \"ratime\""),
  SYS ("/ort/rrelatime", ", \"noatime\", \"rrelatime\""),
  SYS ("/ort/rstrictatime", ", \"rstrictatime\""),
  SYS ("/ort/rnostrictatime", ", \"strictatime\", \"rnostrictatime\""),
  SYS ("/ort/rnorelatime", ", \"rnorelatime\""),
  NULL,
};

static const char *const req_ratime[] = {
  "linux.runtime.mounts.option.rnoatime", "linux.runtime.mounts.option.ratime",
  "linux.runtime.mounts.option.rrelatime", "linux.runtime.mounts.option.rstrictatime",
  "linux.runtime.mounts.option.rnostrictatime", "linux.runtime.mounts.option.rnorelatime", NULL,
};

static const char *const opts_may[] = {
  TMPFS ("/ort/mand", "\"mand\""),
  TMPFS ("/ort/nomand", "\"mand\", \"nomand\""),
  TMPFS ("/ort-copyup", "\"tmpcopyup\""),
  NULL,
};

static const char *const req_may[] = {
  "linux.runtime.mounts.option.mand", "linux.runtime.mounts.option.nomand", "linux.runtime.mounts.option.tmpcopyup",
  NULL,
};

static gboolean
prepare_copyup (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  linux_rt_annotate (config, LINUX_ANNOTATION_COPYUP "/ort-copyup", "ort-seed");
  return linux_rt_write_rootfs (rc, "/ort-copyup/ort-seed", "seed\n", error);
}

static gboolean
since_1_1 (OciRuntimeContext *rc, char **reason)
{
  return linux_rt_since_release (rc, "1.1.0", NULL, reason);
}

static gboolean
since_1_2 (OciRuntimeContext *rc, char **reason)
{
  return linux_rt_since_release (rc, "1.2.0", NULL, reason);
}

/* A value the runtime does not support it may refuse (config.md's rule
 * for unsupported values): a skip saying so, not a MUST failure. */
static const OciRuntimeStep supported_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, OCI_RUNTIME_EXPECT_SUPPORTED },
  { OCI_RUNTIME_STEP_START },
  { OCI_RUNTIME_STEP_INSIDE },
  { OCI_RUNTIME_STEP_DELETE },
  { OCI_RUNTIME_STEP_END },
};

/* Options mountinfo cannot show, one container each: a runtime that
 * passes one to the filesystem as data has the mount refused, and that
 * refusal is the option's failure, not the others'. */
#define ACCEPTED(name) \
  static const char *const opts_##name[] = { TMPFS ("/ort/" #name, "\"" #name "\""), NULL }; \
  static const char *const req_##name[] = { "linux.runtime.mounts.option." #name, NULL }; \
  static const OciRuntimeStep steps_##name[] = { \
    { OCI_RUNTIME_STEP_CREATE, NULL, OCI_RUNTIME_EXPECT_SUCCESS, "linux.runtime.mounts.option." #name }, \
    { OCI_RUNTIME_STEP_START }, \
    { OCI_RUNTIME_STEP_INSIDE }, \
    { OCI_RUNTIME_STEP_DELETE }, \
    { OCI_RUNTIME_STEP_END }, \
  };

ACCEPTED (defaults)
ACCEPTED (silent)
ACCEPTED (loud)
ACCEPTED (iversion)
ACCEPTED (noiversion)

#define ACCEPTED_CASE(name) \
  { "linux.mounts.option_" #name, #name " is taken as mount(8)'s option, not as filesystem data", opts_##name, \
    NULL, inside_options, steps_##name, OCI_HOST_ROOT, NULL, NULL, NULL, 0, req_##name }

/* ---- idmap without a mapping (1.2.0) ----------------------------------- */

static const char *const args_true[] = { "/bin/true", NULL };
static const char *const opts_idmap_unmapped[] = { BIND ("/ort/idmap", PROBE, "\"bind\", \"idmap\""), NULL };
static const char *const req_idmap_unmapped[] = { "linux.runtime.mounts.option.idmap.unmapped", NULL };

/* The control: the same mount without idmap. */
static void
drop_idmap (OciConfig *config)
{
  JsonArray *mounts = oci_config_get_array (config, "/mounts");

  for (guint i = 0; mounts && i < json_array_get_length (mounts); i++)
    {
      JsonArray *options = oci_json_object_get_array (json_array_get_object_element (mounts, i), "options");

      for (guint k = options ? json_array_get_length (options) : 0; k > 0; k--)
        if (g_strcmp0 (json_array_get_string_element (options, k - 1), "idmap") == 0)
          json_array_remove_element (options, k - 1);
    }
}

static gboolean
check_idmap_refused (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return linux_rt_expect_refused (rc, ctx, "linux.runtime.mounts.option.idmap.unmapped", drop_idmap, NULL, error);
}

static const OciRuntimeStep idmap_refused_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, OCI_RUNTIME_EXPECT_ANY, NULL, NULL, check_idmap_refused },
  { OCI_RUNTIME_STEP_END },
};

static gboolean
make_probe_only (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return make_probe (rc, error);
}

/* ---- ridmap (1.2.0) ----------------------------------------------------- */

/* The mappings swap ids 0 and 2000 (as linux.idmapped_mounts does), so
 * the folder owned by 2000 outside is root's inside either way. */
#define SWAP "[{\"containerID\": 0, \"hostID\": 2000, \"size\": 1}, " \
             "{\"containerID\": 2000, \"hostID\": 0, \"size\": 1}]"
static const char *const opts_ridmap[] = {
  "--mounts-add={\"destination\": \"/ort/ridmap\", \"type\": \"bind\", \"source\": \"@BUNDLE@/ort-ridmap\", "
  "\"options\": [\"rbind\", \"ridmap\"], \"uidMappings\": " SWAP ", \"gidMappings\": " SWAP "}",
  NULL,
};
static const char *const req_ridmap[] = { "linux.runtime.mounts.option.ridmap", NULL };

static gboolean
make_ridmap_source (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *dir = oci_runtime_context_bundle_path (rc, "ort-ridmap");

  if (g_mkdir_with_parents (dir, 0755) != 0 || chown (dir, 2000, 2000) != 0)
    return linux_rt_setup_error (error, "%s: %s", dir, g_strerror (errno));
  linux_rt_annotate (config, LINUX_ANNOTATION_SOURCE_OWNER "/ort/ridmap", "2000:2000");
  return TRUE;
}

static gboolean
ridmap_supported (OciRuntimeContext *rc, char **reason)
{
  if (!since_1_2 (rc, reason))
    return FALSE;
  if ((oci_runtime_context_get_host (rc) & OCI_HOST_IDMAP_MOUNTS) == 0)
    {
      *reason = g_strdup ("the kernel has no idmapped mounts (Linux 5.12)");
      return FALSE;
    }
  return TRUE;
}

/* ---- relative destinations (1.2.0) ------------------------------------- */

static const char *const inside_destinations[] = { "linux.inside.mount-destinations", NULL };
static const char *const req_relative[] = { "linux.runtime.mounts.destination.relative", NULL };

/* Generate options take absolute destinations only: added here. */
static gboolean
add_relative (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  static const char *const dests[] = { "ort-rel/dir", "ort-rel/./up/../other" };

  for (gsize i = 0; i < G_N_ELEMENTS (dests); i++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "destination");
      json_builder_add_string_value (b, dests[i]);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "tmpfs");
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, "tmpfs");
      json_builder_end_object (b);
      oci_config_append (config, "/mounts", json_builder_get_root (b));
    }
  return TRUE;
}

/* ---- cgroup placement -------------------------------------------------- */

/* The cgroup of @pid (0: this process) per hierarchy, keyed by the
 * controllers field of /proc/PID/cgroup ("pids", "cpu,cpuacct", "" for v2). */
static GHashTable *
process_cgroups (gint64 pid)
{
  g_autofree char *path = pid ? g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/cgroup", pid)
                              : g_strdup ("/proc/self/cgroup");
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return map;
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_auto(GStrv) f = g_strsplit (*l, ":", 3);

      if (g_strv_length (f) == 3)
        g_hash_table_insert (map, g_strdup (f[1]), g_strdup (f[2]));
    }
  return map;
}

/* The hierarchy that holds the pids controller: the one the container
 * must be in (the case limits its pids). */
static const char *
pids_key (GHashTable *map)
{
  GHashTableIter it;
  gpointer key;

  if (oci_host_cgroup_controller_version ("pids") == 2)
    return "";
  g_hash_table_iter_init (&it, map);
  while (g_hash_table_iter_next (&it, &key, NULL))
    {
      g_auto(GStrv) names = g_strsplit (key, ",", -1);
      if (g_strv_contains ((const char *const *) names, "pids"))
        return key;
    }
  return NULL;
}

/* "pids=/a/b unified=/a/b …": where the container is, for the hierarchies
 * it was placed in (those where it is not in the suite's own cgroup). */
static char *
placement_of (GHashTable *mine, GHashTable *theirs)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (theirs), (GCompareFunc) strcmp);
  g_autoptr(GString) out = g_string_new (NULL);

  for (GList *k = keys; k; k = k->next)
    if (g_strcmp0 (g_hash_table_lookup (mine, k->data), g_hash_table_lookup (theirs, k->data)) != 0)
      g_string_append_printf (out, "%s%s=%s", out->len ? " " : "", *(char *) k->data ? (char *) k->data : "unified",
                              (char *) g_hash_table_lookup (theirs, k->data));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
require_pids (OciRuntimeContext *rc, char **reason)
{
  if (oci_host_cgroup_controller_version ("pids") != 0)
    return TRUE;
  *reason = g_strdup ("the host has no pids cgroup controller");
  return FALSE;
}

/* An absolute cgroupsPath whose parents do not exist: every hierarchy the
 * container is placed in has it there, the pids one at least. */
static gboolean
check_nested (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const char *want = oci_runtime_context_get_cgroups_path (rc);
  g_autoptr(GHashTable) mine = process_cgroups (0);
  g_autoptr(GHashTable) theirs = process_cgroups (oci_runtime_context_get_pid (rc));
  const char *key = pids_key (theirs);
  GHashTableIter it;
  gpointer k, v;

  if (key == NULL || g_hash_table_lookup (theirs, key) == NULL)
    return linux_rt_setup_error (error, "the container's process has no pids hierarchy in /proc/PID/cgroup");
  if (strcmp (g_hash_table_lookup (theirs, key), want) != 0)
    {
      oci_check_fail_values (ctx, "linux.runtime.cgroups.path.created", "/linux/cgroupsPath", want,
                             g_hash_table_lookup (theirs, key), "the container's pids cgroup is elsewhere");
      return TRUE;
    }
  oci_check_pass (ctx, "linux.runtime.cgroups.path.created");
  g_hash_table_iter_init (&it, theirs);
  while (g_hash_table_iter_next (&it, &k, &v))
    if (g_strcmp0 (g_hash_table_lookup (mine, k), v) != 0 && strcmp (v, want) != 0)
      {
        oci_check_fail_values (ctx, "linux.runtime.cgroups.path", "/linux/cgroupsPath", want, v,
                               "in the hierarchy \"%s\" the container is not at cgroupsPath", (char *) k);
        return TRUE;
      }
  oci_check_pass (ctx, "linux.runtime.cgroups.path");
  return TRUE;
}

static gboolean
nested_path (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/%s/ort-nested/leaf", oci_runtime_context_get_id (rc));

  oci_config_set_string (config, "/linux/cgroupsPath", path);
  return TRUE;
}

static gboolean
relative_path (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  oci_config_set_string (config, "/linux/cgroupsPath", oci_runtime_context_get_id (rc));
  return TRUE;
}

/* The folders the container was placed in, per hierarchy: a relative
 * cgroupsPath lies below the runtime's own cgroup, which the harness
 * knows for one hierarchy only; these are removed after the case (they
 * are empty by then, or the rmdir fails harmlessly). */
static GStrv
placed_dirs (GHashTable *mine, GHashTable *theirs)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  GHashTableIter it;
  gpointer k, v;

  g_hash_table_iter_init (&it, theirs);
  while (g_hash_table_iter_next (&it, &k, &v))
    {
      g_auto(GStrv) names = g_strsplit (k, ",", 2);
      g_autofree char *mount = NULL;

      if (g_strcmp0 (g_hash_table_lookup (mine, k), v) == 0 || strchr (k, '=') || strstr (v, ".."))
        continue;
      mount = *(char *) k ? oci_host_cgroup_mount (names[0]) : g_strdup (oci_host_cgroup_unified_mount ());
      if (mount)
        {
          g_autofree char *dir = g_build_filename (mount, v, NULL);
          g_strv_builder_add (b, dir);
        }
    }
  return g_strv_builder_end (b);
}

static void
remove_placed (gpointer data)
{
  GStrv dirs = data;

  for (char **d = dirs; *d; d++)
    g_rmdir (*d);
  g_strfreev (dirs);
}

/* Twice the same cgroupsPath (relative: the runtime chooses where): the
 * second container lands where the first did. */
static gboolean
check_consistent (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autoptr(GHashTable) mine = process_cgroups (0);
  g_autoptr(GHashTable) theirs = process_cgroups (oci_runtime_context_get_pid (rc));
  g_autofree char *now = placement_of (mine, theirs);
  const char *first = oci_runtime_context_get_data (rc, "ort-first-placement");

  if (first == NULL)
    {
      oci_runtime_context_set_data (rc, "ort-first-placement", g_steal_pointer (&now), g_free);
      oci_runtime_context_set_data (rc, "ort-placed-dirs", placed_dirs (mine, theirs), remove_placed);
      return TRUE;
    }
  if (*first && strcmp (first, now) == 0)
    oci_check_pass (ctx, "linux.runtime.cgroups.path.consistent");
  else
    oci_check_fail_values (ctx, "linux.runtime.cgroups.path.consistent", "/linux/cgroupsPath", first, now,
                           "the same cgroupsPath put the second container elsewhere");
  return TRUE;
}

static const char *const opts_pids[] = { "--linux-pids-limit=100", NULL };
static const char *const args_sleep[] = { "/bin/sleep", "10", NULL };
static const char *const req_nested[] = { "linux.runtime.cgroups.path.created", "linux.runtime.cgroups.path", NULL };
static const char *const req_consistent[] = { "linux.runtime.cgroups.path.consistent", NULL };

static const OciRuntimeStep nested_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, OCI_RUNTIME_EXPECT_SUCCESS, NULL, NULL, check_nested },
  { OCI_RUNTIME_STEP_DELETE_FORCE },
  { OCI_RUNTIME_STEP_END },
};

static const OciRuntimeStep consistent_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, OCI_RUNTIME_EXPECT_SUCCESS, NULL, NULL, check_consistent },
  { OCI_RUNTIME_STEP_DELETE_FORCE },
  { OCI_RUNTIME_STEP_CREATE, NULL, OCI_RUNTIME_EXPECT_SUCCESS, NULL, NULL, check_consistent },
  { OCI_RUNTIME_STEP_DELETE_FORCE },
  { OCI_RUNTIME_STEP_END },
};

/* ---- cgroup ownership (1.1.0) ------------------------------------------ */

#define USERNS "--linux-uidmappings=100000:0:65536", "--linux-gidmappings=100000:0:65536"
static const char *const opts_own_rw[] = { "--linux-namespace-add=cgroup", USERNS, NULL };
static const char *const opts_own_nons[] = { "--linux-namespace-remove=cgroup", USERNS, NULL };
static const char *const opts_own_ro[] = { "--linux-namespace-add=cgroup", USERNS, NULL };

static const char *const req_own_rw[] = { "linux.runtime.cgroups.ownership.v1",
                                          "linux.runtime.cgroups.ownership.read-write", NULL };
static const char *const req_own_nons[] = { "linux.runtime.cgroups.ownership.v1",
                                            "linux.runtime.cgroups.ownership.cgroupns", NULL };
static const char *const req_own_ro[] = { "linux.runtime.cgroups.ownership.v1",
                                          "linux.runtime.cgroups.ownership.read-only", NULL };

/* The config's cgroup mount at /sys/fs/cgroup, read/write or read-only. */
static void
set_cgroup_mount (OciConfig *config, gboolean rw)
{
  JsonArray *mounts = oci_config_ensure_array (config, "/mounts");
  g_autoptr(JsonBuilder) b = json_builder_new ();

  for (guint i = json_array_get_length (mounts); i > 0; i--)
    if (g_strcmp0 (oci_json_object_get_string (json_array_get_object_element (mounts, i - 1), "destination"),
                   "/sys/fs/cgroup") == 0)
      json_array_remove_element (mounts, i - 1);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "destination");
  json_builder_add_string_value (b, "/sys/fs/cgroup");
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "cgroup");
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, "cgroup");
  json_builder_set_member_name (b, "options");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "nosuid");
  json_builder_add_string_value (b, "noexec");
  json_builder_add_string_value (b, "nodev");
  json_builder_add_string_value (b, rw ? "rw" : "ro");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_array_add_element (mounts, json_builder_get_root (b));
}

static gboolean
own_rw (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  set_cgroup_mount (config, TRUE);
  return linux_rt_open_bundle_path (rc, error);
}

static gboolean
own_ro (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  set_cgroup_mount (config, FALSE);
  return linux_rt_open_bundle_path (rc, error);
}

static gboolean
ownership_supported (OciRuntimeContext *rc, char **reason)
{
  return since_1_1 (rc, reason) && linux_rt_needs_userns (rc, reason);
}

/* A v1 hierarchy mounted outside /sys/fs/cgroup (tests/runtime's
 * /run/ort-hugetlb for crun) cannot be mounted again in a cgroup
 * namespace by name: runc fails, whatever the ownership rules say. */
static gboolean
ownership_cgroupns_supported (OciRuntimeContext *rc, char **reason)
{
  static const char *const controllers[] = { "hugetlb", "pids", "memory", "cpu", "cpuset", "blkio", "devices",
                                              "freezer", "net_cls", "perf_event", "rdma", "misc" };

  if (!ownership_supported (rc, reason))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (controllers); i++)
    {
      g_autofree char *mount = oci_host_cgroup_controller_version (controllers[i]) == 1
                                 ? oci_host_cgroup_mount (controllers[i]) : NULL;

      if (mount && !g_str_has_prefix (mount, "/sys/fs/cgroup/"))
        {
          *reason = g_strdup_printf ("the %s hierarchy is mounted at %s, outside /sys/fs/cgroup: a cgroup mount "
                                     "in a cgroup namespace cannot be made here", controllers[i], mount);
          return FALSE;
        }
    }
  return TRUE;
}

/* Owners of the container's cgroup folders, in the hierarchies it was
 * placed in: "uid" when all agree, else the first that differs. */
static char *
cgroup_owner (OciRuntimeContext *rc, gboolean *v1)
{
  g_autoptr(GHashTable) mine = process_cgroups (0);
  g_autoptr(GHashTable) theirs = process_cgroups (oci_runtime_context_get_pid (rc));
  GHashTableIter it;
  gpointer k, v;
  char *owner = NULL;

  *v1 = FALSE;
  g_hash_table_iter_init (&it, theirs);
  while (g_hash_table_iter_next (&it, &k, &v))
    {
      const char *key = k;
      g_auto(GStrv) names = g_strsplit (key, ",", 2);
      g_autofree char *mount = NULL;
      g_autofree char *dir = NULL;
      struct stat st;

      if (g_strcmp0 (g_hash_table_lookup (mine, k), v) == 0 || g_str_has_prefix (key, "name="))
        continue;
      mount = *key ? oci_host_cgroup_mount (names[0]) : g_strdup (oci_host_cgroup_unified_mount ());
      dir = mount ? g_build_filename (mount, v, NULL) : NULL;
      if (dir == NULL || stat (dir, &st) != 0)
        continue;
      *v1 |= *key != '\0';
      if (owner == NULL || st.st_uid != 0)
        {
          g_free (owner);
          owner = g_strdup_printf ("%u", (guint) st.st_uid);
        }
    }
  return owner;
}

/* SHOULD NOT change it (@rule), or on a host with v2 alone and the
 * conditions met (@change_rule), SHOULD change it to the mapped root. */
static gboolean
judge_owner (OciRuntimeContext *rc, OciCheckContext *ctx, const char *rule, const char *change_rule,
             GError **error)
{
  gboolean v1 = FALSE;
  g_autofree char *owner = cgroup_owner (rc, &v1);
  const char *req;
  const char *want;

  if (owner == NULL)
    return linux_rt_setup_error (error, "the container's cgroup folders could not be found");
  if (v1)
    req = "linux.runtime.cgroups.ownership.v1", want = "0";
  else if (change_rule)
    req = change_rule, want = "100000";
  else
    req = rule, want = "0";
  if (strcmp (owner, want) == 0)
    oci_check_pass (ctx, req);
  else
    oci_check_fail_values (ctx, req, "/linux/cgroupsPath", want, owner, "the container's cgroup is owned by uid %s",
                           owner);
  if (v1 && rule && strcmp (owner, "0") == 0)
    oci_check_pass (ctx, rule);
  else if (v1 && rule)
    oci_check_fail_values (ctx, rule, "/linux/cgroupsPath", "0", owner, "the container's cgroup is owned by uid %s",
                           owner);
  return TRUE;
}

static gboolean
check_own_rw (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return judge_owner (rc, ctx, NULL, "linux.runtime.cgroups.ownership.read-write", error);
}

static gboolean
check_own_nons (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return judge_owner (rc, ctx, "linux.runtime.cgroups.ownership.cgroupns", NULL, error);
}

static gboolean
check_own_ro (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return judge_owner (rc, ctx, "linux.runtime.cgroups.ownership.read-only", NULL, error);
}

#define OWN_STEPS(name, check) \
  static const OciRuntimeStep name[] = { \
    { OCI_RUNTIME_STEP_CREATE, NULL, OCI_RUNTIME_EXPECT_SUCCESS, NULL, NULL, check }, \
    { OCI_RUNTIME_STEP_DELETE_FORCE }, \
    { OCI_RUNTIME_STEP_END }, \
  };

OWN_STEPS (own_rw_steps, check_own_rw)
OWN_STEPS (own_nons_steps, check_own_nons)
OWN_STEPS (own_ro_steps, check_own_ro)

/* ---- the table --------------------------------------------------------- */

static const OciRuntimeCase mount_cases[] = {
  { "linux.mounts.options", "mount(8)'s options, bind and propagation, remount, order and missing destinations",
    opts_classic, NULL, inside_options, NULL, OCI_HOST_ROOT, NULL, prepare_classic, NULL, 0, req_classic },
  { "linux.mounts.propagation", "shared, private, slave, unbindable and their recursive forms on bind mounts",
    opts_propagation, NULL, inside_options, NULL, OCI_HOST_ROOT, NULL, prepare_binds, NULL, 0, req_propagation },
  ACCEPTED_CASE (defaults),
  ACCEPTED_CASE (silent),
  ACCEPTED_CASE (loud),
  ACCEPTED_CASE (iversion),
  ACCEPTED_CASE (noiversion),
  { "linux.mounts.options_table", "nosymfollow and the recursive flags of config.md's table", opts_new, NULL,
    inside_options, supported_steps, OCI_HOST_ROOT, since_1_1, prepare_binds, NULL, 0, req_new },
  { "linux.mounts.options_ratime", "the recursive atime options of config.md's table", opts_ratime, NULL,
    inside_options, supported_steps, OCI_HOST_ROOT, since_1_1, prepare_binds, NULL, 0, req_ratime },
  { "linux.mounts.options_may", "the MAY options: mand, nomand, tmpcopyup", opts_may, NULL, inside_options,
    supported_steps, OCI_HOST_ROOT, since_1_1, prepare_copyup, NULL, 0, req_may },
  { "linux.cgroups_path.nested", "an absolute cgroupsPath whose parents do not exist is created and holds the "
    "container", opts_pids, args_sleep, NULL, nested_steps, OCI_HOST_ROOT, require_pids, nested_path, NULL, 0,
    req_nested },
  { "linux.cgroups_path.consistent", "the same relative cgroupsPath twice lands in the same place", opts_pids,
    args_sleep, NULL, consistent_steps, OCI_HOST_ROOT, require_pids, relative_path, NULL, 0, req_consistent },
  { "linux.cgroups_ownership.read_write", "cgroup namespace and a read/write cgroup mount: owner per cgroup version",
    opts_own_rw, args_sleep, NULL, own_rw_steps, OCI_HOST_ROOT | OCI_HOST_CGROUPNS, ownership_cgroupns_supported,
    own_rw,
    NULL, 0, req_own_rw },
  { "linux.cgroups_ownership.no_cgroupns", "no cgroup namespace: the cgroup's owner is not changed", opts_own_nons,
    args_sleep, NULL, own_nons_steps, OCI_HOST_ROOT, ownership_supported, own_rw, NULL, 0, req_own_nons },
  { "linux.cgroups_ownership.read_only", "a read-only cgroup mount: the cgroup's owner is not changed", opts_own_ro,
    args_sleep, NULL, own_ro_steps, OCI_HOST_ROOT | OCI_HOST_CGROUPNS, ownership_cgroupns_supported, own_ro, NULL, 0,
    req_own_ro },
  { "linux.mounts.idmap_unmapped", "an idmap mount with no mapping and no user namespace is an error",
    opts_idmap_unmapped, args_true, NULL, idmap_refused_steps, OCI_HOST_ROOT, since_1_2, make_probe_only, NULL, 0,
    req_idmap_unmapped },
  { "linux.mounts.ridmap", "a recursive bind mount with ridmap shows its source's owner through the mappings",
    opts_ridmap, NULL, inside_options, supported_steps, OCI_HOST_ROOT, ridmap_supported, make_ridmap_source, NULL,
    0, req_ridmap },
  { "linux.mounts.relative_destination", "relative destinations are taken relative to /", NULL, NULL,
    inside_destinations, NULL, OCI_HOST_ROOT, since_1_2, add_relative, NULL, 0, req_relative },
};

/**
 * linux_register_mounts:
 * @plugin: the linux plugin
 *
 * Registers the mount option rows and cases of this file.
 */
void
linux_register_mounts (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, mount_requirements, G_N_ELEMENTS (mount_requirements));
  oci_plugin_add_runtime_cases (plugin, mount_cases, G_N_ELEMENTS (mount_cases));
}
