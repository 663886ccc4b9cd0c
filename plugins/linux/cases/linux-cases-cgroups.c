/* linux-cases-cgroups.c — linux.resources applied: after create, the
 * files of the container's cgroups are read from outside
 *
 * Where the container's cgroup is comes from /proc/PID/cgroup of its
 * process; the hierarchy of each controller from the host's mounts. A v1
 * controller is read in its own hierarchy, a v2 one in the unified
 * hierarchy, so v1, v2 and hybrid hosts are all covered; what a host's
 * cgroup version has no file for (swappiness on v2) is not configured.
 * Every controller is tried with an absolute and a relative cgroupsPath.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "linux-runtime.h"

#define S OCI_RUNTIME_EXPECT_SUCCESS
#define A OCI_RUNTIME_EXPECT_ANY

static const char *const args_true[] = { "/bin/true", NULL };

/* ---- expectations ------------------------------------------------------ */

typedef enum
{
  MATCH_EXACT, /* the whole file, white space trimmed */
  MATCH_LINE,  /* one of its lines */
  MATCH_WORDS, /* a line holding every word of the value */
} MatchKind;

typedef struct
{
  const char *controller; /* the controller whose hierarchy holds the file */
  char *file;
  char *value;
  MatchKind match;
  char *pointer;
  const char *requirement;
} CgroupExpect;

static void
cgroup_expect_free (CgroupExpect *e)
{
  g_free (e->file);
  g_free (e->value);
  g_free (e->pointer);
  g_free (e);
}

static void
expect (GPtrArray *out, const char *controller, const char *file, char *value, MatchKind match,
        const char *pointer, const char *requirement)
{
  CgroupExpect *e = g_new0 (CgroupExpect, 1);

  e->controller = controller;
  e->file = g_strdup (file);
  e->value = value;
  e->match = match;
  e->pointer = g_strdup (pointer);
  e->requirement = requirement;
  g_ptr_array_add (out, e);
}

typedef void (*ExpectFunc) (OciRuntimeContext *rc, OciConfig *config, GPtrArray *out);

static gboolean plan_relative_cleanup (OciRuntimeContext *rc, OciConfig *config, GError **error);

/* A root file of the hierarchy holding @controller exists. */
static gboolean
host_has_file (const char *controller, const char *file)
{
  g_autofree char *mount = oci_host_cgroup_mount (controller);
  g_autofree char *path = mount ? g_build_filename (mount, file, NULL) : NULL;

  return path && g_file_test (path, G_FILE_TEST_EXISTS);
}

static char *
int_text (OciConfig *config, const char *pointer)
{
  gint64 v;

  if (!oci_config_get_int (config, pointer, &v))
    return NULL;
  return v < 0 ? g_strdup ("max") : g_strdup_printf ("%" G_GINT64_FORMAT, v);
}

static void
expect_int (GPtrArray *out, OciConfig *config, const char *controller, const char *file, const char *pointer,
            const char *requirement)
{
  char *value = int_text (config, pointer);

  if (value)
    expect (out, controller, file, value, MATCH_EXACT, pointer, requirement);
}

/* ---- where the container's cgroup is ----------------------------------- */

/* The path of @pid's cgroup in the hierarchy of @controller, as
 * /proc/PID/cgroup says ("4:memory:/ort-1-2", "0::/ort-1-2"). */
static char *
process_cgroup (gint64 pid, const char *controller, int version)
{
  g_autofree char *path = pid ? g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/cgroup", pid)
                              : g_strdup ("/proc/self/cgroup");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_auto(GStrv) f = g_strsplit (*l, ":", 3);
      g_auto(GStrv) names = NULL;

      if (g_strv_length (f) != 3)
        continue;
      if (version == 2 && strcmp (f[0], "0") == 0 && *f[1] == '\0')
        return g_strdup (f[2]);
      names = g_strsplit (f[1], ",", -1);
      if (version == 1 && g_strv_contains ((const char *const *) names, controller))
        return g_strdup (f[2]);
    }
  return NULL;
}

static char *
hierarchy_mount (const char *controller, int version)
{
  return version == 2 ? g_strdup (oci_host_cgroup_unified_mount ()) : oci_host_cgroup_mount (controller);
}

/* The absolute path must be the cgroup's path below the mount point. */
static void
check_path (OciRuntimeContext *rc, OciCheckContext *ctx, const char *controller, const char *path)
{
  const char *want = oci_runtime_context_get_cgroups_path (rc);

  if (want == NULL || !g_path_is_absolute (want))
    return; /* relative: "a runtime-determined location" */
  if (strcmp (want, path) == 0)
    oci_check_pass (ctx, "linux.runtime.cgroups.path");
  else
    oci_check_fail_values (ctx, "linux.runtime.cgroups.path", "/linux/cgroupsPath", want, path,
                           "the %s cgroup of the container is not at cgroupsPath below the mount point", controller);
}

/* ---- comparing --------------------------------------------------------- */

static char *
normalize (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (char **w = words; *w; w++)
    if (**w)
      g_strv_builder_add (b, *w);
  kept = g_strv_builder_end (b);
  return g_strjoinv (" ", kept);
}

