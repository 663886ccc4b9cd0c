/* linux-opt-resources.c — cgroups: the path, the device controller, block
 * I/O, CPU, memory, huge pages, network, pids, RDMA and cgroup v2 keys
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-options-private.h"

#define RES "/linux/resources"

/* ---- device controller ------------------------------------------------ */

typedef struct
{
  gboolean allow;
  const char *type;
  gboolean has_major, has_minor;
  gint64 major, minor;
  const char *access;
} DeviceRule;

/* One KEY=VALUE of a device rule. */
static gboolean
device_rule_field (const OciOption *option, const char *value, char *field, DeviceRule *rule, GError **error)
{
  static const char *const types[] = { "a", "b", "c", NULL };
  char *eq = strchr (field, '=');
  const char *v;

  if (eq == NULL)
    goto bad;
  *eq = '\0';
  v = eq + 1;
  if (strcmp (field, "type") == 0)
    {
      rule->type = v;
      return linux_opt_check_enum (option, value, "type", v, types, error);
    }
  if (strcmp (field, "major") == 0)
    return rule->has_major = TRUE,
           linux_opt_parse_signed (option, value, "major", v, G_MININT64, G_MAXINT64, &rule->major, error);
  if (strcmp (field, "minor") == 0)
    return rule->has_minor = TRUE,
           linux_opt_parse_signed (option, value, "minor", v, G_MININT64, G_MAXINT64, &rule->minor, error);
  if (strcmp (field, "access") == 0 && strspn (v, "rwm") == strlen (v))
    {
      rule->access = v;
      return TRUE;
    }
  *eq = '=';
bad:
  g_propagate_error (error, oci_option_value_error (option, value,
                                                    "\"%s\" is not type=a|b|c, major=N, minor=N or access=[rwm]",
                                                    field));
  return FALSE;
}

/* allow|deny[,type=a|b|c][,major=N][,minor=N][,access=rwm]; @fields keeps
 * the strings @rule points to. */
static gboolean
parse_device_rule (const OciOption *option, const char *value, GStrv *fields, DeviceRule *rule, GError **error)
{
  *fields = g_strsplit (value ? value : "", ",", -1);
  memset (rule, 0, sizeof *rule);
  if (g_strcmp0 ((*fields)[0], "allow") != 0 && g_strcmp0 ((*fields)[0], "deny") != 0)
    {
      g_propagate_error (error, oci_option_value_error (option, value, "the rule must start with allow or deny"));
      return FALSE;
    }
  rule->allow = strcmp ((*fields)[0], "allow") == 0;
  for (guint i = 1; (*fields)[i]; i++)
    {
      g_strstrip ((*fields)[i]);
      if (*(*fields)[i] != '\0' && !device_rule_field (option, value, (*fields)[i], rule, error))
        return FALSE;
    }
  return TRUE;
}

/* NULL for an absent or empty string: the Go bindings do not tell them apart. */
static const char *
non_empty (const char *s)
{
  return s && *s ? s : NULL;
}

static gboolean
rule_matches (JsonObject *o, const DeviceRule *rule)
{
  gboolean allow = FALSE;
  gint64 n;

  if (json_object_has_member (o, "allow"))
    allow = json_object_get_boolean_member_with_default (o, "allow", FALSE);
  if (allow != rule->allow || g_strcmp0 (non_empty (oci_json_object_get_string (o, "type")), non_empty (rule->type)) != 0
      || g_strcmp0 (non_empty (oci_json_object_get_string (o, "access")), non_empty (rule->access)) != 0)
    return FALSE;
  if (oci_json_object_get_int (o, "major", &n) != rule->has_major || (rule->has_major && n != rule->major))
    return FALSE;
  if (oci_json_object_get_int (o, "minor", &n) != rule->has_minor || (rule->has_minor && n != rule->minor))
    return FALSE;
  return TRUE;
}

