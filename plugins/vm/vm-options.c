/* vm-options.c — generate options, defaults and field order of config-vm.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "vm-plugin.h"

void
vm_register_options (OciPlugin *plugin)
{
}
