/* zos-checks.c — requirements and checkers of config-zos.md
 *
 * config-zos.md described devices from 1.1.0 to 1.2.0; 1.2.1 replaced them
 * with namespaces and asked for /proc.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "zos-plugin.h"

static const OciRequirement zos_requirements[] = {
  { "zos.devices.path.absolute", OCI_LEVEL_ADVICE, "config-zos.md", "configZOSDevices", "1.1.0", "1.2.1",
    "a device path is the full (absolute) path of the device inside the container (advice: "
    "the text says full path, without a keyword)" },
  { "zos.devices.majorminor.required", OCI_LEVEL_REQUIRED, "config-zos.md", "configZOSDevices", "1.1.0",
    "1.2.1", "major and minor are REQUIRED unless the device type is p" },
  { "zos.devices.node.match", OCI_LEVEL_MUST, "config-zos.md", "configZOSDevices", "1.1.0", "1.2.1",
    "a file that already exists at a device's path MUST match the requested device (or the runtime MUST "
    "generate an error)" },
  { "zos.devices.unique", OCI_LEVEL_SHOULD_NOT, "config-zos.md", "configZOSDevices", "1.1.0", "1.2.1",
    "the same type, major and minor SHOULD NOT be used for multiple devices" },
  { "zos.mounts.proc", OCI_LEVEL_SHOULD, "config-zos.md", "ZOSContainerConfiguration", "1.2.1", NULL,
    "a proc filesystem SHOULD be made available at /proc" },
  { "zos.namespaces.path.absolute", OCI_LEVEL_MUST, "config-zos.md", "configZOSNamespaces", "1.2.1", NULL,
    "a namespace path MUST be an absolute path in the runtime mount namespace" },
  { "zos.namespaces.type.unique", OCI_LEVEL_MUST, "config-zos.md", "configZOSNamespaces", "1.2.1", NULL,
    "namespaces MUST NOT repeat a type (the runtime MUST generate an error)" },
};

static JsonObject *
element_object (JsonArray *array, guint index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
needs_numbers (const char *type)
{
  return strcmp (type, "b") == 0 || strcmp (type, "c") == 0 || strcmp (type, "u") == 0;
}

static gboolean
node_matches (const struct stat *st, const char *type, gint64 major_n, gint64 minor_n)
{
  if (strcmp (type, "p") == 0)
    return S_ISFIFO (st->st_mode);
  if (strcmp (type, "b") == 0 ? !S_ISBLK (st->st_mode) : !S_ISCHR (st->st_mode))
    return FALSE;
  return (gint64) major (st->st_rdev) == major_n && (gint64) minor (st->st_rdev) == minor_n;
}

static void
push_components (GQueue *queue, const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);

  for (guint i = n; i > 0; i--)
    g_queue_push_head (queue, g_strdup (parts[i - 1]));
}

/* @path as the container sees it under @root: a symlink met on the way is
 * read inside @root (an absolute target restarts at @root, never at the
 * host's /); the last component is not followed. %NULL on a link loop. */
static char *
resolve_in_root (const char *root, const char *path)
{
  g_autoptr(GQueue) pending = g_queue_new ();
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_free);
  guint links = 0;

  push_components (pending, path);
  while (!g_queue_is_empty (pending))
    {
      g_autofree char *comp = g_queue_pop_head (pending);
      g_autofree char *inside = NULL;
      g_autofree char *host = NULL;
      g_autofree char *target = NULL;

      if (*comp == '\0' || strcmp (comp, ".") == 0)
        continue;
      if (strcmp (comp, "..") == 0)
        {
          if (done->len > 0)
            g_ptr_array_remove_index (done, done->len - 1);
          continue;
        }
      g_ptr_array_add (done, g_steal_pointer (&comp));
      if (g_queue_is_empty (pending))
        break;
      g_ptr_array_add (done, NULL);
      inside = g_build_filenamev ((char **) done->pdata);
      g_ptr_array_set_size (done, done->len - 1);
      host = g_build_filename (root, inside, NULL);
      target = g_file_read_link (host, NULL);
      if (target == NULL)
        continue;
      if (++links > 40)
        {
          g_queue_clear_full (pending, g_free);
          return NULL;
        }
      g_ptr_array_set_size (done, g_path_is_absolute (target) ? 0 : done->len - 1);
      push_components (pending, target);
    }
  g_ptr_array_insert (done, 0, g_strdup (root));
  g_ptr_array_add (done, NULL);
  return g_build_filenamev ((char **) done->pdata);
}

/* What is already at the device's path in the bundle's root filesystem,
 * if anything, must be the device asked for. */
static void
check_node (OciCheckContext *ctx, JsonObject *dev, const char *ptr)
{
  const char *rootfs = oci_check_context_get_rootfs (ctx);
  const char *path = oci_json_object_get_string (dev, "path");
  const char *type = oci_json_object_get_string (dev, "type");
  gint64 major_n = 0, minor_n = 0;
  g_autofree char *host = NULL;
  struct stat st;

  if (rootfs == NULL || oci_check_context_get_bundle (ctx) == NULL || path == NULL || *path != '/'
      || type == NULL || strlen (type) != 1 || strchr ("bcup", *type) == NULL)
    return;
  oci_json_object_get_int (dev, "major", &major_n);
  oci_json_object_get_int (dev, "minor", &minor_n);
  host = resolve_in_root (rootfs, path);
  if (host == NULL)
    {
      oci_check_skip (ctx, "zos.devices.node.match", ptr, "%s: too many symbolic links", path);
      return;
    }
  if (lstat (host, &st) != 0)
    {
      if (errno == ENOENT)
        oci_check_pass (ctx, "zos.devices.node.match");
      return;
    }
  oci_check_expect (ctx, node_matches (&st, type, major_n, minor_n), "zos.devices.node.match", ptr,
                    "%s already exists in the root filesystem and is not the %s device %" G_GINT64_FORMAT
                    ":%" G_GINT64_FORMAT " the config asks for", path, type, major_n, minor_n);
}