static gboolean
line_has_words (const char *line, const char *value)
{
  g_auto(GStrv) have = g_strsplit_set (line, " \t", -1);
  g_auto(GStrv) want = g_strsplit (value, " ", -1);

  for (char **w = want; *w; w++)
    if (**w && !g_strv_contains ((const char *const *) have, *w))
      return FALSE;
  return TRUE;
}

static gboolean
matches (const CgroupExpect *e, const char *content)
{
  g_auto(GStrv) lines = NULL;

  if (e->match == MATCH_EXACT)
    return strcmp (content, e->value) == 0;
  lines = g_strsplit (content, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_autofree char *n = normalize (*l);
      if ((e->match == MATCH_LINE && strcmp (n, e->value) == 0)
          || (e->match == MATCH_WORDS && line_has_words (n, e->value)))
        return TRUE;
    }
  return FALSE;
}

static void
check_expect (OciRuntimeContext *rc, OciCheckContext *ctx, gint64 pid, const CgroupExpect *e, GHashTable *seen)
{
  int version = oci_host_cgroup_controller_version (e->controller);
  g_autofree char *path = process_cgroup (pid, e->controller, version);
  g_autofree char *mount = hierarchy_mount (e->controller, version);
  g_autofree char *file = NULL;
  g_autofree char *content = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL || mount == NULL)
    {
      oci_check_fail_values (ctx, e->requirement, e->pointer, e->controller, "no such cgroup",
                             "the container process is in no %s cgroup", e->controller);
      return;
    }
  if (g_hash_table_add (seen, (gpointer) e->controller))
    check_path (rc, ctx, e->controller, path);
  file = g_build_filename (mount, path, e->file, NULL);
  if (!g_file_get_contents (file, &content, NULL, &error))
    {
      oci_check_fail_values (ctx, e->requirement, e->pointer, e->value, error->message, "%s cannot be read", file);
      return;
    }
  g_strstrip (content);
  if (matches (e, content))
    oci_check_pass (ctx, e->requirement);
  else
    oci_check_fail_values (ctx, e->requirement, e->pointer, e->value, content, "%s of the container's cgroup %s",
                           e->file, e->match == MATCH_EXACT ? "has another value" : "lacks the configured entry");
}

