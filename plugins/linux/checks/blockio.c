/* blockio.c — linux.resources: block I/O, device access, huge pages,
 * unified (cgroup v2) files and RDMA
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-checks.h"

static const OciRequirement blockio_requirements[] = {
  { "linux.resources.blockio.weightdevice", OCI_LEVEL_MUST, "config-linux.md", "configLinuxBlockIO", "1.0.0", NULL,
    "a weightDevice entry MUST specify at least one of weight or leafWeight" },
  { "linux.resources.devices.type", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxDeviceWhitelist", "1.0.0",
    "1.1.0", "a device cgroup rule's type is a (all), c (char) or b (block) (advice: the text lists "
    "the values without a keyword; the devices controller takes no other)" },
  { "linux.resources.devices.type", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxDeviceAllowedlist", "1.1.0",
    NULL, "a device cgroup rule's type is a (all), c (char) or b (block) (advice: the text lists "
    "the values without a keyword; the devices controller takes no other)" },
  { "linux.resources.devices.access", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxDeviceWhitelist", "1.0.0",
    "1.1.0", "a device cgroup rule's access is a composition of r, w and m (advice: the text gives the "
    "letters without a keyword; the devices controller takes no other)" },
  { "linux.resources.devices.access", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxDeviceAllowedlist", "1.1.0",
    NULL, "a device cgroup rule's access is a composition of r, w and m (advice: the text gives the "
    "letters without a keyword; the devices controller takes no other)" },
  { "linux.resources.hugepage.pagesize", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxHugePageLimits", "1.0.0",
    "1.0.2", "a huge page size is written as the kernel names it, <size><K|M|G>B, a power of two such "
    "as 2MB (advice: the hugetlb controller has files only for those names)" },
  { "linux.resources.hugepage.pagesize", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxHugePageLimits", "1.0.2",
    NULL, "pageSize has the format <size><unit-prefix>B (64KB, 2MB, 1GB), a power of two (advice: "
    "the text gives the format without a keyword; the hugetlb controller has files only for "
    "those names)" },
  { "linux.resources.unified.key", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxUnified", "1.1.0", NULL,
    "a unified key names a file of the container's cgroup: <controller>.<name>, no '/' "
    "(advice: the text says each key refers to a file, without a keyword; runc refuses other "
    "keys)" },
  { "linux.resources.rdma.limit", OCI_LEVEL_MUST, "config-linux.md", "configLinuxRDMA", "1.0.2", NULL,
    "an rdma entry MUST specify at least one of hcaHandles or hcaObjects" },
};

static void
check_blockio (OciCheckContext *ctx, JsonObject *blockio)
{
  JsonArray *devices = oci_json_object_get_array (blockio, "weightDevice");

  /* No range for the weights: the 10 to 1000 of the blkio controller was
   * in pre-1.0 drafts only; from 1.0.0 they are plain uint16 (Docker
   * writes 0 for unset). */
  for (guint i = 0; devices && i < json_array_get_length (devices); i++)
    {
      JsonObject *entry = linux_check_object_at (devices, i);
      g_autofree char *ptr = g_strdup_printf ("/linux/resources/blockIO/weightDevice/%u", i);

      if (entry == NULL)
        continue;
      oci_check_expect (ctx, json_object_has_member (entry, "weight") || json_object_has_member (entry, "leafWeight"),
                        "linux.resources.blockio.weightdevice", ptr, "the entry has neither weight nor leafWeight");
    }
}

static void
check_device_rules (OciCheckContext *ctx, JsonArray *rules)
{
  for (guint i = 0; rules && i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = linux_check_object_at (rules, i);
      const char *type = oci_json_object_get_string (rule, "type");
      const char *access = oci_json_object_get_string (rule, "access");
      g_autofree char *type_ptr = g_strdup_printf ("/linux/resources/devices/%u/type", i);
      g_autofree char *access_ptr = g_strdup_printf ("/linux/resources/devices/%u/access", i);

      if (type)
        oci_check_expect (ctx, strlen (type) == 1 && strchr ("acb", *type), "linux.resources.devices.type",
                          type_ptr, "\"%s\" is not a device rule type (a, c, b)", type);
      if (access)
        oci_check_expect (ctx, strspn (access, "rwm") == strlen (access), "linux.resources.devices.access",
                          access_ptr, "\"%s\" is not a composition of r, w and m", access);
    }
}

static gboolean
page_size_valid (const char *size)
{
  char *end;
  guint64 n;

  if (!g_ascii_isdigit (*size) || *size == '0')
    return FALSE;
  n = g_ascii_strtoull (size, &end, 10);
  return strchr ("KMG", *end) && *end && strcmp (end + 1, "B") == 0 && (n & (n - 1)) == 0;
}

static gboolean
unified_key_valid (const char *key)
{
  const char *dot = strchr (key, '.');

  return dot && dot != key && dot[1] != '\0' && strchr (key, '/') == NULL && strstr (key, "..") == NULL;
}

static void
check_maps (OciCheckContext *ctx, OciConfig *config)
{
  JsonObject *unified = oci_config_get_object (config, "/linux/resources/unified");
  JsonObject *rdma = oci_config_get_object (config, "/linux/resources/rdma");
  g_autoptr(GList) keys = unified ? json_object_get_members (unified) : NULL;
  g_autoptr(GList) hcas = rdma ? json_object_get_members (rdma) : NULL;

  for (GList *l = keys; l; l = l->next)
    {
      g_autofree char *ptr = oci_json_pointer_append ("/linux/resources/unified", l->data);

      oci_check_expect (ctx, unified_key_valid (l->data), "linux.resources.unified.key", ptr,
                        "\"%s\" does not name a cgroup file (<controller>.<name>)", (const char *) l->data);
    }
  for (GList *l = hcas; l; l = l->next)
    {
      JsonObject *entry = oci_json_object_get_object (rdma, l->data);
      g_autofree char *ptr = oci_json_pointer_append ("/linux/resources/rdma", l->data);

      if (entry)
        oci_check_expect (ctx, json_object_has_member (entry, "hcaHandles")
                                 || json_object_has_member (entry, "hcaObjects"),
                          "linux.resources.rdma.limit", ptr, "the entry has neither hcaHandles nor hcaObjects");
    }
}

static gboolean
check_blockio_devices (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonObject *blockio = oci_config_get_object (config, "/linux/resources/blockIO");
  JsonArray *pages = oci_config_get_array (config, "/linux/resources/hugepageLimits");

  if (blockio)
    check_blockio (ctx, blockio);
  check_device_rules (ctx, oci_config_get_array (config, "/linux/resources/devices"));
  for (guint i = 0; pages && i < json_array_get_length (pages); i++)
    {
      const char *size = oci_json_object_get_string (linux_check_object_at (pages, i), "pageSize");
      g_autofree char *ptr = g_strdup_printf ("/linux/resources/hugepageLimits/%u/pageSize", i);

      if (size)
        oci_check_expect (ctx, page_size_valid (size), "linux.resources.hugepage.pagesize", ptr,
                          "\"%s\" is not a huge page size such as 2MB", size);
    }
  check_maps (ctx, config);
  return TRUE;
}

static const OciChecker blockio_checkers[] = {
  { "linux.resources.io", "block I/O, device rules, huge pages, unified files and RDMA", OCI_PHASE_BUNDLE,
    check_blockio_devices },
};

void
linux_checks_blockio_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, blockio_requirements, G_N_ELEMENTS (blockio_requirements));
  oci_plugin_add_checkers (plugin, blockio_checkers, G_N_ELEMENTS (blockio_checkers));
}
