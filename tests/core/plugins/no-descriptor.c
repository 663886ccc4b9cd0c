/* A module without the descriptor symbol.
 * SPDX-License-Identifier: Apache-2.0 */
#include <gmodule.h>

G_MODULE_EXPORT int not_a_descriptor (void);

G_MODULE_EXPORT int
not_a_descriptor (void)
{
  return 42;
}
