/* linux-opt-process.c — the Linux members of process: capabilities,
 * --privileged, AppArmor and SELinux labels, OOM score, scheduler, I/O
 * priority and exec CPU affinity
 *
 * Capability names are resolved through libcap: a name is known when
 * libcap knows it, and with --host-specific supported when the running
 * kernel has it.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/capability.h>

#include "linux-options-private.h"

#define CAPS "/process/capabilities"

static const char *const cap_sets[] = { "bounding", "effective", "inheritable", "permitted", "ambient" };

/* The host's last capability, from the kernel; libcap's count otherwise. */
static int
host_last_cap (void)
{
  g_autofree char *text = NULL;
  guint64 last;

  if (g_file_get_contents ("/proc/sys/kernel/cap_last_cap", &text, NULL, NULL)
      && g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, 63, &last, NULL))
    return (int) last;
  return cap_max_bits () - 1;
}

/* The libcap name of @value, or NULL when libcap knows it by number only. */
static char *
cap_known_name (cap_value_t value)
{
  char *name = cap_to_name (value);
  char *result = NULL;

  if (name && !g_ascii_isdigit (name[0]))
    result = g_ascii_strup (name, -1);
  cap_free (name);
  return result;
}

/* CAP_NAME in upper case, refused unless libcap knows it (and, with
 * --host-specific, this kernel supports it). */
static char *
cap_normalize (OciGenerateContext *gen, const OciOption *option, const char *value, const char *name,
               GError **error)
{
  g_autofree char *upper = g_ascii_strup (name, -1);
  g_autofree char *known = NULL;
  cap_value_t cap;

  if (!g_str_has_prefix (upper, "CAP_"))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "capability \"%s\" must start with CAP_", name));
      return NULL;
    }
  if (cap_from_name (upper, &cap) != 0 || (known = cap_known_name (cap)) == NULL || strcmp (known, upper) != 0)
    {
      g_propagate_error (error, oci_option_value_error (option, value, "unknown capability \"%s\"", name));
      return NULL;
    }
  if (oci_generate_context_is_host_specific (gen) && cap > host_last_cap ())
    {
      g_propagate_error (error, oci_option_value_error (option, value, "%s is not supported on this host", upper));
      return NULL;
    }
  return g_steal_pointer (&upper);
}

/* The sets an option edits: the one its pointer names, or all five. */
static void
option_sets (const OciOption *option, const char **sets, gsize *n)
{
  const char *slash = strrchr (option->pointer, '/');

  if (strcmp (option->pointer, CAPS) == 0)
    {
      memcpy (sets, cap_sets, sizeof cap_sets);
      *n = G_N_ELEMENTS (cap_sets);
      return;
    }
  sets[0] = slash + 1;
  *n = 1;
}

static gint
find_cap (JsonArray *list, const char *cap)
{
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonNode *e = json_array_get_element (list, i);
      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
          && g_ascii_strcasecmp (json_node_get_string (e), cap) == 0)
        return (gint) i;
    }
  return -1;
}

static void
cap_add (OciConfig *config, const char *set, const char *cap)
{
  g_autofree char *pointer = g_strconcat (CAPS "/", set, NULL);
  JsonArray *list = oci_config_ensure_array (config, pointer);

  if (find_cap (list, cap) < 0)
    json_array_add_string_element (list, cap);
}

/* Like the Go tool, the last name takes the place of the one dropped, so
 * that the output stays the same as its. */
static void
cap_drop (OciConfig *config, const char *set, const char *cap)
{
  g_autofree char *pointer = g_strconcat (CAPS "/", set, NULL);
  JsonArray *list = oci_config_get_array (config, pointer);
  gint at;

  while ((at = find_cap (list, cap)) >= 0)
    {
      guint last = json_array_get_length (list) - 1;
      if ((guint) at != last)
        {
          g_autofree char *slot = oci_json_pointer_append_index (pointer, (guint) at);
          oci_config_set_node (config, slot, json_node_copy (json_array_get_element (list, last)));
          list = oci_config_get_array (config, pointer);
        }
      json_array_remove_element (list, last);
    }
  if (list && json_array_get_length (list) == 0)
    oci_config_remove (config, pointer);
}

