/* linux-inside-kernel.c — kernel settings of config-linux.md seen from
 * the container: sysctls, user namespace mappings, the seccomp filter
 * (by making system calls) and time namespace offsets
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <seccomp.h>

#include "linux-inside.h"

/* ---- sysctl ------------------------------------------------------------ */

/* Values compared word by word: /proc/sys writes tabs between fields
 * ("32768\t60999") where configs write spaces. */
static char *
normalize (const char *value)
{
  g_auto(GStrv) words = g_strsplit_set (value, " \t\n", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (char **w = words; *w; w++)
    if (**w)
      g_strv_builder_add (b, *w);
  kept = g_strv_builder_end (b);
  return g_strjoinv (" ", kept);
}

static char *
sysctl_path (const char *key)
{
  g_autofree char *relative = g_strdup (key);

  /* sysctl(8) accepts "net.ipv4.ip_forward" and "net/ipv4/ip_forward". */
  if (strchr (relative, '/') == NULL)
    g_strdelimit (relative, ".", '/');
  return g_build_filename ("/proc/sys", relative, NULL);
}

gboolean
linux_inside_check_sysctl (OciCheckContext *ctx, GError **error)
{
  JsonObject *sysctl = oci_config_get_object (oci_check_context_get_config (ctx), "/linux/sysctl");
  g_autoptr(GList) keys = sysctl ? json_object_get_members (sysctl) : NULL;

  for (GList *k = keys; k; k = k->next)
    {
      const char *key = k->data;
      const char *value = oci_json_object_get_string (sysctl, key);
      g_autofree char *path = sysctl_path (key);
      g_autofree char *pointer = NULL;
      g_autofree char *have = NULL;
      g_autofree char *want = NULL;
      g_autofree char *raw = NULL;
      g_autoptr(GError) local = NULL;

      if (value == NULL)
        continue;
      pointer = oci_json_pointer_append ("/linux/sysctl", key);
      raw = linux_inside_read_line (path, &local);
      if (raw == NULL)
        {
          oci_check_fail_values (ctx, "linux.runtime.sysctl", pointer, value, local->message,
                                 "the kernel parameter %s cannot be read", key);
          continue;
        }
      have = normalize (raw);
      want = normalize (value);
      if (strcmp (have, want) == 0)
        oci_check_pass (ctx, "linux.runtime.sysctl");
      else
        oci_check_fail_values (ctx, "linux.runtime.sysctl", pointer, want, have, "%s has another value", key);
    }
  return TRUE;
}

/* ---- uid and gid mappings ---------------------------------------------- */

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The lines of /proc/self/[ug]id_map as "CONTAINER HOST SIZE", sorted. */
static GPtrArray *
read_map (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *map;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  map = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_autofree char *n = normalize (*l);
      if (*n)
        g_ptr_array_add (map, g_steal_pointer (&n));
    }
  g_ptr_array_sort (map, compare_lines);
  return map;
}

static GPtrArray *
config_map (JsonArray *mappings)
{
  GPtrArray *map = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (mappings); i++)
    {
      JsonNode *n = json_array_get_element (mappings, i);
      gint64 c = 0, h = 0, s = 0;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        continue;
      oci_json_object_get_int (json_node_get_object (n), "containerID", &c);
      oci_json_object_get_int (json_node_get_object (n), "hostID", &h);
      oci_json_object_get_int (json_node_get_object (n), "size", &s);
      g_ptr_array_add (map, g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, c, h,
                                             s));
    }
  g_ptr_array_sort (map, compare_lines);
  return map;
}

