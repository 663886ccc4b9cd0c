/* A module without the descriptor symbol.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

G_MODULE_EXPORT int not_a_descriptor (void);

G_MODULE_EXPORT int
not_a_descriptor (void)
{
  return 42;
}
__attribute__ ((used, section (OCI_PLUGIN_META_SECTION))) static const char meta[] = OCI_PLUGIN_META_MAGIC "testnodesc\037*\037no descriptor";
