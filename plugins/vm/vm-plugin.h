/* vm-plugin.h — the parts of the vm plugin
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* vm-checks.c: requirements and checkers */
void vm_register_checks (OciPlugin *plugin);
/* vm-options.c: generate options, defaults and output field order */
void vm_register_options (OciPlugin *plugin);

G_END_DECLS
