/* windows-options.c — generate options, defaults and field order of config-windows.md
 *
 * The Go tool's eleven --windows-* options with its syntax, plus one
 * option per field it has none for (named after the field). JSON values
 * are checked member by member: an unknown member or a wrong type is an
 * error, where the Go tool drops the one and fails late on the other.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "windows-plugin.h"

/* Set when the layers came from a template: a folder added goes before
 * its last one, the container's scratch layer, which stays last. */
#define BEFORE_SCRATCH_KEY "windows.layerFolders.before-scratch"

static void windows_finish (OciGenerateContext *gen);

/* ---- JSON values checked against a member table ----------------------- */

typedef enum
{
  MEMBER_BOOL,
  MEMBER_STRING,
  MEMBER_STRINGS,
  MEMBER_UINT16,
  MEMBER_UINT32,
  MEMBER_UINT64,
  MEMBER_OBJECTS, /* an array of objects whose members are @items */
} MemberType;

typedef struct MemberSpec MemberSpec;
struct MemberSpec
{
  const char *name;
  MemberType type;
  const char *since;
  const MemberSpec *items;
};

static const MemberSpec affinity_members[] = {
  { "mask", MEMBER_UINT64 },
  { "group", MEMBER_UINT32 },
  { NULL },
};

static const MemberSpec network_members[] = {
  { "endpointList", MEMBER_STRINGS },
  { "allowUnqualifiedDNSQuery", MEMBER_BOOL },
  { "DNSSearchList", MEMBER_STRINGS },
  { "networkSharedContainerName", MEMBER_STRING },
  { "networkNamespace", MEMBER_STRING, "1.0.2" },
  { NULL },
};

static const MemberSpec cpu_members[] = {
  { "count", MEMBER_UINT64 },
  { "shares", MEMBER_UINT16 },
  { "maximum", MEMBER_UINT16 },
  { "affinity", MEMBER_OBJECTS, "1.2.1", affinity_members },
  { NULL },
};

static const MemberSpec storage_members[] = {
  { "iops", MEMBER_UINT64 },
  { "bps", MEMBER_UINT64 },
  { "sandboxSize", MEMBER_UINT64 },
  { NULL },
};

static gboolean
release_has (OciGenerateContext *gen, const char *since)
{
  const char *release = oci_generate_context_get_release (gen);

  return since == NULL || release == NULL || oci_semver_compare_strings (release, since) >= 0;
}

static gboolean
node_is_uint (JsonNode *node, guint64 max)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
         && json_node_get_int (node) >= 0 && (guint64) json_node_get_int (node) <= max;
}