static char *
join_map (GPtrArray *map)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < map->len; i++)
    g_string_append_printf (s, "%s%s", i ? "; " : "", (char *) map->pdata[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
check_map (OciCheckContext *ctx, const char *row, const char *pointer, const char *path, GError **error)
{
  JsonArray *mappings = oci_config_get_array (oci_check_context_get_config (ctx), pointer);
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GPtrArray) have = NULL;
  g_autofree char *e = NULL;
  g_autofree char *a = NULL;

  if (mappings == NULL || json_array_get_length (mappings) == 0)
    return TRUE;
  have = read_map (path, error);
  if (have == NULL)
    return FALSE;
  want = config_map (mappings);
  e = join_map (want);
  a = join_map (have);
  if (strcmp (e, a) == 0)
    oci_check_pass (ctx, row);
  else
    oci_check_fail_values (ctx, row, pointer, e, a,
                           "%s (container, host, size) differs from the configured mappings", path);
  return TRUE;
}

gboolean
linux_inside_check_id_mappings (OciCheckContext *ctx, GError **error)
{
  return check_map (ctx, "linux.runtime.id-mappings.uid", "/linux/uidMappings", "/proc/self/uid_map", error)
         && check_map (ctx, "linux.runtime.id-mappings.gid", "/linux/gidMappings", "/proc/self/gid_map", error);
}

/* ---- seccomp ----------------------------------------------------------- */

/* System calls made with arguments that make them fail (a NULL path) or
 * do nothing (unshare of no namespace), whatever the filter: their
 * natural outcome is known, so a filter's answer shows. */
typedef struct
{
  const char *name;
  long args[3];
  int natural[3]; /* errno values of the natural outcome; 0: success */
} SeccompProbe;

static const SeccompProbe seccomp_probes[] = {
  { "mkdir", { 0, 0, 0 }, { EFAULT } },
  { "mkdirat", { AT_FDCWD, 0, 0 }, { EFAULT } },
  { "rmdir", { 0, 0, 0 }, { EFAULT } },
  { "chmod", { 0, 0, 0 }, { EFAULT } },
  { "getcwd", { 0, 0, 0 }, { ERANGE } },
  { "uname", { 0, 0, 0 }, { EFAULT } },
  { "statfs", { 0, 0, 0 }, { EFAULT } },
  { "getpriority", { 99, 0, 0 }, { EINVAL } },
  { "unshare", { 0, 0, 0 }, { 0 } },
  { "umount2", { 0, 0, 0 }, { EFAULT, EPERM } },
};

typedef enum
{
  PROBE_NATURAL,
  PROBE_ERRNO,
  PROBE_UNKNOWN,
} ProbeOutcome;

/* The outcome the profile asks for @name on this architecture; errno in
 * *err, the requirement row of the action in *row. Rules with argument
 * conditions, and actions that kill, trap or notify, cannot be probed
 * safely: PROBE_UNKNOWN. */
static ProbeOutcome
profile_outcome (JsonObject *seccomp, const char *name, int *err, const char **row)
{
  JsonArray *rules = oci_json_object_get_array (seccomp, "syscalls");
  const char *action = oci_json_object_get_string (seccomp, "defaultAction");
  gint64 ret = EPERM;

  oci_json_object_get_int (seccomp, "defaultErrnoRet", &ret);

  for (guint i = 0; rules && i < json_array_get_length (rules); i++)
    {
      JsonNode *n = json_array_get_element (rules, i);
      JsonObject *rule = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      JsonArray *names = rule ? oci_json_object_get_array (rule, "names") : NULL;
      JsonArray *args = rule ? oci_json_object_get_array (rule, "args") : NULL;
      gboolean named = FALSE;

      for (guint k = 0; names && k < json_array_get_length (names); k++)
        named = named || g_strcmp0 (oci_json_array_get_string (names, k), name) == 0;
      if (!named)
        continue;
      if (args && json_array_get_length (args) > 0)
        return PROBE_UNKNOWN;
      action = oci_json_object_get_string (rule, "action");
      ret = EPERM;
      oci_json_object_get_int (rule, "errnoRet", &ret);
      break;
    }
  if (g_strcmp0 (action, "SCMP_ACT_ALLOW") == 0 || g_strcmp0 (action, "SCMP_ACT_LOG") == 0)
    {
      *row = "linux.runtime.seccomp.action-allow";
      return PROBE_NATURAL;
    }
  if (g_strcmp0 (action, "SCMP_ACT_ERRNO") == 0)
    {
      *err = (int) ret;
      *row = "linux.runtime.seccomp.action-errno";
      return PROBE_ERRNO;
    }
  /* Without a tracer, a traced call fails with ENOSYS (seccomp(2)). */
  if (g_strcmp0 (action, "SCMP_ACT_TRACE") == 0)
    {
      *err = ENOSYS;
      *row = "linux.runtime.seccomp.action-trace";
      return PROBE_ERRNO;
    }
  return PROBE_UNKNOWN;
}

static gboolean
natural (const SeccompProbe *p, int err)
{
  for (gsize i = 0; i < G_N_ELEMENTS (p->natural); i++)
    if (p->natural[i] == err && (err != 0 || i == 0))
      return TRUE;
  return FALSE;
}

static char *
outcome_text (int err)
{
  return err == 0 ? g_strdup ("success") : g_strdup_printf ("errno %d (%s)", err, g_strerror (err));
}

static void
probe (OciCheckContext *ctx, JsonObject *seccomp, const SeccompProbe *p)
{
  int nr = seccomp_syscall_resolve_name (p->name);
  int want = 0, have;
  const char *row = "linux.runtime.seccomp.action-allow";
  ProbeOutcome outcome = seccomp ? profile_outcome (seccomp, p->name, &want, &row) : PROBE_NATURAL;
  g_autofree char *e = NULL;
  g_autofree char *a = NULL;
  long r;

  if (nr < 0 || outcome == PROBE_UNKNOWN || (outcome == PROBE_ERRNO && natural (p, want)))
    return; /* not on this architecture, or nothing to tell apart */
  errno = 0;
  r = syscall (nr, p->args[0], p->args[1], p->args[2]);
  have = r == 0 ? 0 : errno;
  if ((outcome == PROBE_NATURAL && natural (p, have)) || (outcome == PROBE_ERRNO && have == want))
    {
      oci_check_pass (ctx, row);
      return;
    }
  e = outcome == PROBE_ERRNO ? outcome_text (want) : outcome_text (p->natural[0]);
  a = outcome_text (have);
  oci_check_fail_values (ctx, row, "/linux/seccomp", e, a, "%s(2) %s", p->name,
                         outcome == PROBE_ERRNO ? "was not filtered as the profile says"
                                                : "was filtered although the profile allows it");
}

/* "Seccomp: 2" in /proc/self/status: a filter is installed. */
static void
check_filter_mode (OciCheckContext *ctx)
{
  g_autofree char *status = NULL;
  const char *line;
  int mode;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "\nSeccomp:")) == NULL)
    {
      oci_check_skip (ctx, "linux.runtime.seccomp.enforced", "/linux/seccomp",
                      "this kernel does not report the seccomp mode in /proc/self/status");
      return;
    }
  mode = (int) g_ascii_strtoll (line + strlen ("\nSeccomp:"), NULL, 10);
  if (mode == 2)
    oci_check_pass (ctx, "linux.runtime.seccomp.enforced");
  else
    oci_check_fail_values (ctx, "linux.runtime.seccomp.enforced", "/linux/seccomp", "Seccomp: 2 (filter)",
                           mode == 0 ? "Seccomp: 0 (none)" : "Seccomp: 1 (strict)",
                           "the process runs without a seccomp filter");
}

