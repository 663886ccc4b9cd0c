/* freebsd-checks.c — requirements and checkers of config-freebsd.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "freebsd-plugin.h"

void
freebsd_register_checks (OciPlugin *plugin)
{
}