static gboolean
node_is_type (JsonNode *node, GType type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean check_object (OciGenerateContext *gen, JsonNode *node, const MemberSpec *members,
                              const char *where, char **problem);

static gboolean
check_member (OciGenerateContext *gen, JsonNode *node, const MemberSpec *spec, const char *where,
              char **problem)
{
  static const char *const wanted[] = {
    [MEMBER_BOOL] = "true or false", [MEMBER_STRING] = "a string", [MEMBER_STRINGS] = "an array of strings",
    [MEMBER_UINT16] = "an integer from 0 to 65535", [MEMBER_UINT32] = "an integer from 0 to 4294967295",
    [MEMBER_UINT64] = "an integer from 0 to 9223372036854775807", [MEMBER_OBJECTS] = "an array of objects",
  };
  gboolean ok = FALSE;

  switch (spec->type)
    {
    case MEMBER_BOOL:
      ok = node_is_type (node, G_TYPE_BOOLEAN);
      break;
    case MEMBER_STRING:
      ok = node_is_type (node, G_TYPE_STRING);
      break;
    case MEMBER_UINT16:
      ok = node_is_uint (node, G_MAXUINT16);
      break;
    case MEMBER_UINT32:
      ok = node_is_uint (node, G_MAXUINT32);
      break;
    case MEMBER_UINT64:
      ok = node_is_uint (node, G_MAXINT64);
      break;
    case MEMBER_STRINGS:
    case MEMBER_OBJECTS:
      ok = JSON_NODE_HOLDS_ARRAY (node);
      for (guint i = 0; ok && i < json_array_get_length (json_node_get_array (node)); i++)
        {
          JsonNode *item = json_array_get_element (json_node_get_array (node), i);
          g_autofree char *at = g_strdup_printf ("%s/%u", where, i);
          if (spec->type == MEMBER_STRINGS)
            ok = node_is_type (item, G_TYPE_STRING);
          else if (!check_object (gen, item, spec->items, at, problem))
            return FALSE;
        }
      break;
    }
  if (!ok)
    *problem = g_strdup_printf ("%s must be %s", where, wanted[spec->type]);
  return ok;
}

/* Sets @problem to a sentence naming the member at fault. */
static gboolean
check_object (OciGenerateContext *gen, JsonNode *node, const MemberSpec *members, const char *where,
              char **problem)
{
  g_autoptr(GList) names = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *problem = g_strdup_printf ("%s must be a JSON object", *where ? where : "the value");
      return FALSE;
    }
  names = json_object_get_members (json_node_get_object (node));
  for (GList *l = names; l; l = l->next)
    {
      const MemberSpec *spec = members;
      g_autofree char *at = g_strdup_printf ("%s/%s", where, (const char *) l->data);
      while (spec->name && strcmp (spec->name, l->data) != 0)
        spec++;
      if (spec->name == NULL || !release_has (gen, spec->since))
        {
          g_autoptr(GString) known = g_string_new (NULL);
          for (spec = members; spec->name; spec++)
            if (release_has (gen, spec->since))
              g_string_append_printf (known, "%s%s", known->len ? ", " : "", spec->name);
          *problem = g_strdup_printf ("%s is not a member runtime-spec %s knows here (known: %s)", at,
                                      oci_generate_context_get_release (gen), known->str);
          return FALSE;
        }
      if (!check_member (gen, json_object_get_member (json_node_get_object (node), l->data), spec, at,
                         problem))
        return FALSE;
    }
  return TRUE;
}

/* Parses @value and checks it against @members. */
static JsonNode *
parse_checked (OciGenerateContext *gen, const OciOption *option, const char *value, const MemberSpec *members,
               GError **error)
{
  g_autoptr(JsonNode) node = oci_option_parse_json (option, value, error);
  g_autofree char *problem = NULL;

  if (node == NULL)
    return NULL;
  if (!check_object (gen, node, members, "", &problem))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "%s", problem));
      return NULL;
    }
  return g_steal_pointer (&node);
}

/* ---- appliers --------------------------------------------------------- */

static OciConfig *
config_of (OciGenerateContext *gen)
{
  return oci_generate_context_get_config (gen);
}

/* config-windows.md: count, shares and maximum are mutually exclusive. */
static const char *const cpu_exclusive[] = { "count", "shares", "maximum", NULL };

/* The members of @given join those already set (by a template or the
 * single-member options before it), rather than replacing the whole
 * object and losing them; with @cpu, one of count, shares and maximum
 * given replaces the other two. */
static void
merge_members (OciGenerateContext *gen, const char *pointer, JsonObject *given, gboolean cpu)
{
  JsonObject *target = oci_config_ensure_object (config_of (gen), pointer);
  g_autoptr(GList) members = json_object_get_members (given);
  gboolean has_exclusive = FALSE;

  for (const char *const *m = cpu_exclusive; cpu && *m; m++)
    has_exclusive |= json_object_has_member (given, *m);
  for (const char *const *m = cpu_exclusive; has_exclusive && *m; m++)
    json_object_remove_member (target, *m);
  for (GList *l = members; l; l = l->next)
    json_object_set_member (target, l->data, json_object_dup_member (given, l->data));
}

