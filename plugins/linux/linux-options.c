/* linux-options.c — generate options, defaults and field order of config-linux.md
 *
 * The options of each area live in options/ (process members, namespaces
 * and devices, cgroup resources); this file has the rest of the linux
 * section (sysctl, paths, propagation, labels, Intel RDT, memory policy,
 * personality), registers every table, and holds the defaults and the
 * output member order.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-plugin.h"
#include "options/linux-options-private.h"
#include "seccomp/linux-seccomp.h"

/* ---- the rest of the linux section ------------------------------------ */

/* KEY=VALUE (VALUE may hold '='). */
static gboolean
apply_sysctl (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
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

/* The spec's four values, and the recursive forms the Go tool (and runc)
 * also accept; empty removes the member. */
static const char *const propagations[] = {
  "private", "shared", "slave", "unbindable", "rprivate", "rshared", "rslave", "runbindable", NULL,
};

static gboolean
apply_propagation (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (value && *value && !linux_opt_check_enum (option, value, "propagation", value, propagations, error))
    return FALSE;
  return linux_opt_set_string_omitempty (gen, option, value, error);
}

/* enableCMT and enableMBM lived from 1.1.0 until 1.3.0 replaced them. */
static gboolean
apply_rdt_legacy_flag (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (linux_opt_release_at_least (gen, "1.3.0"))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "this field was removed in runtime-spec 1.3.0 (use "
                                                        "--linux-intelRdt-enableMonitoring), target %s, or "
                                                        "give --spec-version 1.2.1",
                                                        oci_generate_context_get_release (gen)));
      return FALSE;
    }
  return linux_opt_set_bool_omitempty (gen, option, value, error);
}

static gboolean
apply_mem_bw_schema (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (value && *value && (!g_str_has_prefix (value, "MB:") || strchr (value, '\n')))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "the schema is one line starting with MB:"));
      return FALSE;
    }
  return linux_opt_set_string_omitempty (gen, option, value, error);
}

static const char *const mpol_modes[] = {
  "MPOL_DEFAULT", "MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_WEIGHTED_INTERLEAVE", "MPOL_PREFERRED",
  "MPOL_PREFERRED_MANY", "MPOL_LOCAL", NULL,
};
static const char *const mpol_flags[] = {
  "MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES", NULL,
};

static gboolean
apply_mpol_mode (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (!linux_opt_check_enum (option, value, "MODE", value, mpol_modes, error))
    return FALSE;
  return oci_option_set_string (gen, option, value, error);
}

/* mode is REQUIRED: nodes and flags come after it. */
static gboolean
mpol_has_mode (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (oci_config_has (oci_generate_context_get_config (gen), "/linux/memoryPolicy/mode"))
    return TRUE;
  g_propagate_error (error, oci_option_value_error (option, value,
                                                    "the memory policy has no mode yet: give "
                                                    "--linux-memory-policy-mode first"));
  return FALSE;
}

static gboolean
apply_mpol_nodes (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (!mpol_has_mode (gen, option, value, error))
    return FALSE;
  return oci_option_set_string (gen, option, value, error);
}

/* Appends @value to the string list at option->pointer unless present. */
static void
append_unique (OciConfig *config, const char *pointer, const char *value)
{
  JsonArray *list = oci_config_ensure_array (config, pointer);

  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_strcmp0 (json_array_get_string_element (list, i), value) == 0)
      return;
  json_array_add_string_element (list, value);
}

static gboolean
apply_mpol_flag (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (!mpol_has_mode (gen, option, value, error)
      || !linux_opt_check_enum (option, value, "FLAG", value, mpol_flags, error))
    return FALSE;
  append_unique (oci_generate_context_get_config (gen), option->pointer, value);
  return TRUE;
}

static const char *const personality_domains[] = { "LINUX", "LINUX32", NULL };

static gboolean
apply_personality_domain (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (!linux_opt_check_enum (option, value, "DOMAIN", value, personality_domains, error))
    return FALSE;
  return oci_option_set_string (gen, option, value, error);
}

/* domain is REQUIRED: a personality started by a flag gets LINUX. */
static gboolean
apply_personality_flag (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);

  if (value == NULL || *value == '\0')
    {
      g_propagate_error (error, oci_option_value_error (option, value, "the flag cannot be empty"));
      return FALSE;
    }
  if (!oci_config_has (config, "/linux/personality/domain"))
    oci_config_set_string (config, "/linux/personality/domain", "LINUX");
  append_unique (config, option->pointer, value);
  return TRUE;
}

