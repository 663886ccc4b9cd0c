/* hooks-plugin.h — the parts of the hooks plugin
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* hooks-checks.c: requirements and checkers */
void hooks_register_checks (OciPlugin *plugin);
/* hooks-options.c: generate options, defaults and output field order */
void hooks_register_options (OciPlugin *plugin);

G_END_DECLS
