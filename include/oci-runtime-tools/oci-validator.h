/* oci-validator.h — runs the registered checkers over bundles and documents
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "oci-check.h"
#include "oci-config.h"
#include "oci-registry.h"
#include "oci-result-bus.h"

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

#define OCI_TYPE_VALIDATOR (oci_validator_get_type ())
G_DECLARE_FINAL_TYPE (OciValidator, oci_validator, OCI, VALIDATOR, GObject)

/* The id of the core's JSON Schema checker, and of its requirement. */
#define OCI_SCHEMA_CHECKER_ID "schema"

OciValidator *oci_validator_new (OciRegistry *registry, OciResultBus *bus);
void oci_validator_set_host_specific (OciValidator *self, gboolean host_specific);
void oci_validator_set_phase (OciValidator *self, OciPhase phase);
void oci_validator_set_platform (OciValidator *self, const char *os, const char *arch);
void oci_validator_set_spec_version (OciValidator *self, const char *release);
gboolean oci_validator_set_schema_dir (OciValidator *self, const char *dir, GError **error);
void oci_validator_set_filters (OciValidator *self,
                                const char *const *only,
                                const char *const *skip);
gboolean oci_validator_selects (OciValidator *self, const char *id);
guint oci_validator_get_checks_run (OciValidator *self);

gboolean oci_validator_validate_bundle (OciValidator *self, const char *bundle, GError **error);
OciConfig *oci_validator_get_last_config (OciValidator *self);
guint oci_validator_validate_bundles (OciValidator *self, const char *const *bundles, guint jobs);
gboolean oci_validator_validate_config (OciValidator *self,
                                        OciConfig *config,
                                        const char *bundle,
                                        const char *subject,
                                        GError **error);
gboolean oci_validator_validate_document (OciValidator *self,
                                          const char *path,
                                          const char *document,
                                          GError **error);

char *oci_platform_from_config (OciConfig *config, const char *const *platform_names);

#pragma GCC visibility pop

G_END_DECLS
