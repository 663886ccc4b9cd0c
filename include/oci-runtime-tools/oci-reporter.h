/* oci-reporter.h — turn the result bus into text, TAP 13, JSON or JUnit XML
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <stdio.h>
#include <glib-object.h>
#include "oci-result-bus.h"

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

/**
 * OciReportFormat:
 * @OCI_REPORT_TEXT: for people; colour only on a terminal, NO_COLOR respected
 * @OCI_REPORT_TAP: TAP version 13
 * @OCI_REPORT_JSON: one JSON document with results and a summary
 * @OCI_REPORT_JUNIT: JUnit XML
 */
typedef enum
{
  OCI_REPORT_TEXT,
  OCI_REPORT_TAP,
  OCI_REPORT_JSON,
  OCI_REPORT_JUNIT,
} OciReportFormat;

#define OCI_TYPE_REPORTER (oci_reporter_get_type ())
G_DECLARE_FINAL_TYPE (OciReporter, oci_reporter, OCI, REPORTER, GObject)

gboolean oci_report_format_parse (const char *text, OciReportFormat *format);
OciReporter *oci_reporter_new (OciReportFormat format, FILE *stream, const char *tool_name);
void oci_reporter_set_color (OciReporter *self, gboolean color);
void oci_reporter_set_verbose (OciReporter *self, gboolean verbose);
void oci_reporter_attach (OciReporter *self, OciResultBus *bus);

#pragma GCC visibility pop

G_END_DECLS
