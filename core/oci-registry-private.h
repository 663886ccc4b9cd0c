/* oci-registry-private.h — what the core's other parts use of the registry
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "oci-registry.h"

G_BEGIN_DECLS

/* Builds the lazy indexes a validation reads, so that threads can then
 * share the registry read-only. */
G_GNUC_INTERNAL void oci_registry_prepare_indexes (OciRegistry *self);

G_END_DECLS
