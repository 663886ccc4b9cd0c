/* hooks-runtime.h — the hooks plugin's runtime-validate cases
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* The one call the plugin's init makes: requirements and cases. */
void hooks_register_runtime (OciPlugin *plugin);
/* hooks-cases-ns.c: where each kind of hook runs */
void hooks_register_ns (OciPlugin *plugin);

G_END_DECLS