static gboolean
check_cgroups (OciRuntimeContext *rc, OciCheckContext *ctx, ExpectFunc func, GError **error)
{
  gint64 pid = oci_runtime_context_get_pid (rc);
  g_autoptr(GPtrArray) expects = g_ptr_array_new_with_free_func ((GDestroyNotify) cgroup_expect_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (pid <= 0)
    return linux_rt_setup_error (error, "the container has no process whose cgroups could be read");
  func (rc, oci_runtime_context_get_config (rc), expects);
  for (guint i = 0; i < expects->len; i++)
    check_expect (rc, ctx, pid, expects->pdata[i], seen);
  return TRUE;
}

/* ---- pids -------------------------------------------------------------- */

static void
expect_pids (OciRuntimeContext *rc, OciConfig *config, GPtrArray *out)
{
  expect_int (out, config, "pids", "pids.max", "/linux/resources/pids/limit", "linux.runtime.cgroups.pids");
}

static const char *const opts_pids[] = { "--linux-pids-limit=1000", NULL };

/* ---- memory ------------------------------------------------------------ */

static const char *const opts_memory[] = {
  "--linux-mem-limit=50593792", "--linux-mem-reservation=41943040", "--linux-mem-swap=101187584",
  "--linux-mem-swappiness=30",  "--linux-disable-oom-kill",
  NULL,
};

/* The v1-only knobs go on v2 (the spec defines no conversion for them),
 * swap where the kernel does not account it. */
static gboolean
fit_memory (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  int version = oci_host_cgroup_controller_version ("memory");

  if (version != 1 || !host_has_file ("memory", "memory.memsw.limit_in_bytes"))
    oci_config_remove (config, "/linux/resources/memory/swap");
  if (version != 1 || !host_has_file ("memory", "memory.swappiness"))
    oci_config_remove (config, "/linux/resources/memory/swappiness");
  if (version != 1)
    oci_config_remove (config, "/linux/resources/memory/disableOOMKiller");
  return TRUE;
}

static void
expect_memory (OciRuntimeContext *rc, OciConfig *config, GPtrArray *out)
{
  const char *limit = "linux.runtime.cgroups.memory.limit";
  const char *reservation = "linux.runtime.cgroups.memory.reservation";
  gboolean disable = FALSE;

  if (oci_host_cgroup_controller_version ("memory") == 2)
    {
      expect_int (out, config, "memory", "memory.max", "/linux/resources/memory/limit", limit);
      expect_int (out, config, "memory", "memory.low", "/linux/resources/memory/reservation", reservation);
      return;
    }
  expect_int (out, config, "memory", "memory.limit_in_bytes", "/linux/resources/memory/limit", limit);
  expect_int (out, config, "memory", "memory.soft_limit_in_bytes", "/linux/resources/memory/reservation",
              reservation);
  expect_int (out, config, "memory", "memory.memsw.limit_in_bytes", "/linux/resources/memory/swap",
              "linux.runtime.cgroups.memory.swap");
  expect_int (out, config, "memory", "memory.swappiness", "/linux/resources/memory/swappiness",
              "linux.runtime.cgroups.memory.swappiness");
  if (oci_config_get_boolean (config, "/linux/resources/memory/disableOOMKiller", &disable) && disable)
    expect (out, "memory", "memory.oom_control", g_strdup ("oom_kill_disable 1"), MATCH_LINE,
            "/linux/resources/memory/disableOOMKiller", "linux.runtime.cgroups.memory.disable-oom-killer");
}

/* ---- cpu and cpuset ---------------------------------------------------- */

static const char *const opts_cpus[] = {
  "--linux-cpu-shares=2048", "--linux-cpu-period=100000", "--linux-cpu-quota=50000", "--linux-mems=0", NULL,
};
/* cpu.burst and cpu.idle (1.1.0): each in a container of its own, so a
 * runtime that refuses one field loses only its row */
static const char *const opts_cpu_burst[] = {
  "--linux-cpu-period=100000", "--linux-cpu-quota=50000", "--linux-cpu-burst=20000", NULL,
};
static const char *const opts_cpu_idle[] = { "--linux-cpu-idle=1", NULL };

/* The CPUs this host has online; real-time bandwidth where the kernel
 * has it (CONFIG_RT_GROUP_SCHED), on v1. */
static gboolean
fit_cpus (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *online = NULL;

  if (!g_file_get_contents ("/sys/devices/system/cpu/online", &online, NULL, error))
    return FALSE;
  oci_config_set_string (config, "/linux/resources/cpu/cpus", g_strstrip (online));
  if (oci_host_cgroup_controller_version ("cpu") == 1 && host_has_file ("cpu", "cpu.rt_runtime_us"))
    {
      oci_config_set_int (config, "/linux/resources/cpu/realtimePeriod", 1000000);
      oci_config_set_int (config, "/linux/resources/cpu/realtimeRuntime", 10000);
    }
  if (oci_host_cgroup_controller_version ("cpuset") == 0)
    {
      oci_config_remove (config, "/linux/resources/cpu/cpus");
      oci_config_remove (config, "/linux/resources/cpu/mems");
    }
  return TRUE;
}

static void
expect_cpuset (OciConfig *config, GPtrArray *out)
{
  const char *cpus = oci_config_get_string (config, "/linux/resources/cpu/cpus");
  const char *mems = oci_config_get_string (config, "/linux/resources/cpu/mems");

  if (cpus)
    expect (out, "cpuset", "cpuset.cpus", g_strdup (cpus), MATCH_EXACT, "/linux/resources/cpu/cpus",
            "linux.runtime.cgroups.cpu.cpus");
  if (mems)
    expect (out, "cpuset", "cpuset.mems", g_strdup (mems), MATCH_EXACT, "/linux/resources/cpu/mems",
            "linux.runtime.cgroups.cpu.mems");
}

static void
expect_cpus (OciRuntimeContext *rc, OciConfig *config, GPtrArray *out)
{
  gint64 quota, period;

  expect_cpuset (config, out);
  if (oci_host_cgroup_controller_version ("cpu") == 2)
    {
      expect_int (out, config, "cpu", "cpu.max.burst", "/linux/resources/cpu/burst", "linux.runtime.cgroups.cpu.burst");
      expect_int (out, config, "cpu", "cpu.idle", "/linux/resources/cpu/idle", "linux.runtime.cgroups.cpu.idle");
      /* shares have no conversion the spec defines: only cpu.max */
      /* cpu.max holds both: one reading proves the quota and the period */
      if (oci_config_get_int (config, "/linux/resources/cpu/quota", &quota)
          && oci_config_get_int (config, "/linux/resources/cpu/period", &period))
        {
          expect (out, "cpu", "cpu.max",
                  g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, quota, period), MATCH_EXACT,
                  "/linux/resources/cpu/quota", "linux.runtime.cgroups.cpu.quota");
          expect (out, "cpu", "cpu.max",
                  g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, quota, period), MATCH_EXACT,
                  "/linux/resources/cpu/period", "linux.runtime.cgroups.cpu.period");
        }
      return;
    }
  expect_int (out, config, "cpu", "cpu.shares", "/linux/resources/cpu/shares", "linux.runtime.cgroups.cpu.shares");
  expect_int (out, config, "cpu", "cpu.cfs_period_us", "/linux/resources/cpu/period",
              "linux.runtime.cgroups.cpu.period");
  expect_int (out, config, "cpu", "cpu.cfs_quota_us", "/linux/resources/cpu/quota", "linux.runtime.cgroups.cpu.quota");
  expect_int (out, config, "cpu", "cpu.cfs_burst_us", "/linux/resources/cpu/burst", "linux.runtime.cgroups.cpu.burst");
  expect_int (out, config, "cpu", "cpu.idle", "/linux/resources/cpu/idle", "linux.runtime.cgroups.cpu.idle");
  expect_int (out, config, "cpu", "cpu.rt_period_us", "/linux/resources/cpu/realtimePeriod",
              "linux.runtime.cgroups.cpu.realtime-period");
  expect_int (out, config, "cpu", "cpu.rt_runtime_us", "/linux/resources/cpu/realtimeRuntime",
              "linux.runtime.cgroups.cpu.realtime-runtime");
}

