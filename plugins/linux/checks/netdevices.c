/* netdevices.c — linux.netDevices (from 1.3.0): host interfaces moved into
 * the container
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-checks.h"

static const OciRequirement netdevice_requirements[] = {
  { "linux.netdevices.name", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxNetworkDevices", "1.3.0", NULL,
    "an interface name is 1 to 15 bytes, not . or .., without '/', ':' or blanks (advice: the "
    "kernel refuses others)" },
  { "linux.netdevices.netns", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxNetworkDevices", "1.3.0", NULL,
    "network devices move into the container's network namespace: linux.namespaces needs one "
    "(advice: the text's MUSTs bind runtimes, which have nowhere to move them otherwise)" },
  { "linux.netdevices.unique", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNetworkDevices", "1.3.0", NULL,
    "two devices MUST NOT get the same name in the container (the runtime MUST generate an error) unless "
    "the name is a %d template" },
};

static gboolean
interface_name_valid (const char *name)
{
  gsize len = strlen (name);

  return len > 0 && len < 16 && strcmp (name, ".") != 0 && strcmp (name, "..") != 0
         && strpbrk (name, "/: \t\n\r\v\f") == NULL;
}

static void
check_name (OciCheckContext *ctx, const char *name, const char *ptr)
{
  oci_check_expect (ctx, interface_name_valid (name), "linux.netdevices.name", ptr,
                    "\"%s\" is not a valid network interface name", name);
}

static gboolean
check_netdevices (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonObject *devices = oci_config_get_object (config, "/linux/netDevices");
  g_autoptr(GList) hosts = devices ? json_object_get_members (devices) : NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  if (devices == NULL || hosts == NULL)
    return TRUE;
  oci_check_expect (ctx, linux_check_namespace (config, "network").present, "linux.netdevices.netns",
                    "/linux/netDevices", "network devices are moved but linux.namespaces has no network namespace");
  for (GList *l = hosts; l; l = l->next)
    {
      const char *host = l->data;
      const char *name = oci_json_object_get_string (oci_json_object_get_object (devices, host), "name");
      g_autofree char *ptr = oci_json_pointer_append ("/linux/netDevices", host);
      g_autofree char *name_ptr = oci_json_pointer_append (ptr, "name");

      check_name (ctx, host, ptr);
      if (name && *name)
        check_name (ctx, name, name_ptr);
      else
        name = host;
      if (strstr (name, "%d") == NULL)
        oci_check_expect (ctx, g_hash_table_add (names, (gpointer) name), "linux.netdevices.unique",
                          name == host ? ptr : name_ptr, "two devices are named \"%s\" in the container", name);
    }
  return TRUE;
}

static const OciChecker netdevice_checkers[] = {
  { "linux.netdevices", "network devices moved into the container", OCI_PHASE_BUNDLE, check_netdevices },
};

void
linux_checks_netdevices_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, netdevice_requirements, G_N_ELEMENTS (netdevice_requirements));
  oci_plugin_add_checkers (plugin, netdevice_checkers, G_N_ELEMENTS (netdevice_checkers));
}