static void
check_device (OciCheckContext *ctx, JsonObject *dev, guint i, GHashTable *seen)
{
  const char *path = oci_json_object_get_string (dev, "path");
  const char *type = oci_json_object_get_string (dev, "type");
  g_autofree char *ptr = g_strdup_printf ("/zos/devices/%u", i);
  g_autofree char *path_ptr = g_strconcat (ptr, "/path", NULL);
  gint64 major_n, minor_n;
  gboolean has_major, has_minor;

  if (path)
    oci_check_expect (ctx, g_path_is_absolute (path), "zos.devices.path.absolute", path_ptr,
                      "\"%s\" is not an absolute path", path);
  if (type == NULL || !needs_numbers (type))
    {
      check_node (ctx, dev, ptr);
      return;
    }
  has_major = json_object_has_member (dev, "major");
  has_minor = json_object_has_member (dev, "minor");
  if (!oci_check_expect (ctx, has_major && has_minor, "zos.devices.majorminor.required", ptr,
                         "device %u of type %s has no %s", i, type, has_major ? "minor" : "major"))
    return;
  check_node (ctx, dev, ptr);
  if (oci_json_object_get_int (dev, "major", &major_n) && oci_json_object_get_int (dev, "minor", &minor_n))
    {
      g_autofree char *key = g_strdup_printf ("%s %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, type, major_n,
                                              minor_n);
      oci_check_expect (ctx, !g_hash_table_contains (seen, key), "zos.devices.unique", ptr,
                        "device %u repeats the type and numbers %s of device %u", i, key,
                        GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)));
      if (!g_hash_table_contains (seen, key))
        g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (i));
    }
}

static void
check_devices (OciCheckContext *ctx, OciConfig *config)
{
  JsonArray *devices = oci_config_get_array (config, "/zos/devices");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; devices && i < json_array_get_length (devices); i++)
    {
      JsonObject *dev = element_object (devices, i);
      if (dev)
        check_device (ctx, dev, i, seen);
    }
}

static void
check_namespaces (OciCheckContext *ctx, OciConfig *config)
{
  JsonArray *namespaces = oci_config_get_array (config, "/zos/namespaces");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; namespaces && i < json_array_get_length (namespaces); i++)
    {
      JsonObject *ns = element_object (namespaces, i);
      const char *type = oci_json_object_get_string (ns, "type");
      const char *path = oci_json_object_get_string (ns, "path");
      g_autofree char *ptr = g_strdup_printf ("/zos/namespaces/%u", i);
      g_autofree char *path_ptr = g_strconcat (ptr, "/path", NULL);
      g_autofree char *type_ptr = g_strconcat (ptr, "/type", NULL);

      if (path)
        oci_check_expect (ctx, g_path_is_absolute (path), "zos.namespaces.path.absolute", path_ptr,
                          "\"%s\" is not an absolute path", path);
      if (type == NULL)
        continue;
      oci_check_expect (ctx, !g_hash_table_contains (seen, type), "zos.namespaces.type.unique", type_ptr,
                        "namespace %u repeats the type \"%s\" of namespace %u", i, type,
                        GPOINTER_TO_UINT (g_hash_table_lookup (seen, type)));
      if (!g_hash_table_contains (seen, type))
        g_hash_table_insert (seen, (gpointer) type, GUINT_TO_POINTER (i));
    }
}

static gboolean
check_zos (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);

  check_devices (ctx, config);
  check_namespaces (ctx, config);
  return TRUE;
}

static gboolean
check_proc (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *mounts = oci_config_get_array (config, "/mounts");
  gboolean found = FALSE;

  if (!oci_check_context_wants (ctx, "zos.mounts.proc"))
    return TRUE;
  for (guint i = 0; mounts && i < json_array_get_length (mounts) && !found; i++)
    {
      JsonObject *m = element_object (mounts, i);
      const char *dest = oci_json_object_get_string (m, "destination");
      g_autofree char *canon = dest && *dest == '/' ? g_canonicalize_filename (dest, "/") : NULL;

      found = canon && strcmp (canon, "/proc") == 0
              && g_strcmp0 (oci_json_object_get_string (m, "type"), "proc") == 0;
    }
  oci_check_expect (ctx, found, "zos.mounts.proc", mounts ? "/mounts" : "",
                    "no proc filesystem is mounted on /proc");
  return TRUE;
}

static const OciChecker zos_checkers[] = {
  { "zos.config", "the zos object: devices (1.1.0 to 1.2.0), namespaces (from 1.2.1)", OCI_PHASE_BUNDLE,
    check_zos },
  { "zos.proc", "a proc filesystem is mounted on /proc (from 1.2.1)", OCI_PHASE_BUNDLE, check_proc },
};

void
zos_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, zos_requirements, G_N_ELEMENTS (zos_requirements));
  oci_plugin_add_checkers (plugin, zos_checkers, G_N_ELEMENTS (zos_checkers));
}