static gboolean
apply_device_cgroup (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_auto(GStrv) fields = NULL;
  DeviceRule rule;
  JsonArray *rules;
  JsonObject *o;

  if (!parse_device_rule (option, value, &fields, &rule, error))
    return FALSE;
  if (g_str_has_suffix (option->name, "-remove"))
    {
      rules = oci_config_get_array (config, option->pointer);
      for (guint i = 0; rules && i < json_array_get_length (rules); i++)
        {
          JsonNode *e = json_array_get_element (rules, i);
          if (JSON_NODE_HOLDS_OBJECT (e) && rule_matches (json_node_get_object (e), &rule))
            {
              linux_opt_remove_element (config, option->pointer, i);
              break;
            }
        }
      return TRUE;
    }
  o = linux_opt_append_object (config, option->pointer);
  json_object_set_boolean_member (o, "allow", rule.allow);
  if (rule.type && *rule.type)
    json_object_set_string_member (o, "type", rule.type);
  if (rule.has_major)
    json_object_set_int_member (o, "major", rule.major);
  if (rule.has_minor)
    json_object_set_int_member (o, "minor", rule.minor);
  if (rule.access && *rule.access)
    json_object_set_string_member (o, "access", rule.access);
  return TRUE;
}

/* ---- block I/O -------------------------------------------------------- */

/* Index of the {major, minor} entry of the array at @pointer, or -1. */
static gint
find_device (OciConfig *config, const char *pointer, gint64 major, gint64 minor)
{
  JsonArray *a = oci_config_get_array (config, pointer);

  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      gint64 ma, mi;
      if (JSON_NODE_HOLDS_OBJECT (e) && oci_json_object_get_int (json_node_get_object (e), "major", &ma)
          && oci_json_object_get_int (json_node_get_object (e), "minor", &mi) && ma == major && mi == minor)
        return (gint) i;
    }
  return -1;
}

/* MAJOR:MINOR:N with N from -1 to @max; -1 drops. */
static gboolean
parse_device_value (const OciOption *option, const char *value, gint64 max, gint64 *major, gint64 *minor,
                    gint64 *n, GError **error)
{
  g_auto(GStrv) parts = linux_opt_split (option, value, 3, 3, error);

  return parts && linux_opt_parse_signed (option, value, "MAJOR", parts[0], G_MININT64, G_MAXINT64, major, error)
         && linux_opt_parse_signed (option, value, "MINOR", parts[1], G_MININT64, G_MAXINT64, minor, error)
         && linux_opt_parse_signed (option, value, "the last field", parts[2], -1, max, n, error);
}

/* --linux-blkio-weight-device and -leaf-weight-device: option->pointer is
 * .../weightDevice/weight or .../weightDevice/leafWeight. An entry loses
 * the member on -1, and goes when it has neither weight left. */
static gboolean
apply_weight_device (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  const char *member = strrchr (option->pointer, '/') + 1;
  g_autofree char *list = g_strndup (option->pointer, member - 1 - option->pointer);
  gint64 major, minor, weight;
  JsonObject *o;
  gint at;

  if (!parse_device_value (option, value, G_MAXUINT16, &major, &minor, &weight, error))
    return FALSE;
  at = find_device (config, list, major, minor);
  if (weight < 0)
    {
      if (at < 0)
        return TRUE;
      o = json_array_get_object_element (oci_config_get_array (config, list), (guint) at);
      json_object_remove_member (o, member);
      if (!json_object_has_member (o, "weight") && !json_object_has_member (o, "leafWeight"))
        linux_opt_remove_element (config, list, (guint) at);
      return TRUE;
    }
  if (at < 0)
    {
      o = linux_opt_append_object (config, list);
      json_object_set_int_member (o, "major", major);
      json_object_set_int_member (o, "minor", minor);
    }
  else
    o = json_array_get_object_element (oci_config_get_array (config, list), (guint) at);
  json_object_set_int_member (o, member, weight);
  return TRUE;
}

/* MAJOR:MINOR:RATE, RATE -1 drops the device's entry. */
static gboolean
apply_throttle_device (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  gint64 major, minor, rate;
  JsonObject *o;
  gint at;

  if (!parse_device_value (option, value, G_MAXINT64, &major, &minor, &rate, error))
    return FALSE;
  at = find_device (config, option->pointer, major, minor);
  if (rate < 0)
    {
      if (at >= 0)
        linux_opt_remove_element (config, option->pointer, (guint) at);
      return TRUE;
    }
  if (at < 0)
    {
      o = linux_opt_append_object (config, option->pointer);
      json_object_set_int_member (o, "major", major);
      json_object_set_int_member (o, "minor", minor);
    }
  else
    o = json_array_get_object_element (oci_config_get_array (config, option->pointer), (guint) at);
  json_object_set_int_member (o, "rate", rate);
  return TRUE;
}

/* ---- huge pages, network, RDMA, unified ------------------------------- */

