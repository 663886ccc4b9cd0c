/* base-plugin.h — the parts of the base plugin
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* base-checks.c: requirements and checkers */
void base_register_checks (OciPlugin *plugin);
/* base-options.c: generate options, defaults and output field order */
void base_register_options (OciPlugin *plugin);

G_END_DECLS
