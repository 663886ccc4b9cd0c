/* zos-options.c — generate options, defaults and field order of config-zos.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "zos-plugin.h"

void
zos_register_options (OciPlugin *plugin)
{
}
