/* test-linux-inside.c — the linux plugin's inside checkers, run by
 * oci-runtimetest outside any container
 *
 * $OCI_RUNTIMETEST_ROOT points oci-runtimetest at a directory holding
 * .ort/config.json, .ort/inside and .ort/plugins (the linux plugin). The
 * process it checks is itself, a child of this test: a config made of
 * this process's own values must pass, one value changed must fail with
 * the requirement the checker posts. Each case is its own TAP line.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1 /* unshare */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ort-test.h"

typedef void (*ConfigFunc) (JsonObject *root);

typedef struct
{
  const char *path;     /* the GTest path */
  const char *checker;  /* the inside checker the case runs */
  ConfigFunc config;    /* adds what the checker compares */
  const char *failing;  /* the requirement that must fail, NULL: none may */
  const char *passing;  /* a requirement that must pass, NULL: none needed */
} InsideCase;

/* ---- config helpers ---------------------------------------------------- */

static JsonObject *
member_object (JsonObject *o, const char *name)
{
  if (!json_object_has_member (o, name))
    json_object_set_object_member (o, name, json_object_new ());
  return json_object_get_object_member (o, name);
}

static char *
read_trimmed (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strstrip (g_steal_pointer (&text));
}

/* ---- capabilities: the sets oci-runtimetest gets from execve ----------- */

static guint64
own_bounding (void)
{
  g_autofree char *status = read_trimmed ("/proc/self/status");
  const char *line = strstr (status, "\nCapBnd:");

  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("\nCapBnd:"), NULL, 16);
}

static JsonArray *
cap_names (guint64 mask)
{
  /* The names of capabilities(7), by number (Linux 6.x). */
  static const char *const names[] = {
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
    "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
    "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
    "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
    "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
  };
  JsonArray *a = json_array_new ();

  for (gsize v = 0; v < G_N_ELEMENTS (names); v++)
    if (mask & (G_GUINT64_CONSTANT (1) << v))
      json_array_add_string_element (a, names[v]);
  return a;
}

/* This process has no inheritable or ambient capabilities; execve gives
 * root every bounding capability as permitted and effective, any other
 * user none. */
static void
config_caps (JsonObject *root, guint64 drop)
{
  JsonObject *caps = member_object (member_object (root, "process"), "capabilities");
  guint64 bounding = own_bounding () & ~drop;
  guint64 granted = geteuid () == 0 ? bounding : 0;

  json_object_set_array_member (caps, "bounding", cap_names (bounding));
  json_object_set_array_member (caps, "permitted", cap_names (granted));
  json_object_set_array_member (caps, "effective", cap_names (granted));
  json_object_set_array_member (caps, "inheritable", json_array_new ());
  json_object_set_array_member (caps, "ambient", json_array_new ());
}

static void
caps_own (JsonObject *root)
{
  config_caps (root, 0);
}

static void
caps_fewer (JsonObject *root)
{
  /* CAP_CHOWN configured away: the process still has it. */
  config_caps (root, 1);
}

/* ---- process ----------------------------------------------------------- */

static void
oom_own (JsonObject *root)
{
  g_autofree char *value = read_trimmed ("/proc/self/oom_score_adj");

  json_object_set_int_member (member_object (root, "process"), "oomScoreAdj", g_ascii_strtoll (value, NULL, 10));
}

static void
oom_other (JsonObject *root)
{
  g_autofree char *value = read_trimmed ("/proc/self/oom_score_adj");

  json_object_set_int_member (member_object (root, "process"), "oomScoreAdj",
                              g_ascii_strtoll (value, NULL, 10) == 321 ? 322 : 321);
}

static void
nnp_set (JsonObject *root)
{
  json_object_set_boolean_member (member_object (root, "process"), "noNewPrivileges", TRUE);
}

static void
sched_own (JsonObject *root)
{
  JsonObject *sched = member_object (member_object (root, "process"), "scheduler");

  json_object_set_string_member (sched, "policy", "SCHED_OTHER");
  json_object_set_int_member (sched, "nice", getpriority (PRIO_PROCESS, 0));
}

static void
sched_batch (JsonObject *root)
{
  json_object_set_string_member (member_object (member_object (root, "process"), "scheduler"), "policy",
                                 "SCHED_BATCH");
}

