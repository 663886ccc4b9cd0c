/* solaris-options.c — generate options, defaults and field order of config-solaris.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "solaris-plugin.h"

static const char *const solaris_order[] = {
  "milestone", "limitpriv", "maxShmMemory", "anet", "cappedCPU", "cappedMemory", NULL,
};
static const char *const anet_order[] = {
  "linkname", "lowerLink", "allowedAddress", "configureAllowedAddress", "defrouter",
  "linkProtection", "macAddress", NULL,
};

static const OciFieldOrder solaris_field_orders[] = {
  { "/solaris", OCI_FIELD_ORDER_LISTED, solaris_order },
  { "/solaris/anet/*", OCI_FIELD_ORDER_LISTED, anet_order },
};

void
solaris_register_options (OciPlugin *plugin)
{
  oci_plugin_add_field_orders (plugin, solaris_field_orders, G_N_ELEMENTS (solaris_field_orders));
}
