/* linux-options.c — generate options, defaults and field order of config-linux.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "linux-plugin.h"

static const char *const linux_order[] = {
  "uidMappings", "gidMappings", "sysctl", "resources", "cgroupsPath", "namespaces", "devices",
  "netDevices", "seccomp", "rootfsPropagation", "maskedPaths", "readonlyPaths", "mountLabel",
  "intelRdt", "memoryPolicy", "personality", "timeOffsets", NULL,
};
static const char *const namespace_order[] = { "type", "path", NULL };

static const OciFieldOrder linux_field_orders[] = {
  { "/linux", OCI_FIELD_ORDER_LISTED, linux_order },
  { "/linux/namespaces/*", OCI_FIELD_ORDER_LISTED, namespace_order },
  { "/linux/sysctl", OCI_FIELD_ORDER_SORTED, NULL },
};

void
linux_register_options (OciPlugin *plugin)
{
  oci_plugin_add_field_orders (plugin, linux_field_orders, G_N_ELEMENTS (linux_field_orders));
}
