/* windows-plugin.h — the parts of the windows plugin
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* windows-checks.c: requirements and checkers */
void windows_register_checks (OciPlugin *plugin);
/* windows-options.c: generate options, defaults and output field order */
void windows_register_options (OciPlugin *plugin);

G_END_DECLS