/* --windows-network, --windows-resources-cpu, --windows-resources-storage */
static gboolean
apply_checked_json (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gboolean cpu = strcmp (option->pointer, "/windows/resources/cpu") == 0;
  const MemberSpec *members = strcmp (option->pointer, "/windows/network") == 0 ? network_members
                              : cpu                                              ? cpu_members
                                                                                 : storage_members;
  g_autoptr(JsonNode) node = parse_checked (gen, option, value, members, error);
  guint exclusive = 0;

  if (node == NULL)
    return FALSE;
  for (const char *const *m = cpu_exclusive; cpu && *m; m++)
    exclusive += json_object_has_member (json_node_get_object (node), *m);
  if (exclusive > 1)
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "count, shares and maximum are mutually exclusive"));
      return FALSE;
    }
  merge_members (gen, option->pointer, json_node_get_object (node), cpu);
  return TRUE;
}

/* --windows-resources-cpu-count, -shares, -maximum: the last one given
 * wins, since the three are mutually exclusive. */
static gboolean
apply_cpu_exclusive (OciGenerateContext *gen, const OciOption *option, const char *value, guint64 max,
                     GError **error)
{
  guint64 v;
  JsonObject *cpu;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, max, &v, NULL))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected an integer from 0 to %"
                                                        G_GUINT64_FORMAT, max));
      return FALSE;
    }
  cpu = oci_config_ensure_object (config_of (gen), "/windows/resources/cpu");
  for (const char *const *m = cpu_exclusive; *m; m++)
    json_object_remove_member (cpu, *m);
  oci_config_set_int (config_of (gen), option->pointer, (gint64) v);
  return TRUE;
}

static gboolean
apply_credential_spec (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_autoptr(JsonNode) node = oci_option_parse_json (option, value, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "a credential spec is a JSON object"));
      return FALSE;
    }
  oci_config_set_node (config_of (gen), option->pointer, g_steal_pointer (&node));
  return TRUE;
}

static void
set_empty_array (OciGenerateContext *gen, const char *pointer)
{
  oci_config_remove (config_of (gen), pointer);
  oci_config_ensure_array (config_of (gen), pointer);
}

static void insert_before_last (JsonArray *layers, const char *value);

static gboolean
apply_layer_folder (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  JsonArray *layers;

  if (value == NULL || *value == '\0')
    {
      g_propagate_error (error, oci_option_value_error (option, value, "the folder is empty"));
      return FALSE;
    }
  layers = oci_config_get_array (config_of (gen), option->pointer);
  if (layers && json_array_get_length (layers) > 0 && oci_generate_context_has_template (gen)
      && oci_generate_context_get_data (gen, BEFORE_SCRATCH_KEY) == NULL)
    oci_generate_context_set_data (gen, BEFORE_SCRATCH_KEY, GINT_TO_POINTER (2), NULL);
  if (GPOINTER_TO_INT (oci_generate_context_get_data (gen, BEFORE_SCRATCH_KEY)) == 2)
    insert_before_last (layers, value);
  else
    oci_config_append_string (config_of (gen), option->pointer, value);
  oci_generate_context_add_finish (gen, windows_finish);
  /* layers decided by the command line are in its order from now on */
  if (oci_generate_context_get_data (gen, BEFORE_SCRATCH_KEY) == NULL)
    oci_generate_context_set_data (gen, BEFORE_SCRATCH_KEY, GINT_TO_POINTER (1), NULL);
  return TRUE;
}

static void
insert_before_last (JsonArray *layers, const char *value)
{
  guint n = json_array_get_length (layers);
  JsonNode *scratch = json_array_dup_element (layers, n - 1);

  json_array_remove_element (layers, n - 1);
  json_array_add_string_element (layers, value);
  json_array_add_element (layers, scratch);
}

static gboolean
apply_layer_folders_remove_all (OciGenerateContext *gen, const OciOption *option, const char *value,
                                GError **error)
{
  gboolean on;

  if (!oci_option_parse_bool (option, value, &on, error))
    return FALSE;
  if (on)
    {
      set_empty_array (gen, option->pointer);
      oci_generate_context_set_data (gen, BEFORE_SCRATCH_KEY, GINT_TO_POINTER (1), NULL);
      oci_generate_context_add_finish (gen, windows_finish);
    }
  return TRUE;
}

