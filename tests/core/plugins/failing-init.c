/* Its init fails.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
init (OciPlugin *plugin, GError **error)
{
  g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INIT, "deliberately failing init");
  return FALSE;
}

OCI_PLUGIN_DEFINE ("testfailing", "failing init", "*", init)
