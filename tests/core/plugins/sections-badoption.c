/* Declares config sections but names an option after none of them.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static const OciOption options[] = {
  { "elsewhere-flag", NULL, "not named after the section", OCI_OPTION_FLAG, oci_option_set_bool,
    "/org.example.vendor/flag" },
};

static gboolean
init (OciPlugin *plugin, GError **error)
{
  oci_plugin_add_options (plugin, options, G_N_ELEMENTS (options));
  return TRUE;
}

OCI_PLUGIN_DEFINE_FOR_SECTIONS ("testsecopt", "misnamed option", "*", "org.example.vendor", init)
