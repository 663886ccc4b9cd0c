/* hooks-options.c — generate options, defaults and field order of lifecycle hooks
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "hooks-plugin.h"

static const char *const hooks_order[] = {
  "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop", NULL,
};
static const char *const hook_order[] = { "path", "args", "env", "timeout", NULL };

static const OciFieldOrder hooks_field_orders[] = {
  { "/hooks", OCI_FIELD_ORDER_LISTED, hooks_order },
  { "/hooks/prestart/*", OCI_FIELD_ORDER_LISTED, hook_order },
  { "/hooks/createRuntime/*", OCI_FIELD_ORDER_LISTED, hook_order },
  { "/hooks/createContainer/*", OCI_FIELD_ORDER_LISTED, hook_order },
  { "/hooks/startContainer/*", OCI_FIELD_ORDER_LISTED, hook_order },
  { "/hooks/poststart/*", OCI_FIELD_ORDER_LISTED, hook_order },
  { "/hooks/poststop/*", OCI_FIELD_ORDER_LISTED, hook_order },
};

void
hooks_register_options (OciPlugin *plugin)
{
  oci_plugin_add_field_orders (plugin, hooks_field_orders, G_N_ELEMENTS (hooks_field_orders));
}