/* The page size form of 1.0.2 and later (2MB, 1GB). */
static gboolean
page_size_valid (const char *size)
{
  gsize digits = strspn (size, "0123456789");

  return digits > 0 && size[0] != '0' && strchr ("KMG", size[digits]) && size[digits] != '\0'
         && strcmp (size + digits + 1, "B") == 0;
}

/* SIZE:LIMIT; the limit of the same page size is updated in place. */
static gboolean
apply_hugepage_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_auto(GStrv) parts = linux_opt_split (option, value, 2, 2, error);
  guint64 limit;
  JsonObject *o;
  gint at;

  if (parts == NULL || !linux_opt_parse_unsigned (option, value, "LIMIT", parts[1], G_MAXINT64, &limit, error))
    return FALSE;
  if (*parts[0] == '\0' || (linux_opt_release_at_least (gen, "1.0.2") && !page_size_valid (parts[0])))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "SIZE \"%s\" is not a page size such as 2MB or 1GB", parts[0]));
      return FALSE;
    }
  at = linux_opt_find_by_string (oci_config_get_array (config, option->pointer), "pageSize", parts[0]);
  if (at >= 0)
    o = json_array_get_object_element (oci_config_get_array (config, option->pointer), (guint) at);
  else
    {
      o = linux_opt_append_object (config, option->pointer);
      json_object_set_string_member (o, "pageSize", parts[0]);
    }
  json_object_set_int_member (o, "limit", (gint64) limit);
  return TRUE;
}

static gboolean
apply_hugepage_drop (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  gint at = linux_opt_find_by_string (oci_config_get_array (config, option->pointer), "pageSize", value);

  if (at >= 0)
    linux_opt_remove_element (config, option->pointer, (guint) at);
  return TRUE;
}

/* IFACE:PRIORITY, PRIORITY -1 drops the interface's entry. */
static gboolean
apply_net_priority (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_auto(GStrv) parts = linux_opt_split (option, value, 2, 2, error);
  gint64 prio;
  JsonObject *o;
  gint at;

  if (parts == NULL || !linux_opt_parse_signed (option, value, "PRIORITY", parts[1], -1, G_MAXUINT32, &prio, error))
    return FALSE;
  if (*parts[0] == '\0')
    {
      g_propagate_error (error, oci_option_value_error (option, value, "the interface name cannot be empty"));
      return FALSE;
    }
  at = linux_opt_find_by_string (oci_config_get_array (config, option->pointer), "name", parts[0]);
  if (prio < 0)
    {
      if (at >= 0)
        linux_opt_remove_element (config, option->pointer, (guint) at);
      return TRUE;
    }
  if (at >= 0)
    o = json_array_get_object_element (oci_config_get_array (config, option->pointer), (guint) at);
  else
    {
      o = linux_opt_append_object (config, option->pointer);
      json_object_set_string_member (o, "name", parts[0]);
    }
  json_object_set_int_member (o, "priority", prio);
  return TRUE;
}

/* DEVICE:HCAHANDLES:HCAOBJECTS, either limit may be empty (unset). */
static gboolean
apply_rdma_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_auto(GStrv) parts = linux_opt_split (option, value, 3, 3, error);
  static const char *const members[] = { "hcaHandles", "hcaObjects" };
  g_autofree char *pointer = NULL;
  guint64 v[2] = { 0, 0 };
  JsonObject *o;

  if (parts == NULL)
    return FALSE;
  if (*parts[0] == '\0')
    {
      g_propagate_error (error, oci_option_value_error (option, value, "the device name cannot be empty"));
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    if (*parts[i + 1] && !linux_opt_parse_unsigned (option, value, i == 0 ? "HCAHANDLES" : "HCAOBJECTS",
                                                    parts[i + 1], G_MAXUINT32, &v[i], error))
      return FALSE;
  pointer = oci_json_pointer_append (option->pointer, parts[0]);
  oci_config_remove (config, pointer);
  o = oci_config_ensure_object (config, pointer);
  for (guint i = 0; i < 2; i++)
    if (*parts[i + 1])
      json_object_set_int_member (o, members[i], (gint64) v[i]);
  return TRUE;
}

static gboolean
apply_map_remove (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_autofree char *pointer = oci_json_pointer_append (option->pointer, value ? value : "");
  JsonObject *map;

  oci_config_remove (config, pointer);
  map = oci_config_get_object (config, option->pointer);
  if (map && json_object_get_size (map) == 0)
    oci_config_remove (config, option->pointer);
  return TRUE;
}