gboolean
linux_inside_check_seccomp (OciCheckContext *ctx, GError **error)
{
  JsonObject *seccomp = oci_config_get_object (oci_check_context_get_config (ctx), "/linux/seccomp");

  /* Without a profile, the calls must have their natural outcome; but a
   * runtime may itself run under a filter, so only a profile is checked. */
  if (seccomp == NULL)
    return TRUE;
  check_filter_mode (ctx);
  for (gsize i = 0; i < G_N_ELEMENTS (seccomp_probes); i++)
    probe (ctx, seccomp, &seccomp_probes[i]);
  return TRUE;
}

/* ---- time namespace ---------------------------------------------------- */

static gboolean
offset_of (const char *text, const char *clock, gint64 *secs, gint64 *nanos)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (char **l = lines; *l; l++)
    {
      g_autofree char *n = normalize (*l);
      g_auto(GStrv) f = g_strsplit (n, " ", -1);
      /* Kernels write the clock by name or by its clockid (1, 7). */
      gboolean match = g_strv_length (f) == 3
                       && (g_strcmp0 (f[0], clock) == 0
                           || (strcmp (clock, "monotonic") == 0 && strcmp (f[0], "1") == 0)
                           || (strcmp (clock, "boottime") == 0 && strcmp (f[0], "7") == 0));
      if (match)
        {
          *secs = g_ascii_strtoll (f[1], NULL, 10);
          *nanos = g_ascii_strtoll (f[2], NULL, 10);
          return TRUE;
        }
    }
  return FALSE;
}