/* ID:class; a device with the same id is replaced, as in the Go tool. */
static gboolean
apply_device (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (value ? value : "", ":", -1);
  JsonArray *devices;
  JsonObject *device;

  if (g_strv_length (parts) != 2 || *parts[0] == '\0')
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected ID:IDTYPE"));
      return FALSE;
    }
  if (strcmp (parts[1], "class") != 0)
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "IDTYPE \"%s\" is not class, the only type Windows "
                                                        "supports", parts[1]));
      return FALSE;
    }
  devices = oci_config_ensure_array (config_of (gen), option->pointer);
  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonNode *node = json_array_get_element (devices, i);
      if (JSON_NODE_HOLDS_OBJECT (node)
          && g_strcmp0 (oci_json_object_get_string (json_node_get_object (node), "id"), parts[0]) == 0)
        {
          json_object_set_string_member (json_node_get_object (node), "idType", parts[1]);
          return TRUE;
        }
    }
  device = json_object_new ();
  json_object_set_string_member (device, "id", parts[0]);
  json_object_set_string_member (device, "idType", parts[1]);
  json_array_add_object_element (devices, device);
  return TRUE;
}

/* --windows-hyperv: Hyper-V isolation is the presence of the object. */
static gboolean
apply_hyperv (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gboolean on;

  if (!oci_option_parse_bool (option, value, &on, error))
    return FALSE;
  if (on)
    oci_config_ensure_object (config_of (gen), option->pointer);
  else
    oci_config_remove (config_of (gen), option->pointer);
  oci_generate_context_add_finish (gen, windows_finish);
  return TRUE;
}

static gboolean
apply_cpu_count (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  return apply_cpu_exclusive (gen, option, value, G_MAXINT64, error);
}

/* shares and maximum are out of 10000 (config-windows.md). */
static gboolean
apply_cpu_part (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  return apply_cpu_exclusive (gen, option, value, 10000, error);
}

/* MASK:GROUP */
static gboolean
apply_affinity (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (value ? value : "", ":", -1);
  guint64 mask, group;
  JsonObject *entry;

  if (g_strv_length (parts) != 2 || !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXINT64, &mask, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT32, &group, NULL))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "expected MASK:GROUP, decimal numbers (GROUP up to "
                                                        "%u)", G_MAXUINT32));
      return FALSE;
    }
  entry = json_object_new ();
  json_object_set_int_member (entry, "mask", (gint64) mask);
  json_object_set_int_member (entry, "group", (gint64) group);
  oci_config_append (config_of (gen), option->pointer, json_node_init_object (json_node_alloc (), entry));
  json_object_unref (entry);
  return TRUE;
}

#define W "windows-"