/* CAP[,CAP…]: every name is checked before any set changes. */
static gboolean
apply_caps (OciGenerateContext *gen, const OciOption *option, const char *value, gboolean add, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_auto(GStrv) names = g_strsplit (value ? value : "", ",", -1);
  g_autoptr(GPtrArray) caps = g_ptr_array_new_with_free_func (g_free);
  const char *sets[G_N_ELEMENTS (cap_sets)];
  gsize n;

  if (names[0] == NULL)
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected capability names"));
      return FALSE;
    }
  for (guint i = 0; names[i]; i++)
    {
      char *cap = cap_normalize (gen, option, value, names[i], error);
      if (cap == NULL)
        return FALSE;
      g_ptr_array_add (caps, cap);
    }
  option_sets (option, sets, &n);
  /* Dropping from a config without capabilities has nothing to do. */
  if (!add && !oci_config_has (config, CAPS))
    return TRUE;
  for (guint c = 0; c < caps->len; c++)
    for (gsize s = 0; s < n; s++)
      {
        if (add)
          cap_add (config, sets[s], caps->pdata[c]);
        else
          cap_drop (config, sets[s], caps->pdata[c]);
      }
  return TRUE;
}

static gboolean
apply_cap_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  return apply_caps (gen, option, value, TRUE, error);
}

static gboolean
apply_cap_drop (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  return apply_caps (gen, option, value, FALSE, error);
}

/* Empties the five sets; the capabilities object stays, as with the Go tool. */
static gboolean
apply_cap_drop_all (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  gboolean set;

  if (!oci_option_parse_bool (option, value, &set, error))
    return FALSE;
  if (!set || !oci_config_has (config, CAPS))
    return TRUE;
  for (gsize s = 0; s < G_N_ELEMENTS (cap_sets); s++)
    {
      g_autofree char *pointer = g_strconcat (CAPS "/", cap_sets[s], NULL);
      oci_config_remove (config, pointer);
    }
  return TRUE;
}

/* Every capability libcap knows (with --host-specific: that this kernel
 * has) in all five sets; no SELinux label, AppArmor profile or seccomp. */
static gboolean
apply_privileged (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  int last = oci_generate_context_is_host_specific (gen) ? host_last_cap () : G_MAXINT;
  gboolean set;

  if (!oci_option_parse_bool (option, value, &set, error))
    return FALSE;
  if (!set)
    return TRUE;
  for (gsize s = 0; s < G_N_ELEMENTS (cap_sets); s++)
    {
      g_autofree char *pointer = g_strconcat (CAPS "/", cap_sets[s], NULL);
      JsonArray *list;

      oci_config_remove (config, pointer);
      list = oci_config_ensure_array (config, pointer);
      for (int cap = 0; cap <= last; cap++)
        {
          g_autofree char *name = cap_known_name (cap);
          if (name == NULL)
            break;
          json_array_add_string_element (list, name);
        }
    }
  oci_config_remove (config, "/process/selinuxLabel");
  oci_config_remove (config, "/process/apparmorProfile");
  linux_opt_remove (config, "/linux/seccomp");
  return TRUE;
}

/* ---- scheduler, I/O priority, CPU affinity ---------------------------- */

static const char *const sched_policies[] = {
  "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE", NULL,
};
static const char *const sched_flags[] = {
  "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM", "SCHED_FLAG_DL_OVERRUN", "SCHED_FLAG_KEEP_POLICY",
  "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN", "SCHED_FLAG_UTIL_CLAMP_MAX", NULL,
};
static const char *const ioprio_classes[] = {
  "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE", NULL,
};

/* policy is REQUIRED: a scheduler started by another option gets
 * SCHED_OTHER, the kernel's default, until --process-scheduler-policy. */
static void
scheduler_ensure (OciConfig *config)
{
  if (!oci_config_has (config, "/process/scheduler/policy"))
    oci_config_set_string (config, "/process/scheduler/policy", "SCHED_OTHER");
}

static gboolean
apply_sched_policy (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (!linux_opt_check_enum (option, value, "POLICY", value, sched_policies, error))
    return FALSE;
  return oci_option_set_string (gen, option, value, error);
}

