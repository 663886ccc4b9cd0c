/* Valid metadata for Solaris, but an unresolved symbol: it must not be
 * opened (nor warned about) until a Solaris target needs it.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

extern int oci_test_symbol_nobody_defines (void);

static gboolean
init (OciPlugin *plugin, GError **error)
{
  return oci_test_symbol_nobody_defines () == 0;
}

OCI_PLUGIN_DEFINE ("testlazy", "opened only for solaris", "solaris", init)
