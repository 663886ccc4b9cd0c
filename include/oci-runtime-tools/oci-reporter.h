/* oci-reporter.h — turn the result bus into text, TAP 13, JSON, JUnit XML,
 * SARIF 2.1.0 or GitHub workflow commands
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <stdio.h>
#include <glib-object.h>
#include <json-glib/json-glib.h>
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
 * @OCI_REPORT_SARIF: SARIF 2.1.0, one run; rules are the requirements found
 * @OCI_REPORT_GITHUB: GitHub workflow commands (`::error file=…,line=…::`)
 */
typedef enum
{
  OCI_REPORT_TEXT,
  OCI_REPORT_TAP,
  OCI_REPORT_JSON,
  OCI_REPORT_JUNIT,
  OCI_REPORT_SARIF,
  OCI_REPORT_GITHUB,
} OciReportFormat;

/* The version of the JSON report format (docs/report.schema.json):
 * members are only added; an incompatible change bumps it. */
#define OCI_REPORT_JSON_VERSION 1

#define OCI_TYPE_REPORTER (oci_reporter_get_type ())
G_DECLARE_FINAL_TYPE (OciReporter, oci_reporter, OCI, REPORTER, GObject)

gboolean oci_report_format_parse (const char *text, OciReportFormat *format);
OciReporter *oci_reporter_new (OciReportFormat format, FILE *stream, const char *tool_name);
void oci_reporter_set_color (OciReporter *self, gboolean color);
void oci_reporter_set_verbose (OciReporter *self, gboolean verbose);
void oci_reporter_set_command (OciReporter *self, const char *command);
void oci_reporter_set_requirements (OciReporter *self, GPtrArray *requirements);
void oci_reporter_attach (OciReporter *self, OciResultBus *bus);

gboolean oci_report_color_auto (int fd);
char *oci_report_visible (const char *text);
char *oci_report_visible_lines (const char *text);
int oci_report_printf (FILE *stream, const char *format, ...) G_GNUC_PRINTF (2, 3);
JsonObject *oci_report_json_envelope (const char *command);
JsonObject *oci_report_json_result (const OciResult *result, const char *verdict);
void oci_report_json_write (FILE *stream, JsonObject *doc);

#pragma GCC visibility pop

G_END_DECLS
