/* linux-opt-namespaces.c — namespaces, user and group ID mappings, devices,
 * network devices and time offsets
 *
 * The implicit user namespace: --linux-uidmappings and --linux-gidmappings
 * add a user namespace when the config has none, at their turn on the
 * command line. So `--linux-namespace-remove-all --linux-uidmappings …`
 * keeps it (the Go tool loses it), while `--linux-uidmappings …
 * --linux-namespace-remove-all` removes it, as written.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-options-private.h"

#define NAMESPACES "/linux/namespaces"

static const char *const namespace_types[] = {
  "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time", NULL,
};

static gboolean
check_namespace (OciGenerateContext *gen, const OciOption *option, const char *value, const char *type,
                 GError **error)
{
  if (!linux_opt_check_enum (option, value, "namespace", type, namespace_types, error))
    return FALSE;
  if (strcmp (type, "time") == 0 && !linux_opt_release_at_least (gen, "1.1.0"))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "the time namespace is new in runtime-spec 1.1.0; "
                                                        "the target release is %s",
                                                        oci_generate_context_get_release (gen)));
      return FALSE;
    }
  return TRUE;
}

/* Adds or replaces (same type) a namespace. */
static void
namespace_put (OciConfig *config, const char *type, const char *path)
{
  gint at = linux_opt_find_by_string (oci_config_get_array (config, NAMESPACES), "type", type);
  JsonObject *ns;

  if (at >= 0)
    {
      ns = json_array_get_object_element (oci_config_get_array (config, NAMESPACES), (guint) at);
      if (json_object_has_member (ns, "path"))
        json_object_remove_member (ns, "path");
    }
  else
    {
      ns = linux_opt_append_object (config, NAMESPACES);
      json_object_set_string_member (ns, "type", type);
    }
  if (path && *path)
    json_object_set_string_member (ns, "path", path);
}

/* NS[:PATH]; the path may itself hold ':'. */
static gboolean
apply_namespace_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (value ? value : "", ":", 2);

  if (!check_namespace (gen, option, value, parts[0] ? parts[0] : "", error))
    return FALSE;
  namespace_put (oci_generate_context_get_config (gen), parts[0], parts[1]);
  return TRUE;
}

static gboolean
apply_namespace_remove (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  gint at;

  if (!check_namespace (gen, option, value, value ? value : "", error))
    return FALSE;
  at = linux_opt_find_by_string (oci_config_get_array (config, NAMESPACES), "type", value);
  if (at >= 0)
    linux_opt_remove_element (config, NAMESPACES, (guint) at);
  return TRUE;
}

/* HOSTID:CONTAINERID:SIZE, appended to option->pointer. */
static gboolean
apply_idmapping (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_auto(GStrv) parts = linux_opt_split (option, value, 3, 3, error);
  guint64 host, container, size;
  JsonObject *map;

  if (parts == NULL || !linux_opt_parse_unsigned (option, value, "HOSTID", parts[0], G_MAXUINT32, &host, error)
      || !linux_opt_parse_unsigned (option, value, "CONTAINERID", parts[1], G_MAXUINT32, &container, error)
      || !linux_opt_parse_unsigned (option, value, "SIZE", parts[2], G_MAXUINT32, &size, error))
    return FALSE;
  map = linux_opt_append_object (config, option->pointer);
  json_object_set_int_member (map, "containerID", (gint64) container);
  json_object_set_int_member (map, "hostID", (gint64) host);
  json_object_set_int_member (map, "size", (gint64) size);
  if (linux_opt_find_by_string (oci_config_get_array (config, NAMESPACES), "type", "user") < 0)
    namespace_put (config, "user", NULL);
  return TRUE;
}

/* ---- devices ---------------------------------------------------------- */

static const char *const device_types[] = { "b", "c", "u", "p", NULL };

