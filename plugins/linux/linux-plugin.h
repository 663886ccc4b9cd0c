/* linux-plugin.h — the parts of the linux plugin
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* linux-checks.c: requirements and checkers */
void linux_register_checks (OciPlugin *plugin);
/* linux-options.c: generate options, defaults and output field order */
void linux_register_options (OciPlugin *plugin);

G_END_DECLS