static gboolean
has_cpu (OciRuntimeContext *rc, char **reason)
{
  if (oci_host_cgroup_controller_version ("cpu") == 0)
    {
      *reason = g_strdup ("the host has no cpu cgroup controller");
      return FALSE;
    }
  return TRUE;
}

/* ---- block I/O --------------------------------------------------------- */

/* A whole disk of this host ("254:0"): throttling needs a real device. */
static char *
host_disk (void)
{
  g_autoptr(GDir) d = g_dir_open ("/sys/block", 0, NULL);
  g_autofree char *fallback = NULL;
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename ("/sys/block", name, "dev", NULL);
      g_autofree char *dev = NULL;

      if (!g_file_get_contents (path, &dev, NULL, NULL))
        continue;
      g_strstrip (dev);
      if (!g_str_has_prefix (name, "loop") && !g_str_has_prefix (name, "ram") && !g_str_has_prefix (name, "zram"))
        return g_steal_pointer (&dev);
      if (fallback == NULL)
        fallback = g_steal_pointer (&dev);
    }
  return g_steal_pointer (&fallback);
}

static gboolean
has_blkio (OciRuntimeContext *rc, char **reason)
{
  g_autofree char *disk = host_disk ();

  if (oci_host_cgroup_controller_version ("blkio") == 0 && oci_host_cgroup_controller_version ("io") == 0)
    {
      *reason = g_strdup ("the host has no blkio (io) cgroup controller");
      return FALSE;
    }
  if (disk == NULL)
    {
      *reason = g_strdup ("the host has no block device to throttle");
      return FALSE;
    }
  return TRUE;
}

static const struct
{
  const char *member;
  const char *v1_file;
  const char *v2_key;
  gint64 rate;
  const char *row;
} throttles[] = {
  { "throttleReadBpsDevice", "blkio.throttle.read_bps_device", "rbps", 102400,
    "linux.runtime.cgroups.blockio.throttle-read-bps" },
  { "throttleWriteBpsDevice", "blkio.throttle.write_bps_device", "wbps", 204800,
    "linux.runtime.cgroups.blockio.throttle-write-bps" },
  { "throttleReadIOPSDevice", "blkio.throttle.read_iops_device", "riops", 300,
    "linux.runtime.cgroups.blockio.throttle-read-iops" },
  { "throttleWriteIOPSDevice", "blkio.throttle.write_iops_device", "wiops", 400,
    "linux.runtime.cgroups.blockio.throttle-write-iops" },
};

static void
add_throttle (OciConfig *config, const char *member, gint64 major, gint64 minor, gint64 rate)
{
  g_autofree char *pointer = g_strconcat ("/linux/resources/blockIO/", member, NULL);
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "major", major);
  json_object_set_int_member (o, "minor", minor);
  json_object_set_int_member (o, "rate", rate);
  oci_config_append (config, pointer, json_node_init_object (json_node_alloc (), o));
  json_object_unref (o);
}

static gboolean
fit_blkio (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *disk = host_disk ();
  guint major = 0, minor = 0;

  if (disk == NULL || sscanf (disk, "%u:%u", &major, &minor) != 2)
    return linux_rt_setup_error (error, "no block device to throttle");
  for (gsize i = 0; i < G_N_ELEMENTS (throttles); i++)
    add_throttle (config, throttles[i].member, major, minor, throttles[i].rate);
  /* A weight only where the kernel has the file (CFQ is gone; BFQ's
   * weight is blkio.bfq.weight). */
  if (oci_host_cgroup_controller_version ("blkio") == 1 && host_has_file ("blkio", "blkio.weight"))
    oci_config_set_int (config, "/linux/resources/blockIO/weight", 500);
  return TRUE;
}

static void
expect_blkio (OciRuntimeContext *rc, OciConfig *config, GPtrArray *out)
{
  gboolean v2 = oci_host_cgroup_controller_version ("blkio") != 1;

  for (gsize i = 0; i < G_N_ELEMENTS (throttles); i++)
    {
      g_autofree char *pointer = g_strdup_printf ("/linux/resources/blockIO/%s/0", throttles[i].member);
      JsonObject *o = oci_config_get_object (config, pointer);
      gint64 major = 0, minor = 0, rate = 0;

      if (o == NULL || !oci_json_object_get_int (o, "major", &major) || !oci_json_object_get_int (o, "minor", &minor)
          || !oci_json_object_get_int (o, "rate", &rate))
        continue;
      if (!v2)
        expect (out, "blkio", throttles[i].v1_file,
                g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, major, minor, rate),
                MATCH_LINE, pointer, throttles[i].row);
      else
        expect (out, "io", "io.max",
                g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT " %s=%" G_GINT64_FORMAT, major, minor,
                                 throttles[i].v2_key, rate),
                MATCH_WORDS, pointer, throttles[i].row);
    }
  if (!v2)
    expect_int (out, config, "blkio", "blkio.weight", "/linux/resources/blockIO/weight",
                "linux.runtime.cgroups.blockio.weight");
}

/* ---- huge pages -------------------------------------------------------- */

