/* linux-inside-process.c — the Linux process properties of config.md,
 * seen from the container process itself: capabilities, no_new_privs,
 * oom_score_adj, LSM labels, scheduler, I/O priority, personality
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-inside.h"

/* cap_t is a bare pointer type: use g_auto(LinuxInsideCaps). */
typedef cap_t LinuxInsideCaps;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (LinuxInsideCaps, cap_free, NULL)

/* ---- capabilities ------------------------------------------------------ */

typedef enum
{
  CAP_SET_BOUNDING,
  CAP_SET_EFFECTIVE,
  CAP_SET_INHERITABLE,
  CAP_SET_PERMITTED,
  CAP_SET_AMBIENT,
  CAP_N_SETS,
} CapSet;

static const char *const cap_set_names[CAP_N_SETS] = { "bounding", "effective", "inheritable", "permitted",
                                                        "ambient" };
/* The requirement row of each set. */
static const char *const cap_set_rows[CAP_N_SETS] = {
  "linux.runtime.process.capabilities.bounding", "linux.runtime.process.capabilities.effective",
  "linux.runtime.process.capabilities.inheritable", "linux.runtime.process.capabilities.permitted",
  "linux.runtime.process.capabilities.ambient",
};

/* SECBIT_NOROOT of <linux/securebits.h>: root gets no capabilities at execve. */
#define LINUX_SECBIT_NOROOT (1 << 0)

static int
last_cap (void)
{
  g_autofree char *text = linux_inside_read_line ("/proc/sys/kernel/cap_last_cap", NULL);
  int last = text ? (int) g_ascii_strtoll (text, NULL, 10) : (int) cap_max_bits () - 1;

  /* The sets are kept in 64-bit masks. */
  return MIN (last, 63);
}

/* The capabilities of @set the kernel knows; names it does not know are
 * logged as warnings by runtimes (1.1.0) and cannot be observed. */
static guint64
config_set (JsonObject *caps, const char *set, int last)
{
  JsonArray *names = oci_json_object_get_array (caps, set);
  guint64 mask = 0;

  for (guint i = 0; names && i < json_array_get_length (names); i++)
    {
      const char *name = oci_json_array_get_string (names, i);
      cap_value_t value;

      if (name && cap_from_name (name, &value) == 0 && value >= 0 && value <= last)
        mask |= G_GUINT64_CONSTANT (1) << value;
    }
  return mask;
}

static gboolean
actual_sets (guint64 sets[CAP_N_SETS], int last, GError **error)
{
  g_auto(LinuxInsideCaps) caps = cap_get_proc ();
  static const cap_flag_t flags[] = { [CAP_SET_EFFECTIVE] = CAP_EFFECTIVE, [CAP_SET_INHERITABLE] = CAP_INHERITABLE,
                                      [CAP_SET_PERMITTED] = CAP_PERMITTED };

  if (caps == NULL)
    return linux_inside_errno_error (error, errno, "cap_get_proc");
  memset (sets, 0, sizeof (guint64) * CAP_N_SETS);
  for (int v = 0; v <= last; v++)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << v;

      if (cap_get_bound (v) == 1)
        sets[CAP_SET_BOUNDING] |= bit;
      if (cap_get_ambient (v) == 1)
        sets[CAP_SET_AMBIENT] |= bit;
      for (CapSet s = CAP_SET_EFFECTIVE; s <= CAP_SET_PERMITTED; s++)
        {
          cap_flag_value_t on = CAP_CLEAR;
          if (cap_get_flag (caps, v, flags[s], &on) == 0 && on == CAP_SET)
            sets[s] |= bit;
        }
    }
  return TRUE;
}

/* What the process holds after the runtime's execve of process.args,
 * when the runtime set the configured sets just before: the kernel keeps
 * bounding and inheritable, keeps ambient capabilities that are also
 * permitted and inheritable, and recomputes permitted and effective
 * (capabilities(7), "Transformation of capabilities during execve()";
 * oci-runtimetest has no file capabilities and is not set-user-ID). */
