/* Needs a libocirt far newer than any: refused before it is opened.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
too_new_init (OciPlugin *plugin, GError **error)
{
  g_error ("the init of a plugin needing a newer libocirt ran");
  return FALSE;
}

OCI_PLUGIN_DEFINE_FULL ("testnew", "needs libocirt 99", "*", too_new_init, "1.0.0", "MIT", "", "", "99.0.0")