/* execCPUAffinity.final: the CPUs this process may run on, as a list */
static void
affinity_own (JsonObject *root)
{
  cpu_set_t set;
  GString *list = g_string_new (NULL);

  g_assert_cmpint (sched_getaffinity (0, sizeof set, &set), ==, 0);
  for (int id = 0; id < CPU_SETSIZE; id++)
    if (CPU_ISSET (id, &set))
      g_string_append_printf (list, "%s%d", list->len ? "," : "", id);
  json_object_set_string_member (member_object (member_object (root, "process"), "execCPUAffinity"), "final",
                                 list->str);
  g_string_free (list, TRUE);
}

static void
affinity_other (JsonObject *root)
{
  json_object_set_string_member (member_object (member_object (root, "process"), "execCPUAffinity"), "final",
                                 "1023");
}

/* this test runs under the default memory policy */
static void
mempolicy_default (JsonObject *root)
{
  json_object_set_string_member (member_object (member_object (root, "linux"), "memoryPolicy"), "mode",
                                 "MPOL_DEFAULT");
}

static void
mempolicy_bind (JsonObject *root)
{
  JsonObject *policy = member_object (member_object (root, "linux"), "memoryPolicy");

  json_object_set_string_member (policy, "mode", "MPOL_BIND");
  json_object_set_string_member (policy, "nodes", "0");
}

static void
personality_linux (JsonObject *root)
{
  json_object_set_string_member (member_object (member_object (root, "linux"), "personality"), "domain", "LINUX");
}

static void
personality_linux32 (JsonObject *root)
{
  json_object_set_string_member (member_object (member_object (root, "linux"), "personality"), "domain",
                                 "LINUX32");
}

/* ---- kernel ------------------------------------------------------------ */

/* Values read here, written with spaces where /proc/sys has tabs. */
static void
sysctl_own (JsonObject *root)
{
  JsonObject *sysctl = member_object (member_object (root, "linux"), "sysctl");
  g_autofree char *pid_max = read_trimmed ("/proc/sys/kernel/pid_max");
  g_autofree char *range = read_trimmed ("/proc/sys/net/ipv4/ip_local_port_range");

  g_strdelimit (range, "\t", ' ');
  json_object_set_string_member (sysctl, "kernel.pid_max", pid_max);
  json_object_set_string_member (sysctl, "net/ipv4/ip_local_port_range", range);
}

static void
sysctl_other (JsonObject *root)
{
  g_autofree char *pid_max = read_trimmed ("/proc/sys/kernel/pid_max");
  g_autofree char *other = g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (pid_max, NULL, 10) - 1);

  json_object_set_string_member (member_object (member_object (root, "linux"), "sysctl"), "kernel.pid_max", other);
}

static JsonArray *
own_mappings (const char *path, gint64 shift)
{
  g_autofree char *text = read_trimmed (path);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  JsonArray *a = json_array_new ();

  for (char **l = lines; *l; l++)
    {
      guint64 c = 0, h = 0, s = 0;
      JsonObject *o = json_object_new ();

      g_assert_cmpint (sscanf (*l, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &c, &h, &s),
                       ==, 3);
      json_object_set_int_member (o, "containerID", (gint64) c);
      json_object_set_int_member (o, "hostID", (gint64) h + shift);
      json_object_set_int_member (o, "size", (gint64) s);
      json_array_add_object_element (a, o);
    }
  return a;
}

static void
mappings_own (JsonObject *root)
{
  JsonObject *linux_ = member_object (root, "linux");

  json_object_set_array_member (linux_, "uidMappings", own_mappings ("/proc/self/uid_map", 0));
  json_object_set_array_member (linux_, "gidMappings", own_mappings ("/proc/self/gid_map", 0));
}

static void
mappings_other (JsonObject *root)
{
  json_object_set_array_member (member_object (root, "linux"), "uidMappings",
                                own_mappings ("/proc/self/uid_map", 1));
}

/* A profile whose default action denies: this process has no filter. */
static void
seccomp_profile (JsonObject *root)
{
  JsonObject *seccomp = member_object (member_object (root, "linux"), "seccomp");

  json_object_set_string_member (seccomp, "defaultAction", "SCMP_ACT_ERRNO");
}

/* ---- filesystem -------------------------------------------------------- */