static const OciOption windows_options[] = {
  /* The Go tool's options. */
  { W "devices", "ID:class", "Map the device with this interface class GUID into the container (repeatable)",
    OCI_OPTION_VALUE, apply_device, "/windows/devices", "1.0.2" },
  { W "hyperv-utilityVMPath", "PATH", "Image of the Hyper-V utility VM (implies Hyper-V isolation)",
    OCI_OPTION_VALUE, oci_option_set_string, "/windows/hyperv/utilityVMPath", NULL },
  { W "ignore-flushes-during-boot", NULL, "Do not flush disk writes while the container boots",
    OCI_OPTION_FLAG, oci_option_set_bool, "/windows/ignoreFlushesDuringBoot", NULL },
  { W "layer-folders", "PATH", "Add an image layer folder, topmost first, scratch last (repeatable)",
    OCI_OPTION_VALUE, apply_layer_folder, "/windows/layerFolders", NULL },
  { W "network", "JSON",
    "The network object: {\"endpointList\":[...],\"allowUnqualifiedDNSQuery\":...,\"DNSSearchList\":[...],"
    "\"networkSharedContainerName\":...,\"networkNamespace\":...}; its members join those set before",
    OCI_OPTION_VALUE, apply_checked_json, "/windows/network", NULL },
  { W "network-allowunqualifieddnsquery", NULL, "Allow unqualified DNS name resolution", OCI_OPTION_FLAG,
    oci_option_set_bool, "/windows/network/allowUnqualifiedDNSQuery", NULL },
  { W "network-networkNamespace", "NAME", "Network namespace (ID) of the container", OCI_OPTION_VALUE,
    oci_option_set_string, "/windows/network/networkNamespace", "1.0.2" },
  { W "resources-cpu", "JSON",
    "The CPU object: {\"count\":...,\"shares\":...,\"maximum\":...,\"affinity\":[...]}; its members join those set before",
    OCI_OPTION_VALUE, apply_checked_json, "/windows/resources/cpu", NULL },
  { W "resources-memory-limit", "BYTES", "Memory limit in bytes", OCI_OPTION_VALUE, oci_option_set_uint64,
    "/windows/resources/memory/limit", NULL },
  { W "resources-storage", "JSON", "The storage object: {\"iops\":...,\"bps\":...,\"sandboxSize\":...}; its members join those set before",
    OCI_OPTION_VALUE, apply_checked_json, "/windows/resources/storage", NULL },
  { W "servicing", NULL, "Start the container to apply pending Windows Update servicing", OCI_OPTION_FLAG,
    oci_option_set_bool, "/windows/servicing", NULL },
  /* One per field the Go tool sets only through JSON, or not at all. */
  { W "layer-folders-remove-all", NULL, "Remove every layer folder", OCI_OPTION_FLAG | OCI_OPTION_CLEARS,
    apply_layer_folders_remove_all, "/windows/layerFolders", NULL },
  { W "credentialSpec", "JSON", "The gMSA credential spec (a JSON object)", OCI_OPTION_VALUE,
    apply_credential_spec, "/windows/credentialSpec", NULL },
  { W "hyperv", NULL, "Run with Hyper-V isolation (=false: as a Windows Server container)", OCI_OPTION_FLAG,
    apply_hyperv, "/windows/hyperv", NULL },
  { W "network-endpointList", "ID", "Connect to this HNS endpoint (repeatable)", OCI_OPTION_VALUE,
    oci_option_append_string, "/windows/network/endpointList", NULL },
  { W "network-DNSSearchList", "SUFFIX", "Add a DNS search suffix (repeatable)", OCI_OPTION_VALUE,
    oci_option_append_string, "/windows/network/DNSSearchList", NULL },
  { W "network-networkSharedContainerName", "NAME", "Share the network stack of this container",
    OCI_OPTION_VALUE, oci_option_set_string, "/windows/network/networkSharedContainerName", NULL },
  { W "resources-cpu-count", "N", "Number of CPUs available (replaces shares or maximum)", OCI_OPTION_VALUE,
    apply_cpu_count, "/windows/resources/cpu/count", NULL },
  { W "resources-cpu-shares", "N", "Processor share (weight), 0 to 10000 (replaces count or maximum)",
    OCI_OPTION_VALUE, apply_cpu_part, "/windows/resources/cpu/shares", NULL },
  { W "resources-cpu-maximum", "N",
    "Processor cycles per 10000 the container may use (replaces count or shares)",
    OCI_OPTION_VALUE, apply_cpu_part, "/windows/resources/cpu/maximum", NULL },
  { W "resources-cpu-affinity", "MASK:GROUP",
    "Affinitise to the CPUs of MASK in processor group GROUP (repeatable)",
    OCI_OPTION_VALUE, apply_affinity, "/windows/resources/cpu/affinity", "1.2.1" },
  { W "resources-storage-iops", "N", "Maximum I/O operations per second of the system drive",
    OCI_OPTION_VALUE, oci_option_set_uint64, "/windows/resources/storage/iops", NULL },
  { W "resources-storage-bps", "N", "Maximum bytes per second of the system drive", OCI_OPTION_VALUE,
    oci_option_set_uint64, "/windows/resources/storage/bps", NULL },
  { W "resources-storage-sandboxSize", "BYTES", "Minimum size of the system drive", OCI_OPTION_VALUE,
    oci_option_set_uint64, "/windows/resources/storage/sandboxSize", NULL },
};