static gboolean
apply_sched_int32 (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gint64 v;

  if (!linux_opt_parse_signed (option, value, option->syntax, value, G_MININT32, G_MAXINT32, &v, error))
    return FALSE;
  scheduler_ensure (oci_generate_context_get_config (gen));
  oci_config_set_int (oci_generate_context_get_config (gen), option->pointer, v);
  return TRUE;
}

static gboolean
apply_sched_uint64 (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  guint64 v;

  if (!linux_opt_parse_unsigned (option, value, option->syntax, value, G_MAXINT64, &v, error))
    return FALSE;
  scheduler_ensure (oci_generate_context_get_config (gen));
  oci_config_set_int (oci_generate_context_get_config (gen), option->pointer, (gint64) v);
  return TRUE;
}

/* FLAG[,FLAG…], each added once. */
static gboolean
apply_sched_flags (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_auto(GStrv) flags = g_strsplit (value ? value : "", ",", -1);
  JsonArray *list;

  if (flags[0] == NULL)
    return linux_opt_check_enum (option, value, "FLAG", "", sched_flags, error);
  for (guint i = 0; flags[i]; i++)
    if (!linux_opt_check_enum (option, value, "FLAG", flags[i], sched_flags, error))
      return FALSE;
  scheduler_ensure (config);
  list = oci_config_ensure_array (config, option->pointer);
  for (guint i = 0; flags[i]; i++)
    {
      gboolean seen = FALSE;
      for (guint j = 0; j < json_array_get_length (list) && !seen; j++)
        seen = g_strcmp0 (json_array_get_string_element (list, j), flags[i]) == 0;
      if (!seen)
        json_array_add_string_element (list, flags[i]);
    }
  return TRUE;
}

/* CLASS:PRIORITY, e.g. IOPRIO_CLASS_BE:4. */
static gboolean
apply_ioprio (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_auto(GStrv) parts = linux_opt_split (option, value, 2, 2, error);
  guint64 prio;

  if (parts == NULL || !linux_opt_check_enum (option, value, "CLASS", parts[0], ioprio_classes, error)
      || !linux_opt_parse_unsigned (option, value, "PRIORITY", parts[1], 7, &prio, error))
    return FALSE;
  oci_config_remove (config, option->pointer);
  oci_config_set_string (config, "/process/ioPriority/class", parts[0]);
  oci_config_set_int (config, "/process/ioPriority/priority", (gint64) prio);
  return TRUE;
}

/* A CPU list such as "0-3,7"; empty removes the member. */
static gboolean
apply_cpu_affinity (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  const char *end = value ? value + strspn (value, "0123456789, -") : NULL;

  if (end == NULL || *end != '\0')
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "a CPU list has only digits, ',', '-' and spaces"));
      return FALSE;
    }
  if (*value != '\0')
    return oci_option_set_string (gen, option, value, error);
  oci_config_remove (config, option->pointer);
  if (json_object_get_size (oci_config_ensure_object (config, "/process/execCPUAffinity")) == 0)
    oci_config_remove (config, "/process/execCPUAffinity");
  return TRUE;
}