static void
add_device (JsonObject *root, const char *path, const char *type)
{
  JsonObject *linux_ = member_object (root, "linux");
  JsonObject *dev = json_object_new ();
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  json_object_set_string_member (dev, "path", path);
  json_object_set_string_member (dev, "type", type);
  json_object_set_int_member (dev, "major", major (st.st_rdev));
  json_object_set_int_member (dev, "minor", minor (st.st_rdev));
  json_object_set_int_member (dev, "fileMode", st.st_mode & 07777);
  json_object_set_int_member (dev, "uid", st.st_uid);
  json_object_set_int_member (dev, "gid", st.st_gid);
  if (!json_object_has_member (linux_, "devices"))
    json_object_set_array_member (linux_, "devices", json_array_new ());
  json_array_add_object_element (json_object_get_array_member (linux_, "devices"), dev);
}

static void
devices_own (JsonObject *root)
{
  add_device (root, "/dev/null", "c");
}

static void
devices_other (JsonObject *root)
{
  add_device (root, "/dev/null", "b");
}

/* The test's temporary root holds an empty directory and a full one. */
static const char *test_root;

static void
add_masked (JsonObject *root, const char *name)
{
  JsonObject *linux_ = member_object (root, "linux");
  g_autofree char *path = g_build_filename (test_root, name, NULL);

  if (!json_object_has_member (linux_, "maskedPaths"))
    json_object_set_array_member (linux_, "maskedPaths", json_array_new ());
  json_array_add_string_element (json_object_get_array_member (linux_, "maskedPaths"), path);
}

static void
masked_empty (JsonObject *root)
{
  add_masked (root, "empty");
  json_array_add_string_element (
    json_object_get_array_member (member_object (root, "linux"), "maskedPaths"), "/dev/null");
}

static void
masked_full (JsonObject *root)
{
  add_masked (root, "full");
}

/* ---- mount options and destinations: the host's /proc ------------------ */

/* One mount of the config, at @dest, judged as a case's own (prefix). */
static void
add_mount (JsonObject *root, const char *dest, const char *prefix, const char *const *options)
{
  JsonObject *m = json_object_new ();
  JsonArray *o = json_array_new ();

  if (!json_object_has_member (root, "mounts"))
    json_object_set_array_member (root, "mounts", json_array_new ());
  json_object_set_string_member (m, "destination", dest);
  json_object_set_string_member (m, "type", "proc");
  json_object_set_string_member (m, "source", "proc");
  for (gsize i = 0; options && options[i]; i++)
    json_array_add_string_element (o, options[i]);
  json_object_set_array_member (m, "options", o);
  json_array_add_object_element (json_object_get_array_member (root, "mounts"), m);
  json_object_set_string_member (member_object (root, "annotations"), "org.oci-runtime-tools.outside.mount-prefix",
                                 prefix);
}

static void
mount_rw (JsonObject *root)
{
  static const char *const options[] = { "rw", NULL };

  add_mount (root, "/proc", "/proc", options);
}

static void
mount_ro (JsonObject *root)
{
  static const char *const options[] = { "ro", NULL };

  add_mount (root, "/proc", "/proc", options);
}

/* mount(8): the last of two opposite options wins, the first is not judged. */
static void
mount_ro_then_rw (JsonObject *root)
{
  static const char *const options[] = { "ro", "rw", NULL };

  add_mount (root, "/proc", "/proc", options);
}

/* The kernel's default atime mode (relatime) is not strictatime; an
 * earlier noatime is overridden by the relatime after it. */
static void
mount_noatime_then_relatime (JsonObject *root)
{
  static const char *const options[] = { "noatime", "relatime", NULL };

  add_mount (root, "/proc", "/proc", options);
}

static void
mount_strictatime (JsonObject *root)
{
  static const char *const options[] = { "strictatime", NULL };

  add_mount (root, "/proc", "/proc", options);
}

/* A superblock flag: /proc is not mounted sync. */
static void
mount_sync (JsonObject *root)
{
  static const char *const options[] = { "sync", NULL };

  add_mount (root, "/proc", "/proc", options);
}

static void
mount_relative (JsonObject *root)
{
  add_mount (root, "proc", "/proc", NULL);
}

static void
mount_relative_missing (JsonObject *root)
{
  add_mount (root, "ort-nothing-here/dir", "/ort-nothing-here", NULL);
}

