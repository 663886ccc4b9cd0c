/* windows-options.c — generate options, defaults and field order of config-windows.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "windows-plugin.h"

void
windows_register_options (OciPlugin *plugin)
{
}
