/* zos-options.c — generate options, defaults and field order of config-zos.md
 *
 * The Go tool has no z/OS options. These follow the syntax of its Linux
 * namespace and device options. Releases 1.1.0 and 1.2.0 describe
 * devices; 1.2.1 replaced them with namespaces, so each option is
 * refused for the releases that lack its field.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "zos-plugin.h"

#define NAMESPACES "/zos/namespaces"
#define DEVICES "/zos/devices"
#define DEVICES_UNTIL "1.2.1"

static const char *const namespace_types[] = { "pid", "mount", "ipc", "uts", NULL };
static const char *const device_types[] = { "c", "b", "u", "p", NULL };

static OciConfig *
config_of (OciGenerateContext *gen)
{
  return oci_generate_context_get_config (gen);
}

static gboolean
release_before (OciGenerateContext *gen, const char *until)
{
  const char *release = oci_generate_context_get_release (gen);

  return release == NULL || oci_semver_compare_strings (release, until) < 0;
}

/* Removes the elements whose @member is @value, each found through the
 * generate context's index (a run of removals costs no scan per removal). */
static void
remove_where (OciGenerateContext *gen, JsonArray *array, const char *member, const char *value)
{
  while (array && oci_generate_context_remove_element (gen, array, member, value) >= 0)
    ;
}

static gint
find_where (JsonArray *array, const char *member, const char *value)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_OBJECT (node)
          && g_strcmp0 (oci_json_object_get_string (json_node_get_object (node), member), value) == 0)
        return (gint) i;
    }
  return -1;
}

/* Puts @object in place of the element whose @member matches, or at the end. */
static void
replace_or_append (OciGenerateContext *gen, const char *pointer, const char *member, JsonObject *object)
{
  JsonArray *array = oci_config_ensure_array (config_of (gen), pointer);
  gint at = oci_generate_context_find_element (gen, array, member, oci_json_object_get_string (object, member));

  if (at >= 0)
    json_node_take_object (json_array_get_element (array, at), object);
  else
    json_array_add_object_element (array, object);
}

/* Removes the list at @pointer when empty (or always with @all), and the
 * zos object when nothing else is left in it. */
static void
prune (OciConfig *config, const char *pointer, gboolean all)
{
  JsonArray *array = oci_config_get_array (config, pointer);
  JsonObject *zos;

  if (all || (array && json_array_get_length (array) == 0))
    oci_config_remove (config, pointer);
  zos = oci_config_get_object (config, "/zos");
  if (zos && json_object_get_size (zos) == 0)
    oci_config_remove (config, "/zos");
}

static gboolean
apply_remove_all (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gboolean on;

  if (!oci_option_parse_bool (option, value, &on, error))
    return FALSE;
  if (on)
    prune (config_of (gen), option->pointer, TRUE);
  return TRUE;
}

/* ---- namespaces (1.2.1) ----------------------------------------------- */

static gboolean
check_namespace_type (const OciOption *option, const char *value, const char *type, GError **error)
{
  g_autofree char *known = NULL;

  if (g_strv_contains (namespace_types, type))
    return TRUE;
  known = g_strjoinv (", ", (char **) namespace_types);
  g_propagate_error (error, oci_option_value_error (option, value, "\"%s\" is not one of %s", type, known));
  return FALSE;
}

/* NS[:PATH]; a namespace of the same type is replaced in place. */
static gboolean
apply_namespace_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (value ? value : "", ":", 2);
  JsonObject *ns;

  if (!check_namespace_type (option, value, parts[0] ? parts[0] : "", error))
    return FALSE;
  if (parts[1] && !oci_path_is_absolute_for ("zos", parts[1]))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "PATH \"%s\" is not absolute",
                                                        parts[1]));
      return FALSE;
    }
  ns = json_object_new ();
  json_object_set_string_member (ns, "type", parts[0]);
  if (parts[1])
    json_object_set_string_member (ns, "path", parts[1]);
  replace_or_append (gen, option->pointer, "type", ns);
  return TRUE;
}