/* ---- seccomp fields and network devices -------------------------------- */

/* A profile with errnoRet, architectures and flags: this process has no
 * filter, so each field's check must fail. */
static void
seccomp_fields (JsonObject *root)
{
  JsonObject *seccomp = member_object (member_object (root, "linux"), "seccomp");
  JsonObject *rule = json_object_new ();
  JsonArray *names = json_array_new ();
  JsonArray *flags = json_array_new ();
  JsonArray *arches = json_array_new ();

  json_object_set_string_member (seccomp, "defaultAction", "SCMP_ACT_ALLOW");
  json_array_add_string_element (names, "mkdir");
  json_object_set_array_member (rule, "names", names);
  json_object_set_string_member (rule, "action", "SCMP_ACT_ERRNO");
  json_object_set_int_member (rule, "errnoRet", 18);
  json_object_set_array_member (seccomp, "syscalls", json_array_new ());
  json_array_add_object_element (json_object_get_array_member (seccomp, "syscalls"), rule);
  json_array_add_string_element (flags, "SECCOMP_FILTER_FLAG_LOG");
  json_object_set_array_member (seccomp, "flags", flags);
  json_array_add_string_element (arches, "SCMP_ARCH_X86_64");
  json_array_add_string_element (arches, "SCMP_ARCH_X86");
  json_object_set_array_member (seccomp, "architectures", arches);
}

/* netDevices naming @device (kept under its name), with the addresses
 * the harness would have noted on the host. */
static void
net_device (JsonObject *root, const char *device, const char *addresses)
{
  g_autofree char *key = g_strconcat ("org.oci-runtime-tools.outside.net-addresses:", device, NULL);

  json_object_set_object_member (member_object (member_object (root, "linux"), "netDevices"), device,
                                 json_object_new ());
  json_object_set_string_member (member_object (root, "annotations"), key, addresses);
}

/* The loopback device: here, up, with its address. */
static void
net_lo (JsonObject *root)
{
  net_device (root, "lo", "127.0.0.1/8");
}

static void
net_lo_lost_address (JsonObject *root)
{
  net_device (root, "lo", "127.0.0.1/8,198.51.100.7/32");
}

static void
net_missing (JsonObject *root)
{
  net_device (root, "ortnone0", "");
}