static void
expected_sets (const guint64 config[CAP_N_SETS], guint64 expected[CAP_N_SETS])
{
  int securebits = prctl (PR_GET_SECUREBITS, 0, 0, 0, 0);
  gboolean noroot = securebits > 0 && (securebits & LINUX_SECBIT_NOROOT);
  gboolean real_root = getuid () == 0 && !noroot, effective_root = geteuid () == 0 && !noroot;
  guint64 ambient = config[CAP_SET_AMBIENT] & config[CAP_SET_PERMITTED] & config[CAP_SET_INHERITABLE];

  expected[CAP_SET_BOUNDING] = config[CAP_SET_BOUNDING];
  expected[CAP_SET_INHERITABLE] = config[CAP_SET_INHERITABLE];
  expected[CAP_SET_AMBIENT] = ambient;
  expected[CAP_SET_PERMITTED] = ambient;
  if (real_root || effective_root)
    expected[CAP_SET_PERMITTED] |= config[CAP_SET_BOUNDING] | config[CAP_SET_INHERITABLE];
  expected[CAP_SET_EFFECTIVE] = effective_root ? expected[CAP_SET_PERMITTED] : ambient;
}

static char *
mask_names (guint64 mask)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (int v = 0; v < 64; v++)
    if (mask & (G_GUINT64_CONSTANT (1) << v))
      {
        /* cap_to_name's string is libcap's to free */
        char *name = cap_to_name (v);
        g_autofree char *upper = g_ascii_strup (name ? name : "?", -1);
        cap_free (name);
        g_string_append_printf (s, "%s%s", s->len ? "," : "", upper);
      }
  return g_strdup (s->len ? s->str : "(none)");
}

/* The statement as a whole: every set is the configured one, or what
 * execve makes of the configuration (each set also has its own row). */
static void
check_all_sets (OciCheckContext *ctx, const guint64 *config, const guint64 *expected, const guint64 *actual)
{
  g_autoptr(GString) differ = g_string_new (NULL);

  for (CapSet s = 0; s < CAP_N_SETS; s++)
    if (expected[s] != actual[s] && config[s] != actual[s])
      g_string_append_printf (differ, "%s%s", differ->len ? ", " : "", cap_set_names[s]);
  if (differ->len == 0)
    oci_check_pass (ctx, "linux.runtime.process.capabilities");
  else
    oci_check_fail (ctx, "linux.runtime.process.capabilities", "/process/capabilities",
                    "the process's capability sets are not the configured ones: %s differ", differ->str);
}

gboolean
linux_inside_check_capabilities (OciCheckContext *ctx, GError **error)
{
  JsonObject *caps = oci_config_get_object (oci_check_context_get_config (ctx), "/process/capabilities");
  guint64 config[CAP_N_SETS], expected[CAP_N_SETS], actual[CAP_N_SETS];
  int last = last_cap ();

  if (caps == NULL)
    return TRUE; /* the spec says nothing of a process without the member */
  for (CapSet s = 0; s < CAP_N_SETS; s++)
    config[s] = config_set (caps, cap_set_names[s], last);
  if (!actual_sets (actual, last, error))
    return FALSE;
  expected_sets (config, expected);
  check_all_sets (ctx, config, expected, actual);
  for (CapSet s = 0; s < CAP_N_SETS; s++)
    {
      g_autofree char *pointer = NULL;
      g_autofree char *e = NULL;
      g_autofree char *a = NULL;
      g_autofree char *missing = NULL;
      g_autofree char *extra = NULL;

      /* Linux's execve recomputes permitted and effective; a runtime
       * that sets them as configured (gVisor) shows the config itself. */
      if (expected[s] == actual[s] || config[s] == actual[s])
        {
          oci_check_pass (ctx, cap_set_rows[s]);
          continue;
        }
      pointer = g_strconcat ("/process/capabilities/", cap_set_names[s], NULL);
      e = mask_names (expected[s]);
      a = mask_names (actual[s]);
      missing = mask_names (expected[s] & ~actual[s]);
      extra = mask_names (actual[s] & ~expected[s]);
      oci_check_fail_values (ctx, cap_set_rows[s], pointer, e, a,
                             "the %s set differs: missing %s, not configured %s%s", cap_set_names[s], missing,
                             extra, expected[s] != config[s] ? " (expected: the configured set, or what execve makes "
                                                               "of it)" : "");
    }
  return TRUE;
}

/* ---- no_new_privs and oom_score_adj ------------------------------------ */