static gboolean
apply_namespace_remove (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (!check_namespace_type (option, value, value ? value : "", error))
    return FALSE;
  remove_where (gen, oci_config_get_array (config_of (gen), option->pointer), "type", value);
  prune (config_of (gen), option->pointer, FALSE);
  return TRUE;
}

/* ---- devices (1.1.0 and 1.2.0) ---------------------------------------- */

static gboolean
check_devices_release (OciGenerateContext *gen, const OciOption *option, GError **error)
{
  if (release_before (gen, DEVICES_UNTIL))
    return TRUE;
  g_set_error (error, OCI_OPTION_ERROR, OCI_OPTION_ERROR_UNSUPPORTED,
               "--%s: z/OS devices were removed in runtime-spec %s; the target release is %s "
               "(use --spec-version 1.1.0 or 1.2.0)",
               option->name, DEVICES_UNTIL, oci_generate_context_get_release (gen));
  return FALSE;
}

/* One of :fileMode=N :uid=N :gid=N (decimal, as --linux-device-add). */
static gboolean
parse_device_extra (JsonObject *device, const char *text)
{
  static const char *const keys[] = { "fileMode", "uid", "gid" };

  for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      gsize n = strlen (keys[k]);
      guint64 v;
      if (strncmp (text, keys[k], n) == 0 && text[n] == '='
          && g_ascii_string_to_unsigned (text + n + 1, 10, 0, G_MAXUINT32, &v, NULL))
        {
          json_object_set_int_member (device, keys[k], (gint64) v);
          return TRUE;
        }
    }
  return FALSE;
}

static JsonObject *
parse_device (const char *value)
{
  g_auto(GStrv) parts = g_strsplit (value ? value : "", ":", -1);
  g_autoptr(JsonObject) device = json_object_new ();
  gint64 major, minor;

  if (g_strv_length (parts) < 4 || !g_strv_contains (device_types, parts[0])
      || !g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT64, &major, NULL)
      || !g_ascii_string_to_signed (parts[2], 10, 0, G_MAXINT64, &minor, NULL)
      || !oci_path_is_absolute_for ("zos", parts[3]))
    return NULL;
  json_object_set_string_member (device, "path", parts[3]);
  json_object_set_string_member (device, "type", parts[0]);
  json_object_set_int_member (device, "major", major);
  json_object_set_int_member (device, "minor", minor);
  for (guint i = 4; parts[i]; i++)
    if (!parse_device_extra (device, parts[i]))
      return NULL;
  return g_steal_pointer (&device);
}

/* TYPE:MAJOR:MINOR:PATH[:fileMode=N][:uid=N][:gid=N]; a device with the
 * same path is replaced in place, as --linux-device-add does. */
static gboolean
apply_device_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  JsonObject *device;

  if (!check_devices_release (gen, option, error))
    return FALSE;
  device = parse_device (value);
  if (device == NULL)
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "TYPE is c, b, u or p; MAJOR and MINOR decimal; PATH "
                                                        "absolute; fileMode, uid and gid decimal"));
      return FALSE;
    }
  replace_or_append (gen, option->pointer, "path", device);
  return TRUE;
}

static gboolean
apply_device_remove (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (!check_devices_release (gen, option, error))
    return FALSE;
  remove_where (gen, oci_config_get_array (config_of (gen), option->pointer), "path", value);
  prune (config_of (gen), option->pointer, FALSE);
  return TRUE;
}

static gboolean
apply_device_remove_all (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  return check_devices_release (gen, option, error) && apply_remove_all (gen, option, value, error);
}

#define Z "zos-"

