/* fuzz-report.c — libFuzzer target: results with any bytes in every field,
 * through every report format, and the output must be valid in its
 * format (report-check.c); a report that is not aborts.
 *
 * The input is cut at NUL bytes into fields; each posted result takes the
 * next nine as its texts and a byte each for status, level, line, column.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

#include "report-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct
{
  const char *p, *end;
} Fields;

/* The next field, or NULL when the input is used up ("" and NULL both
 * occur: a field may be absent). */
static char *
next_field (Fields *f)
{
  const char *nul;

  if (f->p >= f->end)
    return NULL;
  nul = memchr (f->p, '\0', f->end - f->p);
  if (nul == NULL)
    nul = f->end;
  {
    char *field = g_strndup (f->p, nul - f->p);
    f->p = nul + 1;
    return field;
  }
}

static guchar
next_byte (Fields *f)
{
  g_autofree char *field = next_field (f);

  return field && *field ? (guchar) field[0] : 0;
}

static void
post_one (OciResultBus *bus, Fields *f, guint *points)
{
  static const OciLevel levels[] = { OCI_LEVEL_MUST, OCI_LEVEL_SHOULD, OCI_LEVEL_MAY, OCI_LEVEL_SHOULD_NOT };
  g_autoptr(OciResult) r = oci_result_new ();
  guchar kind = next_byte (f);

  if (kind % 8 == 6)
    {
      g_autofree char *subject = next_field (f);
      g_autoptr(GError) error = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOENT, "");
      g_autofree char *message = next_field (f);
      g_free (error->message);
      error->message = g_strdup (message ? message : "");
      oci_result_bus_input_error (bus, subject ? subject : "", error);
      (*points)++;
      return;
    }
  if (kind % 8 == 7)
    {
      g_autofree char *subject = next_field (f);
      g_autofree char *message = next_field (f);
      oci_result_bus_notice (bus, subject ? subject : "", message ? message : "");
      return;
    }
  r->status = (OciStatus) (kind % 4);
  r->level = levels[(kind / 4) % G_N_ELEMENTS (levels)];
  r->requirement_id = next_field (f);
  r->message = next_field (f);
  r->pointer = next_field (f);
  r->url = next_field (f);
  r->checker_id = next_field (f);
  r->subject = next_field (f);
  r->file = next_field (f);
  r->expected = next_field (f);
  r->actual = next_field (f);
  r->line = next_byte (f);
  r->column = next_byte (f);
  oci_result_bus_post (bus, r);
  (*points)++;
}

static void
check (OciReportFormat format, const char *text, gsize length, guint points)
{
  g_autofree char *why = NULL;
  gboolean ok = TRUE;

  switch (format)
    {
    case OCI_REPORT_TEXT: ok = ort_check_text (text, length, &why); break;
    case OCI_REPORT_TAP: ok = ort_check_tap (text, length, points, &why); break;
    case OCI_REPORT_JSON:
    case OCI_REPORT_SARIF: ok = ort_check_json (text, length, &why); break;
    case OCI_REPORT_JUNIT: ok = ort_check_xml (text, length, &why); break;
    case OCI_REPORT_GITHUB: ok = ort_check_github (text, length, &why) && ort_check_text (text, length, &why); break;
    }
  if (!ok)
    {
      fprintf (stderr, "invalid report (format %d): %s\n%.*s\n", format, why, (int) length, text);
      abort ();
    }
}

static void
report_in (OciReportFormat format, const uint8_t *data, size_t size)
{
  g_autoptr(OciResultBus) bus = oci_result_bus_new (size && (data[0] & 1) ? OCI_TIER_SHOULD : OCI_TIER_MUST);
  g_autoptr(OciReporter) reporter = NULL;
  g_autofree char *text = NULL;
  size_t length = 0;
  FILE *out = open_memstream (&text, &length);
  Fields f = { (const char *) data, (const char *) data + size };
  g_autofree char *subject = next_field (&f);
  guint points = 0;

  g_assert_nonnull (out);
  reporter = oci_reporter_new (format, out, "oci-runtime-tool");
  oci_reporter_set_verbose (reporter, size && (data[0] & 2));
  oci_reporter_attach (reporter, bus);
  oci_result_bus_begin_subject (bus, subject ? subject : "fuzz");
  for (guint n = 0; n < 64 && f.p < f.end; n++)
    post_one (bus, &f, &points);
  oci_result_bus_end_subject (bus, subject ? subject : "fuzz");
  oci_result_bus_finish (bus);
  fclose (out);
  check (format, text, length, points);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const OciReportFormat formats[] = {
    OCI_REPORT_TEXT, OCI_REPORT_TAP, OCI_REPORT_JSON, OCI_REPORT_JUNIT, OCI_REPORT_SARIF, OCI_REPORT_GITHUB,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    report_in (formats[i], data, size);
  return 0;
}
