/* zos-checks.c — requirements and checkers of config-zos.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "zos-plugin.h"

void
zos_register_checks (OciPlugin *plugin)
{
}