static const InsideCase inside_cases[] = {
  { "/linux-inside/mount-options/shown", "linux.inside.mount-options", mount_rw, NULL,
    "linux.runtime.mounts.option.rw" },
  { "/linux-inside/mount-options/not-shown", "linux.inside.mount-options", mount_ro, "linux.runtime.mounts.option.ro",
    NULL },
  { "/linux-inside/mount-options/last-wins", "linux.inside.mount-options", mount_ro_then_rw, NULL,
    "linux.runtime.mounts.option.rw" },
  { "/linux-inside/mount-options/atime-last-wins", "linux.inside.mount-options", mount_noatime_then_relatime, NULL,
    "linux.runtime.mounts.option.relatime" },
  { "/linux-inside/mount-options/strictatime", "linux.inside.mount-options", mount_strictatime,
    "linux.runtime.mounts.option.strictatime", NULL },
  { "/linux-inside/mount-options/superblock", "linux.inside.mount-options", mount_sync,
    "linux.runtime.mounts.option.sync", NULL },
  { "/linux-inside/mount-destinations/relative", "linux.inside.mount-destinations", mount_relative, NULL,
    "linux.runtime.mounts.destination.relative" },
  { "/linux-inside/mount-destinations/relative-missing", "linux.inside.mount-destinations", mount_relative_missing,
    "linux.runtime.mounts.destination.relative", NULL },
  { "/linux-inside/capabilities/own", "linux.inside.capabilities", caps_own, NULL,
    "linux.runtime.process.capabilities.bounding" },
  { "/linux-inside/capabilities/fewer", "linux.inside.capabilities", caps_fewer,
    "linux.runtime.process.capabilities.bounding", NULL },
  { "/linux-inside/exec-cpu-affinity/own", "linux.inside.exec-cpu-affinity", affinity_own, NULL,
    "linux.runtime.process.exec-cpu-affinity.final" },
  { "/linux-inside/exec-cpu-affinity/other", "linux.inside.exec-cpu-affinity", affinity_other,
    "linux.runtime.process.exec-cpu-affinity.final", NULL },
  { "/linux-inside/memory-policy/default", "linux.inside.memory-policy", mempolicy_default, NULL,
    "linux.runtime.memory-policy" },
  { "/linux-inside/memory-policy/bind", "linux.inside.memory-policy", mempolicy_bind, "linux.runtime.memory-policy",
    NULL },
  { "/linux-inside/oom-score-adj/own", "linux.inside.oom-score-adj", oom_own, NULL,
    "linux.runtime.process.oom-score-adj" },
  { "/linux-inside/oom-score-adj/other", "linux.inside.oom-score-adj", oom_other,
    "linux.runtime.process.oom-score-adj", NULL },
  { "/linux-inside/no-new-privileges/unset", "linux.inside.no-new-privileges", nnp_set,
    "linux.runtime.process.no-new-privileges", NULL },
  { "/linux-inside/scheduler/own", "linux.inside.scheduler", sched_own, NULL,
    "linux.runtime.process.scheduler.policy" },
  { "/linux-inside/scheduler/batch", "linux.inside.scheduler", sched_batch, "linux.runtime.process.scheduler.policy",
    NULL },
  { "/linux-inside/personality/linux", "linux.inside.personality", personality_linux, NULL,
    "linux.runtime.personality" },
  { "/linux-inside/personality/linux32", "linux.inside.personality", personality_linux32,
    "linux.runtime.personality", NULL },
  { "/linux-inside/sysctl/own", "linux.inside.sysctl", sysctl_own, NULL, "linux.runtime.sysctl" },
  { "/linux-inside/sysctl/other", "linux.inside.sysctl", sysctl_other, "linux.runtime.sysctl", NULL },
  { "/linux-inside/id-mappings/own", "linux.inside.id-mappings", mappings_own, NULL,
    "linux.runtime.id-mappings.uid" },
  { "/linux-inside/id-mappings/other", "linux.inside.id-mappings", mappings_other, "linux.runtime.id-mappings.uid",
    NULL },
  { "/linux-inside/seccomp/no-filter", "linux.inside.seccomp", seccomp_profile, "linux.runtime.seccomp.enforced",
    NULL },
  { "/linux-inside/devices/own", "linux.inside.devices", devices_own, NULL, "linux.runtime.devices" },
  { "/linux-inside/devices/other-type", "linux.inside.devices", devices_other, "linux.runtime.devices", NULL },
  { "/linux-inside/masked-paths/unreadable", "linux.inside.masked-paths", masked_empty, NULL,
    "linux.runtime.masked-paths" },
  { "/linux-inside/masked-paths/readable", "linux.inside.masked-paths", masked_full, "linux.runtime.masked-paths",
    NULL },
  { "/linux-inside/seccomp-fields/no-filter/errno-ret", "linux.inside.seccomp-fields", seccomp_fields,
    "linux.runtime.seccomp.errno-ret", NULL },
  { "/linux-inside/seccomp-fields/no-filter/flags", "linux.inside.seccomp-fields", seccomp_fields,
    "linux.runtime.seccomp.flags", NULL },
  { "/linux-inside/seccomp-fields/no-filter/architectures", "linux.inside.seccomp-fields", seccomp_fields,
    "linux.runtime.seccomp.architectures", NULL },
  { "/linux-inside/net-devices/lo", "linux.inside.net-devices", net_lo, NULL, "linux.runtime.net-devices.addresses" },
  { "/linux-inside/net-devices/lo-up", "linux.inside.net-devices", net_lo, NULL, "linux.runtime.net-devices.up" },
  { "/linux-inside/net-devices/address-lost", "linux.inside.net-devices", net_lo_lost_address,
    "linux.runtime.net-devices.addresses", NULL },
  { "/linux-inside/net-devices/missing", "linux.inside.net-devices", net_missing, "linux.runtime.net-devices.moved",
    NULL },
};

/* ---- running oci-runtimetest ------------------------------------------- */