gboolean
linux_inside_check_no_new_privileges (OciCheckContext *ctx, GError **error)
{
  gboolean want = FALSE;
  int have;

  /* Only "true" asks something of the runtime. */
  if (!oci_config_get_boolean (oci_check_context_get_config (ctx), "/process/noNewPrivileges", &want) || !want)
    return TRUE;
  have = prctl (PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  if (have < 0)
    return linux_inside_errno_error (error, errno, "prctl (PR_GET_NO_NEW_PRIVS)");
  if (have == 1)
    oci_check_pass (ctx, "linux.runtime.process.no-new-privileges");
  else
    oci_check_fail_values (ctx, "linux.runtime.process.no-new-privileges", "/process/noNewPrivileges", "1", "0",
                           "the no_new_privs bit of the process is not set");
  return TRUE;
}

gboolean
linux_inside_check_oom_score_adj (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *outside = linux_inside_annotation (ctx, LINUX_ANNOTATION_OOM_SCORE_ADJ);
  g_autofree char *have = NULL;
  g_autofree char *want = NULL;
  gint64 value;

  if (oci_config_get_int (config, "/process/oomScoreAdj", &value))
    want = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  else if (outside == NULL)
    return TRUE; /* unset, and the value the runtime had is unknown here */
  have = linux_inside_read_line ("/proc/self/oom_score_adj", error);
  if (have == NULL)
    return FALSE;
  if (want)
    {
      if (strcmp (want, have) == 0)
        oci_check_pass (ctx, "linux.runtime.process.oom-score-adj");
      else
        oci_check_fail_values (ctx, "linux.runtime.process.oom-score-adj", "/process/oomScoreAdj", want, have,
                               "oom_score_adj is not process.oomScoreAdj");
    }
  else if (strcmp (outside, have) == 0)
    oci_check_pass (ctx, "linux.runtime.process.oom-score-adj.unchanged");
  else
    oci_check_fail_values (ctx, "linux.runtime.process.oom-score-adj.unchanged", "/process", outside, have,
                           "oomScoreAdj is not set, yet the runtime changed oom_score_adj");
  return TRUE;
}

/* ---- AppArmor and SELinux ---------------------------------------------- */

/* The label of the process in @path, or NULL when the LSM is not there. */
static char *
read_attr (const char *path)
{
  g_autofree char *text = linux_inside_read_line (path, NULL);

  if (text == NULL || *text == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

static void
check_apparmor (OciCheckContext *ctx, const char *profile)
{
  g_autofree char *label = read_attr ("/proc/self/attr/apparmor/current");
  char *mode;

  if (label == NULL)
    label = read_attr ("/proc/self/attr/current");
  /* SELinux labels have colons; AppArmor's are "name (mode)". */
  if (label == NULL || strchr (label, ':') != NULL)
    {
      oci_check_skip (ctx, "linux.runtime.process.apparmor-profile", "/process/apparmorProfile",
                      "AppArmor is not enabled in this kernel");
      return;
    }
  mode = g_strrstr (label, " (");
  if (mode)
    *mode = '\0';
  if (strcmp (label, profile) == 0)
    oci_check_pass (ctx, "linux.runtime.process.apparmor-profile");
  else
    oci_check_fail_values (ctx, "linux.runtime.process.apparmor-profile", "/process/apparmorProfile", profile,
                           label, "the process runs under another AppArmor profile");
}

static void
check_selinux (OciCheckContext *ctx, const char *label)
{
  g_autofree char *have = read_attr ("/proc/self/attr/current");

  if (have == NULL || strchr (have, ':') == NULL)
    {
      oci_check_skip (ctx, "linux.runtime.process.selinux-label", "/process/selinuxLabel",
                      "SELinux is not enabled in this kernel");
      return;
    }
  if (strcmp (have, label) == 0)
    oci_check_pass (ctx, "linux.runtime.process.selinux-label");
  else
    oci_check_fail_values (ctx, "linux.runtime.process.selinux-label", "/process/selinuxLabel", label, have,
                           "the process runs with another SELinux label");
}

gboolean
linux_inside_check_lsm (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *profile = oci_config_get_string (config, "/process/apparmorProfile");
  const char *label = oci_config_get_string (config, "/process/selinuxLabel");

  if (profile && *profile)
    check_apparmor (ctx, profile);
  if (label && *label)
    check_selinux (ctx, label);
  return TRUE;
}

/* ---- scheduler --------------------------------------------------------- */

/* struct sched_attr of the kernel ABI (sched_getattr(2)). */
typedef struct
{
  guint32 size;
  guint32 sched_policy;
  guint64 sched_flags;
  gint32 sched_nice;
  guint32 sched_priority;
  guint64 sched_runtime;
  guint64 sched_deadline;
  guint64 sched_period;
  guint32 sched_util_min;
  guint32 sched_util_max;
} LinuxSchedAttr;

static const struct
{
  const char *name;
  guint32 value;
} sched_policies[] = {
  { "SCHED_OTHER", 0 }, { "SCHED_FIFO", 1 }, { "SCHED_RR", 2 },       { "SCHED_BATCH", 3 },
  { "SCHED_ISO", 4 },   { "SCHED_IDLE", 5 }, { "SCHED_DEADLINE", 6 },
};

/* Flags sched_getattr reports back; the others only steer sched_setattr. */
static const struct
{
  const char *name;
  guint64 value;
} sched_flags[] = {
  { "SCHED_FLAG_RESET_ON_FORK", 0x01 },
  { "SCHED_FLAG_RECLAIM", 0x02 },
  { "SCHED_FLAG_DL_OVERRUN", 0x04 },
};

static const char *
policy_name (guint32 value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sched_policies); i++)
    if (sched_policies[i].value == value)
      return sched_policies[i].name;
  return "unknown";
}

static void
compare_value (OciCheckContext *ctx, const char *row, const char *member, gint64 want, gint64 have)
{
  g_autofree char *pointer = g_strconcat ("/process/scheduler/", member, NULL);
  g_autofree char *e = g_strdup_printf ("%" G_GINT64_FORMAT, want);
  g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, have);

  if (want == have)
    oci_check_pass (ctx, row);
  else
    oci_check_fail_values (ctx, row, pointer, e, a, "sched_getattr reports another %s", member);
}