/* One NAME=N of the optional part of --linux-device-add. */
static gboolean
device_option (const OciOption *option, const char *value, const char *text, JsonObject *dev, GError **error)
{
  static const struct
  {
    const char *name;
    guint64 max;
  } known[] = { { "fileMode", 0777 }, { "uid", G_MAXUINT32 }, { "gid", G_MAXUINT32 } };
  const char *eq = strchr (text, '=');
  guint64 v;

  for (gsize i = 0; eq && i < G_N_ELEMENTS (known); i++)
    if (strncmp (text, known[i].name, eq - text) == 0 && known[i].name[eq - text] == '\0')
      {
        if (!linux_opt_parse_unsigned (option, value, known[i].name, eq + 1, known[i].max, &v, error))
          return FALSE;
        json_object_set_int_member (dev, known[i].name, (gint64) v);
        return TRUE;
      }
  g_propagate_error (error, oci_option_value_error (option, value,
                                                    "\"%s\" is not fileMode=N (decimal), uid=N or gid=N", text));
  return FALSE;
}

/* TYPE:MAJOR:MINOR:PATH[:fileMode=N][:uid=N][:gid=N]; a device of the
 * same path is replaced. */
static gboolean
apply_device_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_auto(GStrv) parts = linux_opt_split (option, value, 4, 7, error);
  g_autoptr(JsonObject) dev = json_object_new ();
  JsonNode *node;
  gint64 major, minor;
  gint at;

  if (parts == NULL || !linux_opt_check_enum (option, value, "TYPE", parts[0], device_types, error)
      || !linux_opt_parse_signed (option, value, "MAJOR", parts[1], G_MININT64, G_MAXINT64, &major, error)
      || !linux_opt_parse_signed (option, value, "MINOR", parts[2], G_MININT64, G_MAXINT64, &minor, error))
    return FALSE;
  json_object_set_string_member (dev, "path", parts[3]);
  json_object_set_string_member (dev, "type", parts[0]);
  json_object_set_int_member (dev, "major", major);
  json_object_set_int_member (dev, "minor", minor);
  for (guint i = 4; parts[i]; i++)
    if (!device_option (option, value, parts[i], dev, error))
      return FALSE;
  node = json_node_init_object (json_node_alloc (), dev);
  at = oci_generate_context_find_element (gen, oci_config_get_array (config, option->pointer), "path", parts[3]);
  if (at >= 0)
    {
      g_autofree char *pointer = oci_json_pointer_append_index (option->pointer, (guint) at);
      oci_config_set_node (config, pointer, node);
    }
  else
    oci_config_append (config, option->pointer, node);
  return TRUE;
}

static gboolean
apply_device_remove (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  JsonArray *devices = oci_config_get_array (config, option->pointer);

  if (oci_generate_context_remove_element (gen, devices, "path", value) >= 0 && json_array_get_length (devices) == 0)
    {
      oci_config_remove (config, option->pointer);
      linux_opt_prune (config);
    }
  return TRUE;
}

/* ---- network devices, time offsets ------------------------------------ */

/* NAME[:NEWNAME]: move host interface NAME into the container. */
static gboolean
apply_netdevice_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_auto(GStrv) parts = linux_opt_split (option, value, 1, 2, error);
  g_autofree char *pointer = NULL;
  JsonObject *dev;

  if (parts == NULL)
    return FALSE;
  if (*parts[0] == '\0' || (parts[1] && *parts[1] == '\0'))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "interface names cannot be empty"));
      return FALSE;
    }
  pointer = oci_json_pointer_append (option->pointer, parts[0]);
  oci_config_remove (oci_generate_context_get_config (gen), pointer);
  dev = oci_config_ensure_object (oci_generate_context_get_config (gen), pointer);
  if (parts[1])
    json_object_set_string_member (dev, "name", parts[1]);
  return TRUE;
}

/* Removes a member of the map at option->pointer, and the map once empty. */
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
  linux_opt_prune (config);
  return TRUE;
}

static const char *const clocks[] = { "boottime", "monotonic", NULL };