/* For completion: every capability name libcap knows. */
static char **
cap_values (const OciOption *option)
{
  GPtrArray *names = g_ptr_array_new ();
  char *name;

  for (cap_value_t cap = 0; (name = cap_known_name (cap)); cap++)
    g_ptr_array_add (names, name);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

#define CAP_SET_OPTIONS(set)                                                                        \
  { "process-cap-add-" set, "CAP[,CAP…]", "Add capabilities to the " set " set", OCI_OPTION_VALUE, \
    apply_cap_add, CAPS "/" set, NULL, cap_values },                                                \
  { "process-cap-drop-" set, "CAP[,CAP…]", "Drop capabilities from the " set " set",               \
    OCI_OPTION_VALUE, apply_cap_drop, CAPS "/" set, NULL, cap_values }

const OciOption linux_process_options[] = {
  { "process-cap-add", "CAP[,CAP…]", "Add capabilities (CAP_NAME, any case) to all five sets",
    OCI_OPTION_VALUE, apply_cap_add, CAPS, NULL, cap_values },
  { "process-cap-drop", "CAP[,CAP…]", "Drop capabilities from all five sets", OCI_OPTION_VALUE,
    apply_cap_drop, CAPS, NULL, cap_values },
  { "process-cap-drop-all", NULL, "Empty the five capability sets (capabilities added later stay)",
    OCI_OPTION_FLAG | OCI_OPTION_CLEARS, apply_cap_drop_all, CAPS },
  CAP_SET_OPTIONS ("ambient"),
  CAP_SET_OPTIONS ("bounding"),
  CAP_SET_OPTIONS ("effective"),
  CAP_SET_OPTIONS ("inheritable"),
  CAP_SET_OPTIONS ("permitted"),
  { "privileged", NULL, "Every known capability (with --host-specific: every one of this kernel) in all "
    "five sets; no SELinux label, AppArmor profile or seccomp filter", OCI_OPTION_FLAG, apply_privileged, CAPS },
  { "linux-apparmor", "PROFILE", "Set the AppArmor profile (empty: remove it)", OCI_OPTION_VALUE,
    linux_opt_set_string_omitempty, "/process/apparmorProfile" },
  { "linux-selinux-label", "LABEL", "Set the SELinux label of the process (empty: remove it)",
    OCI_OPTION_VALUE, linux_opt_set_string_omitempty, "/process/selinuxLabel" },
  { "linux-oom-score-adj", "ADJ", "Set process.oomScoreAdj", OCI_OPTION_VALUE, oci_option_set_int64,
    "/process/oomScoreAdj" },
  { "process-scheduler-policy", "POLICY", "Set the scheduling policy (SCHED_OTHER, SCHED_FIFO, SCHED_RR, "
    "SCHED_BATCH, SCHED_ISO, SCHED_IDLE, SCHED_DEADLINE); the other scheduler options start with SCHED_OTHER",
    OCI_OPTION_VALUE, apply_sched_policy, "/process/scheduler/policy", "1.1.0" },
  { "process-scheduler-nice", "NICE", "Set the scheduler's nice value", OCI_OPTION_VALUE, apply_sched_int32,
    "/process/scheduler/nice", "1.1.0" },
  { "process-scheduler-priority", "PRIORITY", "Set the static priority (SCHED_FIFO, SCHED_RR)",
    OCI_OPTION_VALUE, apply_sched_int32, "/process/scheduler/priority", "1.1.0" },
  { "process-scheduler-flags", "FLAG[,FLAG…]", "Add scheduler flags (SCHED_FLAG_RESET_ON_FORK, …)",
    OCI_OPTION_VALUE, apply_sched_flags, "/process/scheduler/flags", "1.1.0" },
  { "process-scheduler-runtime", "NANOSECONDS", "Set the SCHED_DEADLINE runtime", OCI_OPTION_VALUE,
    apply_sched_uint64, "/process/scheduler/runtime", "1.1.0" },
  { "process-scheduler-deadline", "NANOSECONDS", "Set the SCHED_DEADLINE deadline", OCI_OPTION_VALUE,
    apply_sched_uint64, "/process/scheduler/deadline", "1.1.0" },
  { "process-scheduler-period", "NANOSECONDS", "Set the SCHED_DEADLINE period", OCI_OPTION_VALUE,
    apply_sched_uint64, "/process/scheduler/period", "1.1.0" },
  { "process-ioprio", "CLASS:PRIORITY", "Set the I/O priority: IOPRIO_CLASS_RT, IOPRIO_CLASS_BE or "
    "IOPRIO_CLASS_IDLE, and a level from 0 (highest) to 7", OCI_OPTION_VALUE, apply_ioprio,
    "/process/ioPriority", "1.1.0" },
  { "process-exec-cpu-affinity-initial", "CPUS", "CPUs of an exec'd process before it joins the container "
    "cgroup (\"0-3,7\"; empty: remove)", OCI_OPTION_VALUE, apply_cpu_affinity,
    "/process/execCPUAffinity/initial", "1.2.1" },
  { "process-exec-cpu-affinity-final", "CPUS", "CPUs of an exec'd process once in the container cgroup "
    "(empty: remove)", OCI_OPTION_VALUE, apply_cpu_affinity, "/process/execCPUAffinity/final", "1.2.1" },
};
const gsize linux_process_options_count = G_N_ELEMENTS (linux_process_options);