static const OciOption linux_options[] = {
  { "linux-sysctl", "KEY=VALUE", "Set a kernel parameter (net.ipv4.ip_forward=1)", OCI_OPTION_VALUE,
    apply_sysctl, "/linux/sysctl" },
  { "linux-masked-paths", "PATH", "Add a path masked in the container (repeatable)", OCI_OPTION_VALUE,
    oci_option_append_string, "/linux/maskedPaths" },
  { "linux-readonly-paths", "PATH", "Add a path made read-only in the container (repeatable)",
    OCI_OPTION_VALUE, oci_option_append_string, "/linux/readonlyPaths" },
  { "linux-rootfs-propagation", "MODE", "Set the root mount propagation: private, shared, slave or "
    "unbindable (the spec's), rprivate, rshared, rslave or runbindable (runc's); empty: remove",
    OCI_OPTION_VALUE, apply_propagation, "/linux/rootfsPropagation" },
  { "linux-mount-label", "LABEL", "Set the SELinux label of the container's mounts (empty: remove it)",
    OCI_OPTION_VALUE, linux_opt_set_string_omitempty, "/linux/mountLabel" },
  /* Intel RDT */
  { "linux-intelRdt-closid", "CLOSID", "Set the resctrl class of service (empty: remove it)",
    OCI_OPTION_VALUE, linux_opt_set_string_omitempty, "/linux/intelRdt/closID", "1.0.2" },
  { "linux-intelRdt-l3CacheSchema", "SCHEMA", "Set the L3 cache schema (L3:0=ff;1=ff)", OCI_OPTION_VALUE,
    linux_opt_set_string_omitempty, "/linux/intelRdt/l3CacheSchema" },
  { "linux-intelRdt-memBwSchema", "SCHEMA", "Set the memory bandwidth schema (MB:0=70;1=70)",
    OCI_OPTION_VALUE, apply_mem_bw_schema, "/linux/intelRdt/memBwSchema", "1.0.2" },
  { "linux-intelRdt-schemata", "LINE", "Add a line of the resctrl schemata file (repeatable)",
    OCI_OPTION_VALUE, oci_option_append_string, "/linux/intelRdt/schemata", "1.3.0" },
  { "linux-intelRdt-enableMonitoring", NULL, "Enable resctrl monitoring", OCI_OPTION_FLAG,
    linux_opt_set_bool_omitempty, "/linux/intelRdt/enableMonitoring", "1.3.0" },
  { "linux-intelRdt-enableCMT", NULL, "Enable cache monitoring (runtime-spec 1.1.0 to 1.2.1)",
    OCI_OPTION_FLAG, apply_rdt_legacy_flag, "/linux/intelRdt/enableCMT", "1.1.0" },
  { "linux-intelRdt-enableMBM", NULL, "Enable memory bandwidth monitoring (runtime-spec 1.1.0 to 1.2.1)",
    OCI_OPTION_FLAG, apply_rdt_legacy_flag, "/linux/intelRdt/enableMBM", "1.1.0" },
  /* memory policy, personality */
  { "linux-memory-policy-mode", "MODE", "Set the NUMA memory policy mode (MPOL_DEFAULT, MPOL_BIND, "
    "MPOL_INTERLEAVE, MPOL_WEIGHTED_INTERLEAVE, MPOL_PREFERRED, MPOL_PREFERRED_MANY, MPOL_LOCAL)",
    OCI_OPTION_VALUE, apply_mpol_mode, "/linux/memoryPolicy/mode", "1.3.0" },
  { "linux-memory-policy-nodes", "NODES", "Set the memory policy's nodes (\"0-3,7\"), after its mode",
    OCI_OPTION_VALUE, apply_mpol_nodes, "/linux/memoryPolicy/nodes", "1.3.0" },
  { "linux-memory-policy-flags", "FLAG", "Add a memory policy flag (MPOL_F_NUMA_BALANCING, "
    "MPOL_F_RELATIVE_NODES, MPOL_F_STATIC_NODES), after its mode", OCI_OPTION_VALUE, apply_mpol_flag,
    "/linux/memoryPolicy/flags", "1.3.0" },
  { "linux-personality-domain", "DOMAIN", "Set the execution domain: LINUX or LINUX32", OCI_OPTION_VALUE,
    apply_personality_domain, "/linux/personality/domain", "1.0.2" },
  { "linux-personality-flags", "FLAG", "Add a personality flag; a personality started this way has the "
    "LINUX domain", OCI_OPTION_VALUE, apply_personality_flag, "/linux/personality/flags", "1.0.2" },
};

/* ---- defaults --------------------------------------------------------- */

static const char *const default_caps[] = {
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
  "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
  "CAP_AUDIT_WRITE",
};
static const char *const default_cap_sets[] = { "bounding", "effective", "inheritable", "permitted", "ambient" };