static guint64
config_flags (JsonObject *sched)
{
  JsonArray *names = oci_json_object_get_array (sched, "flags");
  guint64 mask = 0;

  for (guint i = 0; names && i < json_array_get_length (names); i++)
    for (gsize k = 0; k < G_N_ELEMENTS (sched_flags); k++)
      if (g_strcmp0 (oci_json_array_get_string (names, i), sched_flags[k].name) == 0)
        mask |= sched_flags[k].value;
  return mask;
}

gboolean
linux_inside_check_scheduler (OciCheckContext *ctx, GError **error)
{
  JsonObject *sched = oci_config_get_object (oci_check_context_get_config (ctx), "/process/scheduler");
  const char *policy = sched ? oci_json_object_get_string (sched, "policy") : NULL;
  LinuxSchedAttr attr = { 0 };
  gint64 nice = 0, priority = 0, runtime = 0, deadline = 0, period = 0;
  guint64 reported = 0x07;

  if (policy == NULL)
    return TRUE;
  if (syscall (SYS_sched_getattr, 0, &attr, (unsigned int) sizeof attr, 0) != 0)
    return linux_inside_errno_error (error, errno, "sched_getattr");
  if (strcmp (policy, policy_name (attr.sched_policy)) == 0)
    oci_check_pass (ctx, "linux.runtime.process.scheduler.policy");
  else
    oci_check_fail_values (ctx, "linux.runtime.process.scheduler.policy", "/process/scheduler/policy", policy,
                           policy_name (attr.sched_policy), "the process has another scheduling policy");
  /* Unset members are 0 ("the runtime must use the value 0"); each is
   * reported only by the policies that use it. */
  oci_json_object_get_int (sched, "nice", &nice);
  oci_json_object_get_int (sched, "priority", &priority);
  oci_json_object_get_int (sched, "runtime", &runtime);
  oci_json_object_get_int (sched, "deadline", &deadline);
  oci_json_object_get_int (sched, "period", &period);
  if (attr.sched_policy == 0 || attr.sched_policy == 3 || attr.sched_policy == 5)
    compare_value (ctx, "linux.runtime.process.scheduler.nice", "nice", nice, attr.sched_nice);
  if (attr.sched_policy == 1 || attr.sched_policy == 2)
    compare_value (ctx, "linux.runtime.process.scheduler.priority", "priority", priority, attr.sched_priority);
  if (attr.sched_policy == 6)
    {
      compare_value (ctx, "linux.runtime.process.scheduler.deadline", "runtime", runtime,
                     (gint64) attr.sched_runtime);
      compare_value (ctx, "linux.runtime.process.scheduler.deadline", "deadline", deadline,
                     (gint64) attr.sched_deadline);
      compare_value (ctx, "linux.runtime.process.scheduler.deadline", "period", period, (gint64) attr.sched_period);
    }
  compare_value (ctx, "linux.runtime.process.scheduler.flags", "flags", (gint64) config_flags (sched),
                 (gint64) (attr.sched_flags & reported));
  return TRUE;
}