/* The directory of the plugin path that holds linux.so. */
static char *
find_plugin (void)
{
  const char *path = g_getenv ("OCI_RUNTIME_TOOLS_PLUGIN_PATH");
  g_auto(GStrv) dirs = g_strsplit (path ? path : "", ":", -1);

  for (char **d = dirs; *d; d++)
    {
      g_autofree char *so = g_build_filename (*d, "linux.so", NULL);
      if (g_file_test (so, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&so);
    }
  return NULL;
}

static void
write_file (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
make_dir (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

/* The root oci-runtimetest looks in: .ort/{config.json,inside,plugins/}
 * and the two directories the masked-path cases name. */
static char *
write_root (const InsideCase *c, const char *plugin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ort-linux-inside-XXXXXX", &error);
  g_autofree char *link = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root = json_object_new ();

  g_assert_no_error (error);
  test_root = dir;
  make_dir (dir, ".ort/plugins");
  make_dir (dir, "empty");
  make_dir (dir, "full");
  write_file (dir, "full/secret", "secret\n");
  link = g_build_filename (dir, ".ort", "plugins", "linux.so", NULL);
  g_assert_cmpint (symlink (plugin, link), ==, 0);

  json_object_set_string_member (root, "ociVersion", "1.3.0");
  json_object_set_string_member (member_object (root, "root"), "path", "rootfs");
  c->config (root);
  node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);
  json = json_to_string (node, TRUE);
  write_file (dir, ".ort/config.json", json);
  write_file (dir, ".ort/inside", c->checker);
  test_root = NULL;
  return g_steal_pointer (&dir);
}

/* "not ok 3 - linux.runtime.sysctl [inside]: ..." → its requirement. */
static gboolean
has_line (const char *tap, const char *prefix, const char *requirement)
{
  g_auto(GStrv) lines = g_strsplit (tap, "\n", -1);
  g_autofree char *needle = g_strconcat (" - ", requirement, " ", NULL);

  for (char **l = lines; *l; l++)
    if (g_str_has_prefix (*l, prefix) && strstr (*l, needle))
      return TRUE;
  return FALSE;
}

static void
test_inside (gconstpointer data)
{
  const InsideCase *c = data;
  const char *runtimetest = g_getenv ("OCI_TEST_RUNTIMETEST");
  g_autofree char *plugin = find_plugin ();
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;
  const char *argv[] = { runtimetest, NULL };
  int status = 0;

  if (runtimetest == NULL || plugin == NULL)
    {
      g_test_skip ("OCI_TEST_RUNTIMETEST or the linux plugin (OCI_RUNTIME_TOOLS_PLUGIN_PATH) is missing");
      return;
    }
  dir = write_root (c, plugin);
  env = g_environ_setenv (g_get_environ (), "OCI_RUNTIMETEST_ROOT", dir, TRUE);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  g_assert_true (g_str_has_prefix (out, "TAP version"));
  g_assert_null (strstr (out, "Bail out!"));
  if (c->failing)
    g_assert_true (has_line (out, "not ok ", c->failing));
  else
    g_assert_null (strstr (out, "\nnot ok "));
  if (c->passing)
    g_assert_true (has_line (out, "ok ", c->passing));
  ort_test_remove_tree (dir);
}

/* ---- mount options by behaviour: a tmpfs of a private mount namespace -- */

typedef struct
{
  const char *path;
  unsigned long flags;     /* of the tmpfs oci-runtimetest finds at DIR/m */
  const char *options;     /* the config's options, comma-separated */
  const char *failing;     /* the requirement that must fail, NULL: none may */
  const char *passing;     /* a requirement that must pass */
} BehaviourCase;

static const BehaviourCase behaviour_cases[] = {
  { "/linux-inside/mount-behaviour/noexec-nodev", MS_NOEXEC | MS_NODEV | MS_NOSUID, "noexec,nodev,nosuid", NULL,
    "linux.runtime.mounts.option.noexec" },
  { "/linux-inside/mount-behaviour/exec-refused", MS_NOEXEC | MS_NODEV | MS_NOSUID, "exec",
    "linux.runtime.mounts.option.exec", NULL },
  { "/linux-inside/mount-behaviour/dev-refused", MS_NOEXEC | MS_NODEV, "dev", "linux.runtime.mounts.option.dev",
    NULL },
  { "/linux-inside/mount-behaviour/strictatime", MS_STRICTATIME, "strictatime", NULL,
    "linux.runtime.mounts.option.strictatime" },
  { "/linux-inside/mount-behaviour/noatime-refused", MS_STRICTATIME, "noatime", "linux.runtime.mounts.option.noatime",
    NULL },
};

typedef struct
{
  const BehaviourCase *c;
  char *mount;  /* DIR/m */
  char *exe;    /* DIR/m/ort-exe */
  char *node;
  char *source; /* a program to copy */
} BehaviourSetup;

/* In the child, before oci-runtimetest runs: its own mount namespace, the
 * tmpfs, and the probe files in it. System calls only. */
static void
behaviour_child_setup (gpointer data)
{
  const BehaviourSetup *b = data;
  char buf[65536];
  ssize_t n;
  int in, out;

  if (unshare (CLONE_NEWNS) != 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0
      || mount ("tmpfs", b->mount, "tmpfs", b->c->flags, "mode=0755") != 0)
    _exit (90);
  if (mknod (b->node, S_IFCHR | 0666, makedev (1, 3)) != 0)
    _exit (91);
  in = open (b->source, O_RDONLY | O_CLOEXEC);
  out = open (b->exe, O_WRONLY | O_CREAT | O_CLOEXEC, 0755);
  if (in < 0 || out < 0)
    _exit (92);
  while ((n = read (in, buf, sizeof buf)) > 0)
    if (write (out, buf, n) != n)
      _exit (93);
  close (in);
  close (out);
}

static void
config_behaviour (JsonObject *root, const char *dest, const char *prefix, const char *options)
{
  g_auto(GStrv) list = g_strsplit (options, ",", -1);

  add_mount (root, dest, prefix, (const char *const *) list);
}

static void
test_mount_behaviour (gconstpointer data)
{
  const BehaviourCase *c = data;
  const char *runtimetest = g_getenv ("OCI_TEST_RUNTIMETEST");
  g_autofree char *plugin = find_plugin ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json = NULL;
  g_autofree char *link = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(GStrv) env = NULL;
  BehaviourSetup b = { c, NULL, NULL, NULL, NULL };
  const char *argv[] = { runtimetest, NULL };
  JsonObject *root;
  int status = 0;

  if (runtimetest == NULL || plugin == NULL)
    {
      g_test_skip ("OCI_TEST_RUNTIMETEST or the linux plugin (OCI_RUNTIME_TOOLS_PLUGIN_PATH) is missing");
      return;
    }
  if (geteuid () != 0)
    {
      g_test_skip ("mounting a tmpfs in a mount namespace of the test's own needs root");
      return;
    }
  dir = g_dir_make_tmp ("ort-mount-behaviour-XXXXXX", &error);
  g_assert_no_error (error);
  make_dir (dir, ".ort/plugins");
  make_dir (dir, "m");
  link = g_build_filename (dir, ".ort", "plugins", "linux.so", NULL);
  g_assert_cmpint (symlink (plugin, link), ==, 0);
  b.mount = g_build_filename (dir, "m", NULL);
  b.exe = g_build_filename (b.mount, "ort-exe", NULL);
  b.node = g_build_filename (b.mount, "ort-null", NULL);
  b.source = g_strdup (runtimetest);
  root = json_object_new ();
  json_object_set_string_member (root, "ociVersion", "1.3.0");
  config_behaviour (root, b.mount, b.mount, c->options);
  node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);
  json = json_to_string (node, TRUE);
  write_file (dir, ".ort/config.json", json);
  write_file (dir, ".ort/inside", "linux.inside.mount-options");
  env = g_environ_setenv (g_get_environ (), "OCI_RUNTIMETEST_ROOT", dir, TRUE);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, behaviour_child_setup, &b, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  g_assert_true (g_str_has_prefix (out, "TAP version"));
  if (c->failing)
    g_assert_true (has_line (out, "not ok ", c->failing));
  else
    g_assert_null (strstr (out, "\nnot ok "));
  if (c->passing)
    g_assert_true (has_line (out, "ok ", c->passing));
  ort_test_remove_tree (dir);
  g_free (b.mount);
  g_free (b.exe);
  g_free (b.node);
  g_free (b.source);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (inside_cases); i++)
    g_test_add_data_func (inside_cases[i].path, &inside_cases[i], test_inside);
  for (gsize i = 0; i < G_N_ELEMENTS (behaviour_cases); i++)
    g_test_add_data_func (behaviour_cases[i].path, &behaviour_cases[i], test_mount_behaviour);
  return g_test_run ();
}