/* ---- defaults and field order ----------------------------------------- */

/* What a Windows config still lacks before it validates: the values
 * exist only on the Windows host (its layer folders, the volume they are
 * mounted on), so they are asked for, never invented. */
static void
windows_finish (OciGenerateContext *gen)
{
  OciConfig *config = config_of (gen);
  JsonArray *layers = oci_config_get_array (config, "/windows/layerFolders");
  gboolean hyperv = oci_config_has (config, "/windows/hyperv");

  if (g_strcmp0 (oci_generate_context_get_os (gen), "windows") != 0 || !oci_config_has (config, "/windows"))
    return;
  if (layers == NULL || json_array_get_length (layers) == 0)
    oci_generate_context_add_note (gen, "the config does not validate yet: windows.layerFolders is REQUIRED with "
                                        "the image's layer folders, topmost first, and the container's scratch "
                                        "layer last: add them with --windows-layer-folders");
  if (!hyperv && !oci_config_has (config, "/root"))
    oci_generate_context_add_note (gen, "the config does not validate yet: a Windows Server container (process "
                                        "isolation) needs root.path, the volume its layers are mounted on "
                                        "(--rootfs-path '\\\\?\\Volume{GUID}\\'), or use --windows-hyperv "
                                        "for Hyper-V isolation");
  if (hyperv && oci_config_has (config, "/root"))
    oci_generate_context_add_note (gen, "the config does not validate: with Hyper-V isolation root MUST be "
                                        "omitted (config.md#root): remove it or give --windows-hyperv=false");
}

/* Windows engines (containerd, Docker, hcsshim) write process isolation
 * unless Hyper-V is asked for, and layer folders of the host: the
 * default has neither a hyperv object nor an invented folder, and says
 * what to add. */
static gboolean
windows_defaults (OciGenerateContext *gen, GError **error)
{
  if (g_strcmp0 (oci_generate_context_get_os (gen), "windows") != 0)
    return TRUE;
  oci_config_ensure_object (config_of (gen), "/windows");
  oci_generate_context_add_finish (gen, windows_finish);
  return TRUE;
}

/* specs-go v1.3.0 struct field order. */
static const char *const windows_order[] = {
  "layerFolders", "devices", "resources", "credentialSpec", "servicing", "ignoreFlushesDuringBoot",
  "hyperv", "network", NULL,
};
static const char *const device_order[] = { "id", "idType", NULL };
static const char *const resources_order[] = { "memory", "cpu", "storage", NULL };
static const char *const cpu_order[] = { "count", "shares", "maximum", "affinity", NULL };
static const char *const affinity_order[] = { "mask", "group", NULL };
static const char *const storage_order[] = { "iops", "bps", "sandboxSize", NULL };
static const char *const network_order[] = {
  "endpointList", "allowUnqualifiedDNSQuery", "DNSSearchList", "networkSharedContainerName",
  "networkNamespace", NULL,
};

static const OciFieldOrder windows_field_orders[] = {
  { "/windows", OCI_FIELD_ORDER_LISTED, windows_order },
  { "/windows/devices/*", OCI_FIELD_ORDER_LISTED, device_order },
  { "/windows/resources", OCI_FIELD_ORDER_LISTED, resources_order },
  { "/windows/resources/cpu", OCI_FIELD_ORDER_LISTED, cpu_order },
  { "/windows/resources/cpu/affinity/*", OCI_FIELD_ORDER_LISTED, affinity_order },
  { "/windows/resources/storage", OCI_FIELD_ORDER_LISTED, storage_order },
  { "/windows/network", OCI_FIELD_ORDER_LISTED, network_order },
};

void
windows_register_options (OciPlugin *plugin)
{
  oci_plugin_add_options (plugin, windows_options, G_N_ELEMENTS (windows_options));
  oci_plugin_add_field_orders (plugin, windows_field_orders, G_N_ELEMENTS (windows_field_orders));
  oci_plugin_set_defaults (plugin, windows_defaults);
}