/* ---- I/O priority ------------------------------------------------------ */

#define LINUX_IOPRIO_WHO_PROCESS 1
#define LINUX_IOPRIO_CLASS_SHIFT 13

static const char *const ioprio_classes[] = { "IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
                                              "IOPRIO_CLASS_IDLE" };

gboolean
linux_inside_check_io_priority (OciCheckContext *ctx, GError **error)
{
  JsonObject *io = oci_config_get_object (oci_check_context_get_config (ctx), "/process/ioPriority");
  const char *klass = io ? oci_json_object_get_string (io, "class") : NULL;
  gint64 priority = 0;
  long value;
  guint have_class;
  g_autofree char *e = NULL;
  g_autofree char *a = NULL;

  if (klass == NULL)
    return TRUE;
  oci_json_object_get_int (io, "priority", &priority);
  value = syscall (SYS_ioprio_get, LINUX_IOPRIO_WHO_PROCESS, 0);
  if (value < 0)
    return linux_inside_errno_error (error, errno, "ioprio_get");
  have_class = (guint) (value >> LINUX_IOPRIO_CLASS_SHIFT);
  e = g_strdup_printf ("%s:%" G_GINT64_FORMAT, klass, priority);
  a = g_strdup_printf ("%s:%ld", have_class < G_N_ELEMENTS (ioprio_classes) ? ioprio_classes[have_class] : "?",
                       value & 0xff);
  if (strcmp (e, a) == 0)
    oci_check_pass (ctx, "linux.runtime.process.io-priority");
  else
    oci_check_fail_values (ctx, "linux.runtime.process.io-priority", "/process/ioPriority", e, a,
                           "ioprio_get reports another I/O class or priority");
  return TRUE;
}

/* ---- personality ------------------------------------------------------- */

/* Two sources: personality(0xffffffff), which queries without changing
 * anything, else /proc/self/personality (hexadecimal): gVisor refuses the
 * query with EINVAL. */
static gboolean
read_personality (int *persona)
{
  g_autofree char *text = NULL;
  int err;

  *persona = personality (0xffffffff);
  if (*persona >= 0)
    return TRUE;
  err = errno;
  if (g_file_get_contents ("/proc/self/personality", &text, NULL, NULL) && g_ascii_isxdigit (*g_strstrip (text)))
    {
      *persona = (int) g_ascii_strtoull (text, NULL, 16);
      return TRUE;
    }
  errno = err;
  return FALSE;
}

gboolean
linux_inside_check_personality (OciCheckContext *ctx, GError **error)
{
  const char *domain = oci_config_get_string (oci_check_context_get_config (ctx), "/linux/personality/domain");
  int persona;
  const char *have;

  if (domain == NULL)
    return TRUE;
  if (!read_personality (&persona))
    {
      oci_check_skip (ctx, "linux.runtime.personality", "/linux/personality/domain",
                      "the execution domain cannot be read: personality(0xffffffff) fails (%s) and "
                      "/proc/self/personality is missing", g_strerror (errno));
      return TRUE;
    }
  switch (persona & PER_MASK)
    {
    case PER_LINUX:
      have = "LINUX";
      break;
    case PER_LINUX32:
      have = "LINUX32";
      break;
    default:
      have = "another domain";
    }
  if (strcmp (domain, have) == 0)
    oci_check_pass (ctx, "linux.runtime.personality");
  else
    oci_check_fail_values (ctx, "linux.runtime.personality", "/linux/personality/domain", domain, have,
                           "the process runs in another execution domain (personality 0x%x)", (guint) persona);
  return TRUE;
}

/* ---- execCPUAffinity.final and memoryPolicy ---------------------------- */

/* Parses a CPU or node list ("0-3,7") into @set; FALSE when it is not one. */
static gboolean
parse_id_list (const char *list, cpu_set_t *set)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);

  CPU_ZERO (set);
  for (guint i = 0; parts[i]; i++)
    {
      guint64 lo, hi;
      char *end;

      lo = g_ascii_strtoull (parts[i], &end, 10);
      if (end == parts[i])
        return FALSE;
      hi = lo;
      if (*end == '-')
        {
          const char *start = end + 1;

          hi = g_ascii_strtoull (start, &end, 10);
          if (end == start)
            return FALSE;
        }
      if (*end != '\0' || hi < lo || hi >= CPU_SETSIZE)
        return FALSE;
      for (guint64 id = lo; id <= hi; id++)
        CPU_SET ((int) id, set);
    }
  return TRUE;
}