static void
check_offset (OciCheckContext *ctx, JsonObject *offsets, const char *text, const char *clock, const char *row)
{
  JsonObject *o = oci_json_object_get_object (offsets, clock);
  g_autofree char *pointer = g_strconcat ("/linux/timeOffsets/", clock, NULL);
  gint64 secs = 0, nanos = 0, have_secs = 0, have_nanos = 0;
  g_autofree char *e = NULL;
  g_autofree char *a = NULL;

  if (o)
    {
      oci_json_object_get_int (o, "secs", &secs);
      oci_json_object_get_int (o, "nanosecs", &nanos);
    }
  if (!offset_of (text, clock, &have_secs, &have_nanos))
    {
      oci_check_fail_values (ctx, row, pointer, clock, "no such line",
                             "/proc/self/timens_offsets has no %s line", clock);
      return;
    }
  e = g_strdup_printf ("%" G_GINT64_FORMAT " s %" G_GINT64_FORMAT " ns", secs, nanos);
  a = g_strdup_printf ("%" G_GINT64_FORMAT " s %" G_GINT64_FORMAT " ns", have_secs, have_nanos);
  if (secs == have_secs && nanos == have_nanos)
    oci_check_pass (ctx, row);
  else
    oci_check_fail_values (ctx, row, pointer, e, a,
                           "the %s offset of the time namespace differs", clock);
}

/* The clock itself: CLOCK_BOOTTIME here is the one outside (written at
 * create time into an annotation) plus the offset, give or take the
 * seconds the container took to start. */
static void
check_boottime (OciCheckContext *ctx, JsonObject *offsets)
{
  const char *outside = linux_inside_annotation (ctx, LINUX_ANNOTATION_BOOTTIME);
  JsonObject *o = oci_json_object_get_object (offsets, "boottime");
  gint64 secs = 0, before;
  struct timespec now;

  if (outside == NULL || o == NULL || !oci_json_object_get_int (o, "secs", &secs)
      || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return;
  before = g_ascii_strtoll (outside, NULL, 10);
  if (now.tv_sec >= before + secs && now.tv_sec <= before + secs + 60)
    oci_check_pass (ctx, "linux.runtime.time-offsets.boottime");
  else
    {
      g_autofree char *e = g_strdup_printf ("%" G_GINT64_FORMAT " s to %" G_GINT64_FORMAT " s", before + secs,
                                            before + secs + 60);
      g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT " s", (gint64) now.tv_sec);
      oci_check_fail_values (ctx, "linux.runtime.time-offsets.boottime", "/linux/timeOffsets/boottime", e, a,
                             "CLOCK_BOOTTIME in the container is not the runtime's clock plus the offset");
    }
}

gboolean
linux_inside_check_time_offsets (OciCheckContext *ctx, GError **error)
{
  JsonObject *offsets = oci_config_get_object (oci_check_context_get_config (ctx), "/linux/timeOffsets");
  g_autofree char *text = NULL;

  if (offsets == NULL)
    return TRUE;
  if (!g_file_get_contents ("/proc/self/timens_offsets", &text, NULL, NULL))
    {
      oci_check_fail_values (ctx, "linux.runtime.time-offsets", "/linux/timeOffsets", "a time namespace",
                             "no /proc/self/timens_offsets", "the process is in no time namespace");
      return TRUE;
    }
  check_offset (ctx, offsets, text, "monotonic", "linux.runtime.time-offsets.monotonic");
  check_offset (ctx, offsets, text, "boottime", "linux.runtime.time-offsets.boottime");
  oci_check_pass (ctx, "linux.runtime.time-offsets");
  check_boottime (ctx, offsets);
  return TRUE;
}