/* "hugepages-2048kB" → "2MB", as the hugetlb files name sizes. */
static char *
page_size_name (const char *dir)
{
  guint64 kb = g_ascii_strtoull (dir + strlen ("hugepages-"), NULL, 10);

  if (kb >= 1048576 && kb % 1048576 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "GB", kb / 1048576);
  if (kb >= 1024 && kb % 1024 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "MB", kb / 1024);
  return g_strdup_printf ("%" G_GUINT64_FORMAT "KB", kb);
}

/* 2 GiB of every page size the host has (a multiple of each size). */
static gboolean
fit_hugetlb (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autoptr(GDir) d = g_dir_open ("/sys/kernel/mm/hugepages", 0, error);
  const char *name;

  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *size = NULL;
      JsonObject *o;

      if (!g_str_has_prefix (name, "hugepages-"))
        continue;
      size = page_size_name (name);
      o = json_object_new ();
      json_object_set_string_member (o, "pageSize", size);
      json_object_set_int_member (o, "limit", G_GINT64_CONSTANT (2147483648));
      oci_config_append (config, "/linux/resources/hugepageLimits", json_node_init_object (json_node_alloc (), o));
      json_object_unref (o);
    }
  return TRUE;
}

/* From 1.1.0 the limits are reservation limits where the kernel has
 * them (hugetlb.<size>.rsvd.*), page fault limits otherwise. */
static void
expect_hugetlb (OciRuntimeContext *rc, OciConfig *config, GPtrArray *out)
{
  JsonArray *limits = oci_config_get_array (config, "/linux/resources/hugepageLimits");
  gboolean v2 = oci_host_cgroup_controller_version ("hugetlb") == 2;
  const char *release = oci_runtime_context_get_release (rc);
  gboolean rsvd_spec = oci_semver_compare_strings (release, "1.1.0") >= 0;

  for (guint i = 0; limits && i < json_array_get_length (limits); i++)
    {
      JsonObject *o = json_node_get_object (json_array_get_element (limits, i));
      const char *size = oci_json_object_get_string (o, "pageSize");
      g_autofree char *pointer = g_strdup_printf ("/linux/resources/hugepageLimits/%u/limit", i);
      g_autofree char *rsvd = g_strdup_printf (v2 ? "hugetlb.%s.rsvd.max" : "hugetlb.%s.rsvd.limit_in_bytes", size);
      g_autofree char *plain = g_strdup_printf (v2 ? "hugetlb.%s.max" : "hugetlb.%s.limit_in_bytes", size);
      gboolean use_rsvd = rsvd_spec && host_has_file ("hugetlb", rsvd);

      expect_int (out, config, "hugetlb", use_rsvd ? rsvd : plain, pointer, "linux.runtime.cgroups.hugepages");
    }
}

static gboolean
has_hugetlb (OciRuntimeContext *rc, char **reason)
{
  if ((oci_runtime_context_get_host (rc) & OCI_HOST_HUGETLB) == 0)
    {
      *reason = g_strdup ("the host has no huge pages or no hugetlb cgroup controller");
      return FALSE;
    }
  return TRUE;
}

/* A size no host has (sizes are powers of two). */
static const char *const opts_hugetlb_invalid[] = { "--linux-hugepage-limits-add=3MB:314572800", NULL };

/* The control: the page sizes this host has instead of the invalid one
 * (a runtime that cannot set huge page limits at all proves nothing by
 * refusing an invalid size). */
static void
valid_hugepage_limits (OciConfig *config)
{
  oci_config_remove (config, "/linux/resources/hugepageLimits");
  fit_hugetlb (NULL, config, NULL);
}

/* The relative cgroupsPath of the case (runc cannot set huge page limits
 * with an absolute one on this kind of host: see the docs). */
static gboolean
relative_hugetlb_invalid (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  oci_config_set_string (config, "/linux/cgroupsPath", oci_runtime_context_get_id (rc));
  return plan_relative_cleanup (rc, config, error);
}

static gboolean
check_hugetlb_refused (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return linux_rt_expect_refused (rc, ctx, "linux.runtime.cgroups.hugepages.invalid", valid_hugepage_limits, NULL,
                                  error);
}

static const OciRuntimeStep hugetlb_refused_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, check_hugetlb_refused },
  { OCI_RUNTIME_STEP_END },
};

/* ---- network ----------------------------------------------------------- */

static const char *const opts_network[] = { "--linux-network-classid=255", "--linux-network-priorities=lo:10",
                                            NULL };

static void
expect_network (OciRuntimeContext *rc, OciConfig *config, GPtrArray *out)
{
  JsonArray *prios = oci_config_get_array (config, "/linux/resources/network/priorities");

  expect_int (out, config, "net_cls", "net_cls.classid", "/linux/resources/network/classID",
              "linux.runtime.cgroups.network.class-id");
  for (guint i = 0; prios && i < json_array_get_length (prios); i++)
    {
      JsonObject *o = json_node_get_object (json_array_get_element (prios, i));
      g_autofree char *pointer = g_strdup_printf ("/linux/resources/network/priorities/%u", i);
      gint64 prio = 0;

      oci_json_object_get_int (o, "priority", &prio);
      expect (out, "net_prio", "net_prio.ifpriomap",
              g_strdup_printf ("%s %" G_GINT64_FORMAT, oci_json_object_get_string (o, "name"), prio), MATCH_LINE,
              pointer, "linux.runtime.cgroups.network.priorities");
    }
}

