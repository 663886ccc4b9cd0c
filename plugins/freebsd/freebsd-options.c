/* freebsd-options.c — generate options, defaults and field order of config-freebsd.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "freebsd-plugin.h"

void
freebsd_register_options (OciPlugin *plugin)
{
}