static const OciOption zos_options[] = {
  { Z "namespace-add", "NS[:PATH]", "Create (or with PATH join) a namespace: pid, mount, ipc, uts",
    OCI_OPTION_VALUE, apply_namespace_add, NAMESPACES, "1.2.1" },
  { Z "namespace-remove", "NS", "Remove the namespace of this type", OCI_OPTION_VALUE, apply_namespace_remove,
    NAMESPACES, "1.2.1" },
  { Z "namespace-remove-all", NULL, "Remove every namespace", OCI_OPTION_FLAG | OCI_OPTION_CLEARS, apply_remove_all, NAMESPACES,
    "1.2.1" },
  { Z "device-add", "TYPE:MAJOR:MINOR:PATH[:fileMode=N][:uid=N][:gid=N]",
    "Create a device node (runtime-spec 1.1.0 and 1.2.0 only)", OCI_OPTION_VALUE, apply_device_add, DEVICES,
    "1.1.0" },
  { Z "device-remove", "PATH", "Remove the device of this path (1.1.0 and 1.2.0 only)", OCI_OPTION_VALUE,
    apply_device_remove, DEVICES, "1.1.0" },
  { Z "device-remove-all", NULL, "Remove every device (1.1.0 and 1.2.0 only)", OCI_OPTION_FLAG | OCI_OPTION_CLEARS,
    apply_device_remove_all, DEVICES, "1.1.0" },
};

/* ---- defaults and field order ----------------------------------------- */

static gboolean
has_mount_at (OciConfig *config, const char *destination)
{
  return find_where (oci_config_get_array (config, "/mounts"), "destination", destination) >= 0;
}

/* The Go tool has no z/OS defaults at all. Ours: the proc file system
 * config-zos.md says SHOULD be mounted (from 1.2.1), unless a mount is
 * already there; and a container of its own, with new pid, mount, ipc
 * and uts namespaces, the four types config-zos.md lists (from 1.2.1;
 * earlier releases have no namespaces). */
static gboolean
zos_defaults (OciGenerateContext *gen, GError **error)
{
  OciConfig *config = config_of (gen);

  if (g_strcmp0 (oci_generate_context_get_os (gen), "zos") != 0 || release_before (gen, "1.2.1"))
    return TRUE;
  if (!has_mount_at (config, "/proc"))
    {
      JsonObject *proc = json_object_new ();
      json_object_set_string_member (proc, "destination", "/proc");
      json_object_set_string_member (proc, "type", "proc");
      json_object_set_string_member (proc, "source", "proc");
      oci_config_append (config, "/mounts", json_node_init_object (json_node_alloc (), proc));
      json_object_unref (proc);
    }
  if (oci_config_has (config, NAMESPACES))
    return TRUE;
  for (const char *const *t = namespace_types; *t; t++)
    {
      JsonObject *ns = json_object_new ();
      json_object_set_string_member (ns, "type", *t);
      oci_config_append (config, NAMESPACES, json_node_init_object (json_node_alloc (), ns));
      json_object_unref (ns);
    }
  return TRUE;
}

/* specs-go struct field order (1.3.0; devices from 1.1.0). */
static const char *const zos_order[] = { "devices", "namespaces", NULL };
static const char *const namespace_order[] = { "type", "path", NULL };
static const char *const device_order[] = {
  "path", "type", "major", "minor", "fileMode", "uid", "gid", NULL,
};

static const OciFieldOrder zos_field_orders[] = {
  { "/zos", OCI_FIELD_ORDER_LISTED, zos_order },
  { NAMESPACES "/*", OCI_FIELD_ORDER_LISTED, namespace_order },
  { DEVICES "/*", OCI_FIELD_ORDER_LISTED, device_order },
};

void
zos_register_options (OciPlugin *plugin)
{
  oci_plugin_add_options (plugin, zos_options, G_N_ELEMENTS (zos_options));
  oci_plugin_add_field_orders (plugin, zos_field_orders, G_N_ELEMENTS (zos_field_orders));
  oci_plugin_set_defaults (plugin, zos_defaults);
}
