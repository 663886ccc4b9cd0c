/* windows-checks.c — requirements and checkers of config-windows.md and of
 * the Windows rules of config.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "windows-plugin.h"

/* Rows follow the text of each release: cpu.shares got its range and the
 * cpu limits became mutually exclusive in 1.1.0; devices, networkNamespace
 * came in 1.0.2, cpu.affinity in 1.2.1. (process.commandLine and the root
 * being REQUIRED are the base plugin's.) */
static const OciRequirement windows_requirements[] = {
  { "windows.required", OCI_LEVEL_MUST, "config.md", "configPlatformSpecificConfiguration", "1.0.0", NULL,
    "windows MUST be set if the target platform is windows" },
  { "windows.root.hyperv", OCI_LEVEL_MUST_NOT, "config.md", "configRoot", "1.0.0", NULL,
    "for Hyper-V containers (windows.hyperv set) root MUST NOT be set" },
  { "windows.root.path.volume", OCI_LEVEL_MUST, "config.md", "configRoot", "1.0.0", NULL,
    "on Windows root.path MUST be a volume GUID path (\\\\?\\Volume{GUID}\\)" },
  { "windows.root.readonly", OCI_LEVEL_MUST, "config.md", "configRoot", "1.0.0", NULL,
    "on Windows root.readonly MUST be omitted or false" },
  { "windows.mounts.destination.nested", OCI_LEVEL_MUST_NOT, "config.md", "configMounts", "1.0.0", NULL,
    "on Windows one mount destination MUST NOT be nested within another" },
  { "windows.mounts.source.local", OCI_LEVEL_ADVICE, "config.md", "configMounts", "1.0.0", NULL,
    "on Windows a mount source is a local directory of the host (advice: the text says UNC "
    "paths and mapped drives are not supported, without a keyword)" },
  { "windows.layerfolders.required", OCI_LEVEL_REQUIRED, "config-windows.md", "configWindowsLayerFolders",
    "1.0.0", NULL, "layerFolders is REQUIRED and MUST contain at least one entry" },
  { "windows.devices.required", OCI_LEVEL_REQUIRED, "config-windows.md", "configWindowsDevices", "1.0.2", NULL,
    "each device has an id and an idType (both REQUIRED)" },
  { "windows.devices.id.guid", OCI_LEVEL_ADVICE, "config-windows.md", "configWindowsDevices", "1.0.2", NULL,
    "the id of a device of idType class is a device interface class GUID (advice: the text "
    "says how the id is read, without a keyword)" },
  { "windows.resources.cpu.exclusive", OCI_LEVEL_ADVICE, "config-windows.md", "configWindowsCpu", "1.1.0", NULL,
    "cpu count, shares and maximum exclude each other (advice: the text says they are "
    "mutually exclusive, without a keyword; the Host Compute Service refuses this)" },
  { "windows.resources.cpu.shares.range", OCI_LEVEL_ADVICE, "config-windows.md", "configWindowsCpu", "1.1.0", NULL,
    "cpu shares is a value from 0 to 10,000 (advice: the Host Compute Service refuses others)" },
  { "windows.resources.cpu.maximum.range", OCI_LEVEL_ADVICE, "config-windows.md", "configWindowsCpu", "1.0.0",
    NULL, "cpu maximum is a percentage times 100, at most 10,000 cycles per 10,000 (advice: the "
    "Host Compute Service refuses others)" },
  { "windows.resources.cpu.affinity.mask", OCI_LEVEL_REQUIRED, "config-windows.md", "configWindowsCpu", "1.2.1",
    NULL, "each cpu affinity entry has a mask (REQUIRED)" },
  { "windows.resources.cpu.affinity.group", OCI_LEVEL_REQUIRED, "config-windows.md", "configWindowsCpu", "1.2.1",
    NULL, "each cpu affinity entry has a group, the processor group its mask refers to (REQUIRED)" },
  { "windows.process.commandline.required", OCI_LEVEL_REQUIRED, "config.md", "configProcess", "1.0.2", NULL,
    "on Windows process.args is OPTIONAL, and commandLine is REQUIRED when args is omitted" },
  { "windows.network.namespace.exclusive", OCI_LEVEL_ADVICE, "config-windows.md", "configWindowsNetwork", "1.0.2",
    NULL, "with a network namespace no other network parameter is set (advice: the text's must is "
    "lower-case)" },
};

static const char *const cpu_limits[] = { "count", "shares", "maximum" };

static const char *const network_others[] = {
  "endpointList", "allowUnqualifiedDNSQuery", "DNSSearchList", "networkSharedContainerName",
};

