/* oci-result-bus.h — where checkers post results and reporters listen
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "oci-result.h"

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

#define OCI_TYPE_RESULT_BUS (oci_result_bus_get_type ())
G_DECLARE_FINAL_TYPE (OciResultBus, oci_result_bus, OCI, RESULT_BUS, GObject)

OciResultBus *oci_result_bus_new (OciTier compliance);
OciTier oci_result_bus_get_compliance (OciResultBus *self);
void oci_result_bus_set_want_passes (OciResultBus *self, gboolean want);
gboolean oci_result_bus_get_want_passes (OciResultBus *self);
void oci_result_bus_set_strict (OciResultBus *self, gboolean strict);
/* Failures of one requirement shown per subject before a summary. */
#define OCI_RESULT_BUS_DEFAULT_MAX_FINDINGS 100
void oci_result_bus_set_max_findings (OciResultBus *self, guint max);
guint oci_result_bus_count_not_shown (OciResultBus *self);
gboolean oci_result_bus_get_strict (OciResultBus *self);

void oci_result_bus_begin_subject (OciResultBus *self, const char *subject);
void oci_result_bus_post (OciResultBus *self, const OciResult *result);
void oci_result_bus_end_subject (OciResultBus *self, const char *subject);
void oci_result_bus_input_error (OciResultBus *self, const char *subject, const GError *error);
void oci_result_bus_notice (OciResultBus *self, const char *subject, const char *message);
void oci_result_bus_finish (OciResultBus *self);

guint oci_result_bus_count (OciResultBus *self, OciTier tier, OciStatus status);
guint oci_result_bus_count_status (OciResultBus *self, OciStatus status);
guint oci_result_bus_count_failing (OciResultBus *self);
guint oci_result_bus_count_warnings (OciResultBus *self);
guint oci_result_bus_count_input_errors (OciResultBus *self);
guint oci_result_bus_count_subjects (OciResultBus *self);
guint oci_result_bus_count_failed_subjects (OciResultBus *self);
gboolean oci_result_bus_is_failing (OciResultBus *self, const OciResult *result);
int oci_result_bus_get_exit_code (OciResultBus *self);

#pragma GCC visibility pop

G_END_DECLS