typedef struct
{
  const char *destination;
  const char *type;
  const char *source;
  const char *options; /* comma-separated */
} DefaultMount;

static const DefaultMount default_mounts[] = {
  { "/proc", "proc", "proc", "nosuid,noexec,nodev" },
  { "/dev", "tmpfs", "tmpfs", "nosuid,strictatime,mode=755,size=65536k" },
  { "/dev/pts", "devpts", "devpts", "nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5" },
  { "/dev/shm", "tmpfs", "shm", "nosuid,noexec,nodev,mode=1777,size=65536k" },
  { "/dev/mqueue", "mqueue", "mqueue", "nosuid,noexec,nodev" },
  { "/sys", "sysfs", "sysfs", "nosuid,noexec,nodev,ro" },
};
static const char *const default_namespaces[] = { "pid", "network", "ipc", "uts", "mount" };

/* The Linux part of the Go tool's default config (generate.New("linux")),
 * then the seccomp profile, which depends on the capabilities. */
static gboolean
linux_defaults (OciGenerateContext *gen, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  JsonObject *rule;

  if (g_strcmp0 (oci_generate_context_get_os (gen), "linux") != 0)
    return TRUE;
  for (gsize s = 0; s < G_N_ELEMENTS (default_cap_sets); s++)
    {
      g_autofree char *pointer = g_strconcat ("/process/capabilities/", default_cap_sets[s], NULL);
      JsonArray *set = oci_config_ensure_array (config, pointer);

      for (gsize c = 0; set && c < G_N_ELEMENTS (default_caps); c++)
        json_array_add_string_element (set, default_caps[c]);
    }
  for (gsize m = 0; m < G_N_ELEMENTS (default_mounts); m++)
    {
      JsonObject *mount = linux_opt_append_object (config, "/mounts");
      g_auto(GStrv) options = g_strsplit (default_mounts[m].options, ",", -1);
      JsonArray *list = json_array_new ();

      json_object_set_string_member (mount, "destination", default_mounts[m].destination);
      json_object_set_string_member (mount, "type", default_mounts[m].type);
      json_object_set_string_member (mount, "source", default_mounts[m].source);
      for (guint i = 0; options[i]; i++)
        json_array_add_string_element (list, options[i]);
      json_object_set_array_member (mount, "options", list);
    }
  rule = linux_opt_append_object (config, "/linux/resources/devices");
  json_object_set_boolean_member (rule, "allow", FALSE);
  json_object_set_string_member (rule, "access", "rwm");
  for (gsize n = 0; n < G_N_ELEMENTS (default_namespaces); n++)
    json_object_set_string_member (linux_opt_append_object (config, "/linux/namespaces"), "type",
                                   default_namespaces[n]);
  return linux_seccomp_defaults (gen, error);
}

/* ---- field order ------------------------------------------------------ */

/* specs-go v1.3.0 struct field order; enableCMT and enableMBM (1.1.0 to
 * 1.2.1) where the 1.1.0 struct had them. */
static const char *const linux_order[] = {
  "uidMappings", "gidMappings", "sysctl", "resources", "cgroupsPath", "namespaces", "devices",
  "netDevices", "seccomp", "rootfsPropagation", "maskedPaths", "readonlyPaths", "mountLabel",
  "intelRdt", "memoryPolicy", "personality", "timeOffsets", NULL,
};
static const char *const idmapping_order[] = { "containerID", "hostID", "size", NULL };
static const char *const namespace_order[] = { "type", "path", NULL };
static const char *const device_order[] = { "path", "type", "major", "minor", "fileMode", "uid", "gid", NULL };
static const char *const net_device_order[] = { "name", NULL };
static const char *const resources_order[] = {
  "devices", "memory", "cpu", "pids", "blockIO", "hugepageLimits", "network", "rdma", "unified", NULL,
};
static const char *const device_cgroup_order[] = { "allow", "type", "major", "minor", "access", NULL };
static const char *const memory_order[] = {
  "limit", "reservation", "swap", "kernel", "kernelTCP", "swappiness", "disableOOMKiller", "useHierarchy",
  "checkBeforeUpdate", NULL,
};
static const char *const cpu_order[] = {
  "shares", "quota", "burst", "period", "realtimeRuntime", "realtimePeriod", "cpus", "mems", "idle", NULL,
};
static const char *const pids_order[] = { "limit", NULL };
static const char *const blkio_order[] = {
  "weight", "leafWeight", "weightDevice", "throttleReadBpsDevice", "throttleWriteBpsDevice",
  "throttleReadIOPSDevice", "throttleWriteIOPSDevice", NULL,
};
static const char *const weight_device_order[] = { "major", "minor", "weight", "leafWeight", NULL };
static const char *const throttle_device_order[] = { "major", "minor", "rate", NULL };
static const char *const hugepage_order[] = { "pageSize", "limit", NULL };
static const char *const network_order[] = { "classID", "priorities", NULL };
static const char *const priority_order[] = { "name", "priority", NULL };
static const char *const rdma_order[] = { "hcaHandles", "hcaObjects", NULL };
static const char *const intel_rdt_order[] = {
  "closID", "schemata", "l3CacheSchema", "memBwSchema", "enableCMT", "enableMBM", "enableMonitoring", NULL,
};
static const char *const memory_policy_order[] = { "mode", "nodes", "flags", NULL };
static const char *const personality_order[] = { "domain", "flags", NULL };
static const char *const time_offset_order[] = { "secs", "nanosecs", NULL };