static gboolean
has_network (OciRuntimeContext *rc, char **reason)
{
  if (oci_host_cgroup_controller_version ("net_cls") != 1 || oci_host_cgroup_controller_version ("net_prio") != 1)
    {
      *reason = g_strdup ("no net_cls and net_prio v1 hierarchies are mounted (cgroup v2 has no such controllers)");
      return FALSE;
    }
  return TRUE;
}

/* ---- devices ----------------------------------------------------------- */

static const char *const opts_devices[] = {
  "--linux-device-cgroup-add=allow,type=c,major=10,minor=229,access=rwm",
  "--linux-device-cgroup-add=allow,type=b,major=8,minor=20,access=rw",
  "--linux-device-cgroup-add=allow,type=b,major=10,minor=200,access=r",
  NULL,
};

/* On v1, devices.list lists what is allowed after the rules ran (the
 * default config starts by denying everything). */
static void
expect_devices (OciRuntimeContext *rc, OciConfig *config, GPtrArray *out)
{
  JsonArray *rules = oci_config_get_array (config, "/linux/resources/devices");

  for (guint i = 0; rules && i < json_array_get_length (rules); i++)
    {
      JsonObject *o = json_node_get_object (json_array_get_element (rules, i));
      g_autofree char *pointer = g_strdup_printf ("/linux/resources/devices/%u", i);
      gboolean allow = json_object_get_boolean_member_with_default (o, "allow", FALSE);
      gint64 major = -1, minor = -1;
      const char *type = oci_json_object_get_string (o, "type");
      const char *access = oci_json_object_get_string (o, "access");
      g_autofree char *maj = NULL;
      g_autofree char *min = NULL;

      if (!allow || type == NULL || strcmp (type, "a") == 0)
        continue;
      maj = oci_json_object_get_int (o, "major", &major) ? g_strdup_printf ("%" G_GINT64_FORMAT, major)
                                                          : g_strdup ("*");
      min = oci_json_object_get_int (o, "minor", &minor) ? g_strdup_printf ("%" G_GINT64_FORMAT, minor)
                                                          : g_strdup ("*");
      expect (out, "devices", "devices.list", g_strdup_printf ("%s %s:%s %s", type, maj, min, access ? access : "rwm"),
              MATCH_LINE, pointer, "linux.runtime.cgroups.devices");
    }
}

static gboolean
has_devices (OciRuntimeContext *rc, char **reason)
{
  if (oci_host_cgroup_controller_version ("devices") != 1)
    {
      *reason = g_strdup ("no devices v1 hierarchy: on cgroup v2 device rules are eBPF programs, not files");
      return FALSE;
    }
  return TRUE;
}

/* ---- unified ----------------------------------------------------------- */

static const char *const opts_unified[] = { "--linux-unified=pids.max=42", "--linux-unified=cgroup.max.descendants=5",
                                            NULL };

static void
expect_unified (OciRuntimeContext *rc, OciConfig *config, GPtrArray *out)
{
  JsonObject *unified = oci_config_get_object (config, "/linux/resources/unified");
  g_autoptr(GList) keys = unified ? json_object_get_members (unified) : NULL;

  for (GList *k = keys; k; k = k->next)
    {
      g_autofree char *pointer = oci_json_pointer_append ("/linux/resources/unified", k->data);
      expect (out, "pids", k->data, g_strdup (oci_json_object_get_string (unified, k->data)), MATCH_EXACT, pointer,
              "linux.runtime.cgroups.unified");
      /* the key's file exists only where its controller is enabled */
      expect (out, "pids", k->data, g_strdup (oci_json_object_get_string (unified, k->data)), MATCH_EXACT, pointer,
              "linux.runtime.cgroups.unified.enable");
    }
}

static gboolean
has_unified_pids (OciRuntimeContext *rc, char **reason)
{
  if (oci_host_cgroup_controller_version ("pids") != 2)
    {
      *reason = g_strdup ("the unified hierarchy has no pids controller (cgroup v1 or hybrid host)");
      return FALSE;
    }
  return TRUE;
}

/* The same keys where the unified hierarchy lacks the controller. */
static gboolean
lacks_unified_pids (OciRuntimeContext *rc, char **reason)
{
  if (oci_host_cgroup_controller_version ("pids") == 2)
    {
      *reason = g_strdup ("the unified hierarchy has the pids controller");
      return FALSE;
    }
  return TRUE;
}

static void
drop_unified (OciConfig *config)
{
  oci_config_remove (config, "/linux/resources/unified");
}

static gboolean
check_unified_refused (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return linux_rt_expect_refused (rc, ctx, "linux.runtime.cgroups.unified.missing", drop_unified, NULL, error);
}

static const OciRuntimeStep unified_refused_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, check_unified_refused },
  { OCI_RUNTIME_STEP_END },
};

/* ---- relative paths ---------------------------------------------------- */

/* A relative cgroupsPath lands below the runtime's own cgroup, which on a
 * hybrid host differs per hierarchy: the harness only knows one of them,
 * so the case removes what a runtime may leave in each (the path holds
 * the container id: nothing else has it). */
