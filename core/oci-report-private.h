/* oci-report-private.h — the escaping layer every report writes through
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <stdio.h>
#include <glib.h>

#include "oci-result.h"

G_BEGIN_DECLS

/* Bounds of echoed text: values copied from the input, and prose or paths. */
#define OCI_REPORT_MAX_ECHO 200
#define OCI_REPORT_MAX_TEXT 1024

char *oci_report_clip (const char *text, gsize max);
char *oci_report_utf8 (const char *text, gboolean *replaced);
char *oci_json_quote (const char *text, gboolean *replaced);
char *oci_xml_escape (const char *text, gboolean *replaced);
char *oci_tap_description (const char *text);
char *oci_github_escape (const char *text, gboolean property);
gboolean oci_report_needs_bound (const OciResult *result);
OciResult *oci_report_bound_result (const OciResult *result);
void oci_yaml_field (FILE *out, const char *indent, const char *key, const char *value);

G_END_DECLS