static const OciFieldOrder linux_field_orders[] = {
  { "/linux", OCI_FIELD_ORDER_LISTED, linux_order },
  { "/linux/uidMappings/*", OCI_FIELD_ORDER_LISTED, idmapping_order },
  { "/linux/gidMappings/*", OCI_FIELD_ORDER_LISTED, idmapping_order },
  { "/linux/sysctl", OCI_FIELD_ORDER_SORTED, NULL },
  { "/linux/resources", OCI_FIELD_ORDER_LISTED, resources_order },
  { "/linux/resources/devices/*", OCI_FIELD_ORDER_LISTED, device_cgroup_order },
  { "/linux/resources/memory", OCI_FIELD_ORDER_LISTED, memory_order },
  { "/linux/resources/cpu", OCI_FIELD_ORDER_LISTED, cpu_order },
  { "/linux/resources/pids", OCI_FIELD_ORDER_LISTED, pids_order },
  { "/linux/resources/blockIO", OCI_FIELD_ORDER_LISTED, blkio_order },
  { "/linux/resources/blockIO/weightDevice/*", OCI_FIELD_ORDER_LISTED, weight_device_order },
  { "/linux/resources/blockIO/throttleReadBpsDevice/*", OCI_FIELD_ORDER_LISTED, throttle_device_order },
  { "/linux/resources/blockIO/throttleWriteBpsDevice/*", OCI_FIELD_ORDER_LISTED, throttle_device_order },
  { "/linux/resources/blockIO/throttleReadIOPSDevice/*", OCI_FIELD_ORDER_LISTED, throttle_device_order },
  { "/linux/resources/blockIO/throttleWriteIOPSDevice/*", OCI_FIELD_ORDER_LISTED, throttle_device_order },
  { "/linux/resources/hugepageLimits/*", OCI_FIELD_ORDER_LISTED, hugepage_order },
  { "/linux/resources/network", OCI_FIELD_ORDER_LISTED, network_order },
  { "/linux/resources/network/priorities/*", OCI_FIELD_ORDER_LISTED, priority_order },
  { "/linux/resources/rdma", OCI_FIELD_ORDER_SORTED, NULL },
  { "/linux/resources/rdma/*", OCI_FIELD_ORDER_LISTED, rdma_order },
  { "/linux/resources/unified", OCI_FIELD_ORDER_SORTED, NULL },
  { "/linux/namespaces/*", OCI_FIELD_ORDER_LISTED, namespace_order },
  { "/linux/devices/*", OCI_FIELD_ORDER_LISTED, device_order },
  { "/linux/netDevices", OCI_FIELD_ORDER_SORTED, NULL },
  { "/linux/netDevices/*", OCI_FIELD_ORDER_LISTED, net_device_order },
  { "/linux/intelRdt", OCI_FIELD_ORDER_LISTED, intel_rdt_order },
  { "/linux/memoryPolicy", OCI_FIELD_ORDER_LISTED, memory_policy_order },
  { "/linux/personality", OCI_FIELD_ORDER_LISTED, personality_order },
  { "/linux/timeOffsets", OCI_FIELD_ORDER_SORTED, NULL },
  { "/linux/timeOffsets/*", OCI_FIELD_ORDER_LISTED, time_offset_order },
};

void
linux_register_options (OciPlugin *plugin)
{
  oci_plugin_add_options (plugin, linux_process_options, linux_process_options_count);
  oci_plugin_add_options (plugin, linux_namespace_options, linux_namespace_options_count);
  oci_plugin_add_options (plugin, linux_resource_options, linux_resource_options_count);
  oci_plugin_add_options (plugin, linux_options, G_N_ELEMENTS (linux_options));
  oci_plugin_add_field_orders (plugin, linux_field_orders, G_N_ELEMENTS (linux_field_orders));
  oci_plugin_set_defaults (plugin, linux_defaults);
}
