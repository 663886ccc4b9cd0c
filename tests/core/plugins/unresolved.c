/* Calls a function no library defines: refused when loaded.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

extern int oci_test_symbol_nobody_defines (void);

static gboolean
init (OciPlugin *plugin, GError **error)
{
  return oci_test_symbol_nobody_defines () == 0;
}

OCI_PLUGIN_DEFINE ("testunresolved", "unresolved symbol", "*", init)
