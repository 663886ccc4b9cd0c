/* solaris-plugin.h — the parts of the solaris plugin
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* solaris-checks.c: requirements and checkers */
void solaris_register_checks (OciPlugin *plugin);
/* solaris-options.c: generate options, defaults and output field order */
void solaris_register_options (OciPlugin *plugin);

G_END_DECLS