static JsonObject *
element_object (JsonArray *array, guint index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, hex digits of either case. */
static gboolean
is_guid_n (const char *s, gsize len)
{
  static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

  if (len != sizeof shape - 1)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (shape[i] == '-' ? s[i] != '-' : !g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* A GUID alone or in braces, as Windows writes interface class GUIDs. */
static gboolean
is_guid (const char *s)
{
  gsize len = strlen (s);

  if (len >= 2 && s[0] == '{' && s[len - 1] == '}')
    return is_guid_n (s + 1, len - 2);
  return is_guid_n (s, len);
}

/* \\?\Volume{GUID}\ — the trailing backslash is tolerated missing. */
static gboolean
is_volume_guid_path (const char *path)
{
  static const char prefix[] = "\\\\?\\Volume{";
  const char *guid, *end;

  if (g_ascii_strncasecmp (path, prefix, sizeof prefix - 1) != 0)
    return FALSE;
  guid = path + sizeof prefix - 1;
  end = strchr (guid, '}');
  if (end == NULL || !is_guid_n (guid, end - guid))
    return FALSE;
  return end[1] == '\0' || (end[1] == '\\' && end[2] == '\0');
}

static gboolean
check_root (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *path = oci_config_get_string (config, "/root/path");
  gboolean readonly = FALSE;

  if (!oci_config_has (config, "/root"))
    return TRUE; /* whether it is required is base.root.required's business */
  if (oci_config_has (config, "/windows/hyperv"))
    {
      oci_check_fail (ctx, "windows.root.hyperv", "/root",
                      "root is set, but windows.hyperv asks for a Hyper-V container");
      return TRUE;
    }
  oci_check_pass (ctx, "windows.root.hyperv");
  if (path)
    oci_check_expect (ctx, is_volume_guid_path (path), "windows.root.path.volume", "/root/path",
                      "\"%s\" is not a volume GUID path (\\\\?\\Volume{GUID}\\)", path);
  if (oci_config_get_boolean (config, "/root/readonly", &readonly))
    oci_check_expect (ctx, !readonly, "windows.root.readonly", "/root/readonly",
                      "root.readonly is true on Windows");
  else
    oci_check_pass (ctx, "windows.root.readonly");
  return TRUE;
}

/* Case-folded, '/' read as '\', without trailing separators: the form in
 * which one Windows path can be compared with another. */
static char *
normalize_destination (const char *dest)
{
  g_autofree char *folded = g_utf8_validate (dest, -1, NULL) ? g_utf8_casefold (dest, -1)
                                                             : g_ascii_strdown (dest, -1);
  gsize len;

  g_strdelimit (folded, "/", '\\');
  len = strlen (folded);
  while (len > 0 && folded[len - 1] == '\\')
    folded[--len] = '\0';
  return g_steal_pointer (&folded);
}

static gboolean
is_within (const char *inner, const char *outer)
{
  gsize n = strlen (outer);

  return strncmp (inner, outer, n) == 0 && (inner[n] == '\0' || inner[n] == '\\');
}

static gboolean
is_separator (char c)
{
  return c == '\\' || c == '/';
}

/* A UNC path (\\server\share, //server/share, \\?\UNC\server\share) names
 * a remote share; the other device paths under \\.\ and \\?\ (named
 * pipes, disks, volumes) are local. */
static gboolean
is_unc_path (const char *path)
{
  if (!is_separator (path[0]) || !is_separator (path[1]))
    return FALSE;
  if ((path[2] == '.' || path[2] == '?') && is_separator (path[3]))
    return g_ascii_strncasecmp (path + 4, "UNC", 3) == 0 && is_separator (path[7]);
  return TRUE;
}

static void
check_source (OciCheckContext *ctx, JsonObject *mount, guint index)
{
  const char *source = oci_json_object_get_string (mount, "source");
  g_autofree char *ptr = NULL;

  if (source == NULL)
    return;
  ptr = g_strdup_printf ("/mounts/%u/source", index);
  oci_check_expect (ctx, !is_unc_path (source), "windows.mounts.source.local", ptr,
                    "\"%s\" is a UNC path: a Windows mount source is a local directory of the host", source);
}

static int
compare_dest (gconstpointer a, gconstpointer b, gpointer data)
{
  return strcmp (a, b);
}

/* The earliest-found earlier mount nested with @a, or -1: one whose
 * destination @a is within (@a or one of its parents, looked up), else
 * one within @a (the range of the sorted destinations from "@a\\" up to
 * "@a]", ']' following '\\'). */
static gint
earlier_nested (GHashTable *first, GSequence *sorted, const char *a)
{
  g_autofree char *prefix = g_strdup (a);
  g_autofree char *below = g_strconcat (a, "\\", NULL);
  g_autofree char *after = g_strconcat (a, "]", NULL);
  GSequenceIter *begin;
  gpointer k;

  for (char *sep = prefix + strlen (prefix);; sep = strrchr (prefix, '\\'))
    {
      *sep = '\0';
      if (g_hash_table_lookup_extended (first, prefix, NULL, &k))
        return GPOINTER_TO_INT (k);
      if (strchr (prefix, '\\') == NULL)
        break;
    }
  begin = g_sequence_search (sorted, below, compare_dest, NULL);
  if (begin != g_sequence_search (sorted, after, compare_dest, NULL))
    return GPOINTER_TO_INT (g_hash_table_lookup (first, g_sequence_get (begin)));
  return -1;
}

static gboolean
check_mounts (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *mounts = oci_config_get_array (config, "/mounts");
  guint n = mounts ? json_array_get_length (mounts) : 0;
  g_autoptr(GPtrArray) dests = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *mount = element_object (mounts, i);
      const char *dest = oci_json_object_get_string (mount, "destination");

      if (mount)
        check_source (ctx, mount, i);
      /* An empty destination is not absolute: base.mounts.destination.absolute. */
      g_ptr_array_add (dests, dest && *dest ? normalize_destination (dest) : NULL);
    }
  /* Each pair once, at the later mount: earlier destinations are kept in a
   * hash table (for the ones @a is within) and a sorted sequence (for the
   * ones within @a, a range), so n mounts cost O(n log n). */
  {
    g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GSequence) sorted = g_sequence_new (NULL);

    for (guint i = 0; i < n; i++)
      {
        const char *a = dests->pdata[i];
        g_autofree char *ptr = g_strdup_printf ("/mounts/%u/destination", i);
        gint k;

        if (a == NULL)
          continue;
        k = earlier_nested (first, sorted, a);
        if (k >= 0)
          oci_check_fail (ctx, "windows.mounts.destination.nested", ptr,
                          "mount destination \"%s\" %s mount %d's destination \"%s\"",
                          oci_json_object_get_string (element_object (mounts, i), "destination"),
                          is_within (a, dests->pdata[k]) ? "is nested within (or equal to)" : "contains",
                          k, oci_json_object_get_string (element_object (mounts, (guint) k), "destination"));
        else
          oci_check_pass (ctx, "windows.mounts.destination.nested");
        if (!g_hash_table_contains (first, a))
          {
            g_hash_table_insert (first, (gpointer) a, GUINT_TO_POINTER (i));
            g_sequence_insert_sorted (sorted, (gpointer) a, compare_dest, NULL);
          }
      }
  }
  return TRUE;
}

static void
check_layer_folders (OciCheckContext *ctx, OciConfig *config)
{
  JsonArray *layers = oci_config_get_array (config, "/windows/layerFolders");

  if (layers == NULL && oci_config_has (config, "/windows/layerFolders"))
    return; /* not an array: a type error the schema reports */
  oci_check_expect (ctx, layers && json_array_get_length (layers) > 0, "windows.layerfolders.required",
                    layers ? "/windows/layerFolders" : "/windows",
                    layers ? "layerFolders has no entry" : "windows has no layerFolders");
}

static void
check_devices (OciCheckContext *ctx, OciConfig *config)
{
  JsonArray *devices = oci_config_get_array (config, "/windows/devices");

  for (guint i = 0; devices && i < json_array_get_length (devices); i++)
    {
      JsonObject *dev = element_object (devices, i);
      const char *id = oci_json_object_get_string (dev, "id");
      const char *id_type = oci_json_object_get_string (dev, "idType");
      g_autofree char *ptr = g_strdup_printf ("/windows/devices/%u", i);

      if (dev == NULL)
        continue;
      if (!oci_check_expect (ctx, json_object_has_member (dev, "id") && json_object_has_member (dev, "idType"),
                             "windows.devices.required", ptr, "device %u has no %s", i,
                             json_object_has_member (dev, "id") ? "idType" : "id"))
        continue;
      if (id && g_strcmp0 (id_type, "class") == 0)
        {
          g_autofree char *id_ptr = g_strconcat (ptr, "/id", NULL);
          oci_check_expect (ctx, is_guid (id), "windows.devices.id.guid", id_ptr,
                            "\"%s\" is not a device interface class GUID", id);
        }
    }
}

static void
check_cpu (OciCheckContext *ctx, OciConfig *config)
{
  JsonObject *cpu = oci_config_get_object (config, "/windows/resources/cpu");
  JsonArray *affinity = oci_json_object_get_array (cpu, "affinity");
  g_autoptr(GString) given = g_string_new (NULL);
  guint n_given = 0;
  gint64 v;

  if (cpu == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (cpu_limits); i++)
    if (json_object_has_member (cpu, cpu_limits[i]) && !json_object_get_null_member (cpu, cpu_limits[i]))
      {
        g_string_append_printf (given, "%s%s", n_given ? ", " : "", cpu_limits[i]);
        n_given++;
      }
  oci_check_expect (ctx, n_given <= 1, "windows.resources.cpu.exclusive", "/windows/resources/cpu",
                    "cpu sets %s, which are mutually exclusive", given->str);
  if (oci_json_object_get_int (cpu, "shares", &v))
    oci_check_expect (ctx, v >= 0 && v <= 10000, "windows.resources.cpu.shares.range",
                      "/windows/resources/cpu/shares", "cpu shares %" G_GINT64_FORMAT
                      " is not between 0 and 10000", v);
  if (oci_json_object_get_int (cpu, "maximum", &v))
    oci_check_expect (ctx, v >= 0 && v <= 10000, "windows.resources.cpu.maximum.range",
                      "/windows/resources/cpu/maximum", "cpu maximum %" G_GINT64_FORMAT
                      " is not between 0 and 10000 (cycles per 10,000)", v);
  for (guint i = 0; affinity && i < json_array_get_length (affinity); i++)
    {
      JsonObject *entry = element_object (affinity, i);
      g_autofree char *ptr = g_strdup_printf ("/windows/resources/cpu/affinity/%u", i);
      if (entry == NULL)
        continue;
      oci_check_expect (ctx, json_object_has_member (entry, "mask"), "windows.resources.cpu.affinity.mask",
                        ptr, "cpu affinity entry %u has no mask", i);
      /* The Go bindings' omitempty drops a zero group: the text still
       * requires it, so a writer must spell out group 0. */
      oci_check_expect (ctx, json_object_has_member (entry, "group"), "windows.resources.cpu.affinity.group",
                        ptr, "cpu affinity entry %u has no group (processor group 0 is written \"group\": 0)", i);
    }
}

/* Windows runs a command line when there is no args array. */
static void
check_command_line (OciCheckContext *ctx, OciConfig *config)
{
  JsonArray *args = oci_config_get_array (config, "/process/args");

  if (!oci_config_has (config, "/process") || (args && json_array_get_length (args) > 0))
    return;
  oci_check_expect (ctx, oci_config_get_string (config, "/process/commandLine") != NULL,
                    "windows.process.commandline.required", "/process",
                    "process has neither args nor commandLine: nothing to run");
}

static void
check_network (OciCheckContext *ctx, OciConfig *config)
{
  JsonObject *network = oci_config_get_object (config, "/windows/network");
  g_autoptr(GString) others = g_string_new (NULL);

  if (network == NULL || oci_json_object_get_string (network, "networkNamespace") == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (network_others); i++)
    if (json_object_has_member (network, network_others[i]))
      g_string_append_printf (others, "%s%s", others->len ? ", " : "", network_others[i]);
  oci_check_expect (ctx, others->len == 0, "windows.network.namespace.exclusive", "/windows/network",
                    "networkNamespace is given together with %s", others->str);
}

static gboolean
check_windows (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);

  check_command_line (ctx, config);
  if (!oci_check_expect (ctx, oci_config_get_object (config, "/windows") != NULL, "windows.required", "",
                         "the target platform is windows, but the config has no windows object"))
    return TRUE;
  check_layer_folders (ctx, config);
  check_devices (ctx, config);
  check_cpu (ctx, config);
  check_network (ctx, config);
  return TRUE;
}

static const OciChecker windows_checkers[] = {
  { "windows.config", "the windows object: layerFolders, devices, resources, network", OCI_PHASE_BUNDLE,
    check_windows },
  { "windows.root", "root on Windows: none with Hyper-V, else a volume GUID path, not read-only",
    OCI_PHASE_BUNDLE, check_root },
  { "windows.mounts", "Windows mount destinations are not nested, sources are local", OCI_PHASE_BUNDLE,
    check_mounts },
};

void
windows_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, windows_requirements, G_N_ELEMENTS (windows_requirements));
  oci_plugin_add_checkers (plugin, windows_checkers, G_N_ELEMENTS (windows_checkers));
}
