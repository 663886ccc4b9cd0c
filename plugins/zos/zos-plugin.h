/* zos-plugin.h — the parts of the zos plugin
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* zos-checks.c: requirements and checkers */
void zos_register_checks (OciPlugin *plugin);
/* zos-options.c: generate options, defaults and output field order */
void zos_register_options (OciPlugin *plugin);

G_END_DECLS