static char *
format_id_set (const cpu_set_t *set)
{
  GString *out = g_string_new (NULL);

  for (int id = 0; id < CPU_SETSIZE; id++)
    if (CPU_ISSET (id, set))
      g_string_append_printf (out, "%s%d", out->len ? "," : "", id);
  return g_string_free (out, FALSE);
}

/* runtime.md (Start, 1.2.1): the process runs on the CPUs of
 * execCPUAffinity.final once it is in the container. */
gboolean
linux_inside_check_exec_affinity (OciCheckContext *ctx, GError **error)
{
  const char *final = oci_config_get_string (oci_check_context_get_config (ctx), "/process/execCPUAffinity/final");
  cpu_set_t want, have;
  g_autofree char *want_text = NULL, *have_text = NULL;

  if (final == NULL)
    return TRUE;
  if (!parse_id_list (final, &want))
    return TRUE; /* the schema and validate judge the syntax */
  if (sched_getaffinity (0, sizeof have, &have) != 0)
    return linux_inside_errno_error (error, errno, "sched_getaffinity");
  want_text = format_id_set (&want);
  have_text = format_id_set (&have);
  if (CPU_EQUAL (&want, &have))
    oci_check_pass (ctx, "linux.runtime.process.exec-cpu-affinity.final");
  else
    oci_check_fail_values (ctx, "linux.runtime.process.exec-cpu-affinity.final", "/process/execCPUAffinity/final",
                           want_text, have_text, "the process runs on other CPUs");
  return TRUE;
}

/* The mode numbers of set_mempolicy(2). */
static const char *const mpol_names[] = {
  "MPOL_DEFAULT", "MPOL_PREFERRED", "MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_LOCAL", "MPOL_PREFERRED_MANY",
  "MPOL_WEIGHTED_INTERLEAVE",
};

/* config-linux.md (Memory policy, 1.3.0): the process has the mode and
 * nodes of linux.memoryPolicy, read back with get_mempolicy(2). */
gboolean
linux_inside_check_memory_policy (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *mode = oci_config_get_string (config, "/linux/memoryPolicy/mode");
  const char *nodes = oci_config_get_string (config, "/linux/memoryPolicy/nodes");
  unsigned long mask[CPU_SETSIZE / (8 * sizeof (unsigned long))] = { 0 };
  cpu_set_t want, have;
  int have_mode = -1;
  const char *have_name;

  if (mode == NULL)
    return TRUE;
  if (syscall (SYS_get_mempolicy, &have_mode, mask, (unsigned long) CPU_SETSIZE, NULL, 0UL) != 0)
    return linux_inside_errno_error (error, errno, "get_mempolicy");
  /* the mode flags (MPOL_F_STATIC_NODES…) ride in the high bits */
  have_mode &= 0xff;
  have_name = have_mode >= 0 && (gsize) have_mode < G_N_ELEMENTS (mpol_names) ? mpol_names[have_mode] : "unknown";
  if (strcmp (mode, have_name) == 0)
    oci_check_pass (ctx, "linux.runtime.memory-policy");
  else
    oci_check_fail_values (ctx, "linux.runtime.memory-policy", "/linux/memoryPolicy/mode", mode, have_name,
                           "the process has another memory policy");
  if (nodes && parse_id_list (nodes, &want) && strcmp (have_name, mode) == 0
      && have_mode != 0 && have_mode != 4)
    {
      g_autofree char *want_text = format_id_set (&want), *have_text = NULL;

      CPU_ZERO (&have);
      for (int id = 0; id < CPU_SETSIZE; id++)
        if (mask[id / (8 * sizeof (unsigned long))] & (1UL << (id % (8 * sizeof (unsigned long)))))
          CPU_SET (id, &have);
      have_text = format_id_set (&have);
      if (CPU_EQUAL (&want, &have))
        oci_check_pass (ctx, "linux.runtime.memory-policy");
      else
        oci_check_fail_values (ctx, "linux.runtime.memory-policy", "/linux/memoryPolicy/nodes", want_text,
                               have_text, "the memory policy has other nodes");
    }
  return TRUE;
}
