/* freebsd-plugin.h — the parts of the freebsd plugin
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* freebsd-checks.c: requirements and checkers */
void freebsd_register_checks (OciPlugin *plugin);
/* freebsd-options.c: generate options, defaults and output field order */
void freebsd_register_options (OciPlugin *plugin);

G_END_DECLS