/* CLOCK:SECS[:NANOSECS]; zero fields are left out, as the Go bindings do. */
static gboolean
apply_time_offset (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_auto(GStrv) parts = linux_opt_split (option, value, 2, 3, error);
  g_autofree char *pointer = NULL;
  JsonObject *offset;
  gint64 secs;
  guint64 nanosecs = 0;

  if (parts == NULL || !linux_opt_check_enum (option, value, "CLOCK", parts[0], clocks, error)
      || !linux_opt_parse_signed (option, value, "SECS", parts[1], G_MININT64, G_MAXINT64, &secs, error)
      || (parts[2] && !linux_opt_parse_unsigned (option, value, "NANOSECS", parts[2], 999999999, &nanosecs, error)))
    return FALSE;
  pointer = oci_json_pointer_append (option->pointer, parts[0]);
  oci_config_remove (oci_generate_context_get_config (gen), pointer);
  offset = oci_config_ensure_object (oci_generate_context_get_config (gen), pointer);
  if (secs != 0)
    json_object_set_int_member (offset, "secs", secs);
  if (nanosecs != 0)
    json_object_set_int_member (offset, "nanosecs", (gint64) nanosecs);
  return TRUE;
}

/* For completion. */
static char **
namespace_values (const OciOption *option)
{
  return g_strdupv ((char **) namespace_types);
}

const OciOption linux_namespace_options[] = {
  { "linux-namespace-add", "NS[:PATH]", "Create namespace NS (pid, network, mount, ipc, uts, user, cgroup, "
    "time from 1.1.0), or join the one at PATH; replaces a namespace of the same type", OCI_OPTION_VALUE,
    apply_namespace_add, NAMESPACES, NULL, namespace_values },
  { "linux-namespace-remove", "NS", "Remove the namespace of type NS", OCI_OPTION_VALUE,
    apply_namespace_remove, NAMESPACES, NULL, namespace_values },
  { "linux-namespace-remove-all", NULL, "Remove every namespace, at its turn: namespaces added later, "
    "and the user namespace of later ID mappings, stay", OCI_OPTION_FLAG | OCI_OPTION_CLEARS, linux_opt_remove_all, NAMESPACES },
  { "linux-uidmappings", "HOSTID:CONTAINERID:SIZE", "Add a user ID mapping; adds a user namespace if there is "
    "none yet", OCI_OPTION_VALUE, apply_idmapping, "/linux/uidMappings" },
  { "linux-gidmappings", "HOSTID:CONTAINERID:SIZE", "Add a group ID mapping; adds a user namespace if there "
    "is none yet", OCI_OPTION_VALUE, apply_idmapping, "/linux/gidMappings" },
  { "linux-device-add", "TYPE:MAJOR:MINOR:PATH[:fileMode=N][:uid=N][:gid=N]", "Add a device node (TYPE b, c, "
    "u or p; fileMode decimal); replaces a device of the same path", OCI_OPTION_VALUE, apply_device_add,
    "/linux/devices" },
  { "linux-device-remove", "PATH", "Remove the device at PATH", OCI_OPTION_VALUE, apply_device_remove,
    "/linux/devices" },
  { "linux-device-remove-all", NULL, "Remove every device (those added later stay)", OCI_OPTION_FLAG | OCI_OPTION_CLEARS,
    linux_opt_remove_all, "/linux/devices" },
  { "linux-netdevice-add", "NAME[:NEWNAME]", "Move host network interface NAME into the container, "
    "renamed NEWNAME", OCI_OPTION_VALUE, apply_netdevice_add, "/linux/netDevices", "1.3.0" },
  { "linux-netdevice-remove", "NAME", "Remove network device NAME", OCI_OPTION_VALUE, apply_map_remove,
    "/linux/netDevices", "1.3.0" },
  { "linux-time-offset", "CLOCK:SECS[:NANOSECS]", "Offset CLOCK (boottime or monotonic) of the time "
    "namespace (add it with --linux-namespace-add time)", OCI_OPTION_VALUE, apply_time_offset,
    "/linux/timeOffsets", "1.1.0" },
};
const gsize linux_namespace_options_count = G_N_ELEMENTS (linux_namespace_options);
