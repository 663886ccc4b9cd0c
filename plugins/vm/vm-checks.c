/* vm-checks.c — requirements and checkers of config-vm.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "vm-plugin.h"

void
vm_register_checks (OciPlugin *plugin)
{
}