static void
remove_dirs (gpointer data)
{
  GStrv dirs = data;

  for (char **d = dirs; *d; d++)
    g_rmdir (*d);
  g_strfreev (dirs);
}

static gboolean
plan_relative_cleanup (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  static const char *const controllers[] = { "pids", "memory", "cpu", "cpuacct", "cpuset", "blkio", "devices",
                                             "hugetlb", "net_cls", "net_prio", "freezer", "perf_event",
                                             "name=systemd", "rdma", "misc" };
  const char *relative = oci_config_get_string (config, "/linux/cgroupsPath");
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (gsize i = 0; relative && i < G_N_ELEMENTS (controllers) + 1; i++)
    {
      int version = i < G_N_ELEMENTS (controllers) ? oci_host_cgroup_controller_version (controllers[i]) : 2;
      const char *controller = i < G_N_ELEMENTS (controllers) ? controllers[i] : "";
      g_autofree char *own = version ? process_cgroup (0, controller, version) : NULL;
      g_autofree char *mount = version ? hierarchy_mount (controller, version) : NULL;

      g_autofree char *dir = own && mount ? g_build_filename (mount, own, relative, NULL) : NULL;

      if (dir)
        g_strv_builder_add (b, dir);
    }
  oci_runtime_context_set_data (rc, "linux-relative-cgroups", g_strv_builder_end (b), remove_dirs);
  return TRUE;
}

#define CGROUP_CHECK(name, func) \
  static gboolean name (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error) \
  { \
    return check_cgroups (rc, ctx, func, error); \
  }

CGROUP_CHECK (check_pids, expect_pids)
CGROUP_CHECK (check_memory, expect_memory)
CGROUP_CHECK (check_cpus, expect_cpus)
CGROUP_CHECK (check_blkio, expect_blkio)
CGROUP_CHECK (check_hugetlb, expect_hugetlb)
CGROUP_CHECK (check_network, expect_network)
CGROUP_CHECK (check_devices, expect_devices)
CGROUP_CHECK (check_unified, expect_unified)

/* A create that fails did not apply the resources: a failure of the
 * controller's requirement, not a fault of the case. */
#define CGROUP_STEPS(name, requirement, check) \
  static const OciRuntimeStep name[] = { \
    { OCI_RUNTIME_STEP_CREATE, NULL, S, requirement, NULL, check }, \
    { OCI_RUNTIME_STEP_DELETE_FORCE, NULL, S }, \
    { OCI_RUNTIME_STEP_END }, \
  };

CGROUP_STEPS (pids_steps, "linux.runtime.cgroups.pids", check_pids)
CGROUP_STEPS (memory_steps, "linux.runtime.cgroups.memory", check_memory)
CGROUP_STEPS (cpus_steps, "linux.runtime.cgroups.cpu", check_cpus)
CGROUP_STEPS (blkio_steps, "linux.runtime.cgroups.blockio", check_blkio)
CGROUP_STEPS (hugetlb_steps, "linux.runtime.cgroups.hugepages", check_hugetlb)
CGROUP_STEPS (network_steps, "linux.runtime.cgroups.network", check_network)
CGROUP_STEPS (devices_steps, "linux.runtime.cgroups.devices", check_devices)
CGROUP_STEPS (unified_steps, "linux.runtime.cgroups.unified", check_unified)

/* configure functions: fit the host, then (relative) plan the clean-up. */
static gboolean
fit_nothing (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return TRUE;
}

#define RELATIVE(name, fit) \
  static gboolean name (OciRuntimeContext *rc, OciConfig *config, GError **error) \
  { \
    oci_config_set_string (config, "/linux/cgroupsPath", oci_runtime_context_get_id (rc)); \
    return fit (rc, config, error) && plan_relative_cleanup (rc, config, error); \
  }

RELATIVE (relative_pids, fit_nothing)
RELATIVE (relative_memory, fit_memory)
RELATIVE (relative_cpus, fit_cpus)
RELATIVE (relative_blkio, fit_blkio)
RELATIVE (relative_hugetlb, fit_hugetlb)
RELATIVE (relative_network, fit_nothing)
RELATIVE (relative_devices, fit_nothing)