/* KEY=VALUE into the string map at option->pointer (VALUE may hold '='). */
static gboolean
apply_map_set (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  const char *eq = value ? strchr (value, '=') : NULL;
  g_autofree char *key = NULL;
  g_autofree char *pointer = NULL;

  if (eq == NULL || eq == value)
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected a non-empty KEY, '=' and a VALUE"));
      return FALSE;
    }
  key = g_strndup (value, eq - value);
  pointer = oci_json_pointer_append (option->pointer, key);
  oci_config_set_string (oci_generate_context_get_config (gen), pointer, eq + 1);
  return TRUE;
}

#define THROTTLE(name, member, what)                                                                     \
  { "linux-blkio-" name "-device", "MAJOR:MINOR:RATE", "Limit " what " of a device (RATE -1: remove the " \
    "limit)", OCI_OPTION_VALUE, apply_throttle_device, RES "/blockIO/" member }

const OciOption linux_resource_options[] = {
  { "linux-cgroups-path", "PATH", "Set the cgroups path (empty: remove it)", OCI_OPTION_VALUE,
    linux_opt_set_string_omitempty, "/linux/cgroupsPath" },
  { "linux-device-cgroup-add", "allow|deny[,type=a|b|c][,major=N][,minor=N][,access=rwm]",
    "Append a rule of the device controller", OCI_OPTION_VALUE, apply_device_cgroup, RES "/devices" },
  { "linux-device-cgroup-remove", "allow|deny[,type=a|b|c][,major=N][,minor=N][,access=rwm]",
    "Remove the first rule equal to this one", OCI_OPTION_VALUE, apply_device_cgroup, RES "/devices" },
  /* block I/O */
  { "linux-blkio-weight", "WEIGHT", "Set the block I/O weight", OCI_OPTION_VALUE, linux_opt_set_uint16,
    RES "/blockIO/weight" },
  { "linux-blkio-leaf-weight", "WEIGHT", "Set the block I/O leaf weight", OCI_OPTION_VALUE,
    linux_opt_set_uint16, RES "/blockIO/leafWeight" },
  { "linux-blkio-weight-device", "MAJOR:MINOR:WEIGHT", "Set the weight of a device (WEIGHT -1: remove it)",
    OCI_OPTION_VALUE, apply_weight_device, RES "/blockIO/weightDevice/weight" },
  { "linux-blkio-leaf-weight-device", "MAJOR:MINOR:WEIGHT", "Set the leaf weight of a device (WEIGHT -1: "
    "remove it)", OCI_OPTION_VALUE, apply_weight_device, RES "/blockIO/weightDevice/leafWeight" },
  THROTTLE ("read-bps", "throttleReadBpsDevice", "reads (bytes per second)"),
  THROTTLE ("read-iops", "throttleReadIOPSDevice", "reads (operations per second)"),
  THROTTLE ("write-bps", "throttleWriteBpsDevice", "writes (bytes per second)"),
  THROTTLE ("write-iops", "throttleWriteIOPSDevice", "writes (operations per second)"),
  /* CPU */
  { "linux-cpu-shares", "SHARES", "Set the CPU shares", OCI_OPTION_VALUE, oci_option_set_uint64,
    RES "/cpu/shares" },
  { "linux-cpu-quota", "MICROSECONDS", "Set the CPU quota per period", OCI_OPTION_VALUE, oci_option_set_int64,
    RES "/cpu/quota" },
  { "linux-cpu-burst", "MICROSECONDS", "Set the CPU burst above the quota", OCI_OPTION_VALUE,
    oci_option_set_uint64, RES "/cpu/burst", "1.1.0" },
  { "linux-cpu-period", "MICROSECONDS", "Set the CPU period", OCI_OPTION_VALUE, oci_option_set_uint64,
    RES "/cpu/period" },
  { "linux-realtime-runtime", "MICROSECONDS", "Set the real-time runtime per period", OCI_OPTION_VALUE,
    oci_option_set_int64, RES "/cpu/realtimeRuntime" },
  { "linux-realtime-period", "MICROSECONDS", "Set the real-time period", OCI_OPTION_VALUE,
    oci_option_set_uint64, RES "/cpu/realtimePeriod" },
  { "linux-cpus", "CPUS", "Set the cpuset CPUs (\"0-3,7\"; empty: remove)", OCI_OPTION_VALUE,
    linux_opt_set_string_omitempty, RES "/cpu/cpus" },
  { "linux-mems", "MEMS", "Set the cpuset memory nodes (empty: remove)", OCI_OPTION_VALUE,
    linux_opt_set_string_omitempty, RES "/cpu/mems" },
  { "linux-cpu-idle", "IDLE", "Set cpu.idle (1: SCHED_IDLE for the cgroup)", OCI_OPTION_VALUE,
    oci_option_set_int64, RES "/cpu/idle", "1.1.0" },
  /* memory */
  { "linux-mem-limit", "BYTES", "Set the memory limit (-1: unlimited)", OCI_OPTION_VALUE, oci_option_set_int64,
    RES "/memory/limit" },
  { "linux-mem-reservation", "BYTES", "Set the memory soft limit", OCI_OPTION_VALUE, oci_option_set_int64,
    RES "/memory/reservation" },
  { "linux-mem-swap", "BYTES", "Set the memory+swap limit", OCI_OPTION_VALUE, oci_option_set_int64,
    RES "/memory/swap" },
  { "linux-mem-kernel-limit", "BYTES", "Set the kernel memory limit (deprecated by the spec)",
    OCI_OPTION_VALUE, oci_option_set_int64, RES "/memory/kernel" },
  { "linux-mem-kernel-tcp", "BYTES", "Set the kernel TCP buffer memory limit", OCI_OPTION_VALUE,
    oci_option_set_int64, RES "/memory/kernelTCP" },
  { "linux-mem-swappiness", "SWAPPINESS", "Set the swappiness (0 to 100)", OCI_OPTION_VALUE,
    oci_option_set_uint64, RES "/memory/swappiness" },
  { "linux-disable-oom-kill", NULL, "Set memory.disableOOMKiller", OCI_OPTION_FLAG, oci_option_set_bool,
    RES "/memory/disableOOMKiller" },
  { "linux-mem-use-hierarchy", NULL, "Set memory.useHierarchy", OCI_OPTION_FLAG, oci_option_set_bool,
    RES "/memory/useHierarchy", "1.0.2" },
  { "linux-mem-check-before-update", NULL, "Set memory.checkBeforeUpdate: refuse a limit below the usage",
    OCI_OPTION_FLAG, oci_option_set_bool, RES "/memory/checkBeforeUpdate", "1.1.0" },
  /* huge pages, network, pids, RDMA, unified */
  { "linux-hugepage-limits-add", "SIZE:LIMIT", "Limit huge pages of SIZE (2MB) to LIMIT bytes; updates "
    "the limit of the same size", OCI_OPTION_VALUE, apply_hugepage_add, RES "/hugepageLimits" },
  { "linux-hugepage-limits-drop", "SIZE", "Remove the huge page limit of SIZE", OCI_OPTION_VALUE,
    apply_hugepage_drop, RES "/hugepageLimits" },
  { "linux-network-classid", "CLASSID", "Set the network class identifier", OCI_OPTION_VALUE,
    linux_opt_set_uint32, RES "/network/classID" },
  { "linux-network-priorities", "IFACE:PRIORITY", "Set the priority of traffic on IFACE (PRIORITY -1: "
    "remove it)", OCI_OPTION_VALUE, apply_net_priority, RES "/network/priorities" },
  { "linux-pids-limit", "LIMIT", "Set the maximum number of tasks (-1: unlimited)", OCI_OPTION_VALUE,
    oci_option_set_int64, RES "/pids/limit" },
  { "linux-rdma-add", "DEVICE:HCAHANDLES:HCAOBJECTS", "Limit the RDMA handles and objects of DEVICE "
    "(an empty field leaves that limit unset)", OCI_OPTION_VALUE, apply_rdma_add, RES "/rdma", "1.0.2" },
  { "linux-rdma-remove", "DEVICE", "Remove the RDMA limits of DEVICE", OCI_OPTION_VALUE, apply_map_remove,
    RES "/rdma", "1.0.2" },
  { "linux-unified", "KEY=VALUE", "Set cgroup v2 file KEY (memory.high) to VALUE", OCI_OPTION_VALUE,
    apply_map_set, RES "/unified", "1.1.0" },
  { "linux-unified-remove", "KEY", "Remove cgroup v2 file KEY", OCI_OPTION_VALUE, apply_map_remove,
    RES "/unified", "1.1.0" },
};
const gsize linux_resource_options_count = G_N_ELEMENTS (linux_resource_options);