static gboolean
has_pids (OciRuntimeContext *rc, char **reason)
{
  if (oci_host_cgroup_controller_version ("pids") == 0)
    {
      *reason = g_strdup ("the host has no pids cgroup controller");
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_memory (OciRuntimeContext *rc, char **reason)
{
  if (oci_host_cgroup_controller_version ("memory") == 0)
    {
      *reason = g_strdup ("the host has no memory cgroup controller");
      return FALSE;
    }
  return TRUE;
}

/* ---- the table --------------------------------------------------------- */

#define R OCI_HOST_ROOT
#define CGROUP_CASES(name, what, opts, steps, supported, fit, relative, rows) \
  { "linux.cgroups." name, what " (absolute cgroupsPath)", opts, args_true, NULL, steps, R, supported, fit, \
    .requirements = rows }, \
  { "linux.cgroups_relative." name, what " (relative cgroupsPath)", opts, args_true, NULL, steps, R, supported, \
    relative, .requirements = rows }

/* The requirement rows each case tests (the create step names the
 * controller's row; each field has its own). */
#define ROWS(name, ...) static const char *const name[] = { __VA_ARGS__, NULL }
ROWS (rows_pids, "linux.runtime.cgroups.pids", "linux.runtime.cgroups.path");
ROWS (rows_memory, "linux.runtime.cgroups.memory", "linux.runtime.cgroups.memory.limit",
      "linux.runtime.cgroups.memory.reservation", "linux.runtime.cgroups.memory.swap",
      "linux.runtime.cgroups.memory.swappiness", "linux.runtime.cgroups.memory.disable-oom-killer",
      "linux.runtime.cgroups.path");
ROWS (rows_cpus, "linux.runtime.cgroups.cpu", "linux.runtime.cgroups.cpu.shares", "linux.runtime.cgroups.cpu.quota",
      "linux.runtime.cgroups.cpu.period", "linux.runtime.cgroups.cpu.realtime-period",
      "linux.runtime.cgroups.cpu.realtime-runtime", "linux.runtime.cgroups.cpu.cpus", "linux.runtime.cgroups.cpu.mems",
      "linux.runtime.cgroups.path");
ROWS (rows_cpu_burst, "linux.runtime.cgroups.cpu.burst", "linux.runtime.cgroups.cpu.quota",
      "linux.runtime.cgroups.cpu.period");
ROWS (rows_cpu_idle, "linux.runtime.cgroups.cpu.idle");
ROWS (rows_blkio, "linux.runtime.cgroups.blockio", "linux.runtime.cgroups.blockio.weight",
      "linux.runtime.cgroups.blockio.throttle-read-bps", "linux.runtime.cgroups.blockio.throttle-write-bps",
      "linux.runtime.cgroups.blockio.throttle-read-iops", "linux.runtime.cgroups.blockio.throttle-write-iops",
      "linux.runtime.cgroups.path");
ROWS (rows_hugetlb, "linux.runtime.cgroups.hugepages", "linux.runtime.cgroups.path");
ROWS (rows_network, "linux.runtime.cgroups.network", "linux.runtime.cgroups.network.class-id",
      "linux.runtime.cgroups.network.priorities", "linux.runtime.cgroups.path");
ROWS (rows_devices, "linux.runtime.cgroups.devices", "linux.runtime.cgroups.path");
ROWS (rows_hugetlb_invalid, "linux.runtime.cgroups.hugepages.invalid");
ROWS (rows_unified, "linux.runtime.cgroups.unified", "linux.runtime.cgroups.unified.enable");
ROWS (rows_unified_missing, "linux.runtime.cgroups.unified.missing");
#undef ROWS

const OciRuntimeCase linux_cgroup_cases[] = {
  CGROUP_CASES ("pids", "the pids limit is in the container's cgroup", opts_pids, pids_steps, has_pids, NULL,
                relative_pids, rows_pids),
  CGROUP_CASES ("memory", "memory limits are in the container's cgroup", opts_memory, memory_steps, has_memory,
                fit_memory, relative_memory, rows_memory),
  CGROUP_CASES ("cpus", "cpu shares, quota, period and cpusets are in the container's cgroups", opts_cpus,
                cpus_steps, has_cpu, fit_cpus, relative_cpus, rows_cpus),
  CGROUP_CASES ("blkio", "block I/O throttling is in the container's cgroup", NULL, blkio_steps, has_blkio,
                fit_blkio, relative_blkio, rows_blkio),
  CGROUP_CASES ("hugetlb", "huge page limits are in the container's cgroup", NULL, hugetlb_steps, has_hugetlb,
                fit_hugetlb, relative_hugetlb, rows_hugetlb),
  CGROUP_CASES ("network", "the class id and priorities are in the container's cgroups", opts_network,
                network_steps, has_network, NULL, relative_network, rows_network),
  CGROUP_CASES ("devices", "the device rules are in the container's cgroup", opts_devices, devices_steps,
                has_devices, NULL, relative_devices, rows_devices),
  { "linux.cgroups.cpu_burst", "the CFS burst is in the container's cpu cgroup", opts_cpu_burst, args_true, NULL,
    cpus_steps, R, has_cpu, .requirements = rows_cpu_burst },
  { "linux.cgroups.cpu_idle", "cpu.idle is in the container's cpu cgroup", opts_cpu_idle, args_true, NULL,
    cpus_steps, R, has_cpu, .requirements = rows_cpu_idle },
  { "linux.cgroups.hugetlb_invalid", "a huge page size the host lacks is an error", opts_hugetlb_invalid, args_true,
    NULL, hugetlb_refused_steps, R, has_hugetlb, relative_hugetlb_invalid, .requirements = rows_hugetlb_invalid },
  { "linux.cgroups.unified", "unified keys are written to the container's cgroup v2", opts_unified, args_true, NULL,
    unified_steps, R, has_unified_pids, .requirements = rows_unified },
  { "linux.cgroups.unified_missing", "unified keys of a controller v2 lacks are an error", opts_unified, args_true,
    NULL, unified_refused_steps, R, lacks_unified_pids, .requirements = rows_unified_missing },
};

const gsize linux_n_cgroup_cases = G_N_ELEMENTS (linux_cgroup_cases);
