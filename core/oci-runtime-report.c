/* oci-runtime-report.c — case-level reports of a runtime suite: one TAP
 * line, JUnit test case or JSON object per case, the results inside it
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <string.h>

#include "oci-file.h"
#include "oci-json-private.h"
#include "oci-report-private.h"
#include "oci-runtime-private.h"
#include <oci-runtime-tools/oci-version.h>

#define MAX_STDERR 600

struct _OciRuntimeReport
{
  OciReportFormat format;
  FILE *out;
  char *runtime;
  gboolean verbose;
  guint number;
  guint counts[4];
  JsonArray *json_cases;
  GString *junit;
  JsonArray *notes;   /* JSON: notes about the run */
  GStrv known;        /* globs of case ids whose failure is a known deviation */
  guint unexpected;   /* failing cases not known */
  guint known_failed; /* failing cases known */
};

/**
 * oci_runtime_report_new:
 * @format: text, TAP 13, JSON or JUnit
 * @stream: where to write (not closed)
 * @runtime: the runtime tested, for headers
 *
 * Thread safety: the report is not locked: call it from the thread that
 * runs the suite, never from case or checker threads.
 *
 * Returns: (transfer full): a report; TAP writes its version line now
 */
OciRuntimeReport *
oci_runtime_report_new (OciReportFormat format, FILE *stream, const char *runtime)
{
  OciRuntimeReport *report = g_new0 (OciRuntimeReport, 1);

  report->format = format;
  report->out = stream;
  report->runtime = g_strdup (runtime);
  report->json_cases = json_array_new ();
  report->notes = json_array_new ();
  report->junit = g_string_new (NULL);
  if (format == OCI_REPORT_TAP)
    {
      g_autofree char *name = oci_report_visible (runtime);
      fprintf (stream, "TAP version 13\n# runtime-validate: %s\n", name);
    }
  return report;
}

/**
 * oci_runtime_report_set_verbose:
 * @report: a report
 * @verbose: also detail passing cases (TAP, text)
 *
 * Thread safety: the report is not locked: call it from the thread that
 * runs the suite, never from case or checker threads.
 */
void
oci_runtime_report_set_verbose (OciRuntimeReport *report, gboolean verbose)
{
  report->verbose = verbose;
}

/**
 * oci_runtime_report_count:
 * @report: a report
 * @status: a case status
 *
 * Thread safety: the report is not locked: call it from the thread that
 * runs the suite, never from case or checker threads.
 *
 * Returns: how many cases had @status so far
 */
guint
oci_runtime_report_count (OciRuntimeReport *report, OciStatus status)
{
  return (guint) status < G_N_ELEMENTS (report->counts) ? report->counts[status] : 0;
}

/**
 * oci_runtime_report_set_known:
 * @report: a report
 * @case_globs: (nullable) (array zero-terminated=1): case ids (or globs)
 *   whose failure is a documented deviation of the runtime
 *
 * Known failures stay "not ok" but carry a TAP TODO directive, are
 * skipped in JUnit and marked in JSON; they do not count as unexpected.
 *
 * Thread safety: the report is not locked: call it from the thread that
 * runs the suite, never from case or checker threads.
 */
void
oci_runtime_report_set_known (OciRuntimeReport *report, const char *const *case_globs)
{
  g_strfreev (report->known);
  report->known = case_globs ? g_strdupv ((char **) case_globs) : NULL;
}

/**
 * oci_runtime_report_count_unexpected:
 * @report: a report
 *
 * Thread safety: the report is not locked: call it from the thread that
 * runs the suite, never from case or checker threads.
 *
 * Returns: failed or errored cases that are not known deviations
 */
guint
oci_runtime_report_count_unexpected (OciRuntimeReport *report)
{
  return report->unexpected;
}

static gboolean
is_known (OciRuntimeReport *report, const char *case_id)
{
  for (char **g = report->known; g && *g; g++)
    if (g_pattern_match_simple (*g, case_id))
      return TRUE;
  return FALSE;
}

/* Cells of a Markdown table row, trimmed, backticks removed. */
static GStrv
row_cells (const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, "|", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 1; parts[i] && parts[i + 1]; i++)
    {
      g_autofree char *cell = g_strdup (parts[i]);
      g_strdelimit (cell, "`", ' ');
      g_strv_builder_add (b, g_strstrip (cell));
    }
  return g_strv_builder_end (b);
}

/**
 * oci_runtime_known_failures_load:
 * @path: a Markdown file (docs/runtime-results.md)
 * @runtime: the runtime's name ("runc")
 * @error: set when @path cannot be read
 *
 * Reads the known deviations: every table row whose first cell is the
 * runtime's name (or "*"), second cell a case id or glob, and third cell
 * "fail" or "error" (the row `| runc | base.kill | fail | why |`).
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): the case globs, possibly empty
 */
GStrv
oci_runtime_known_failures_load (const char *path, const char *runtime, GError **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  gsize length;

  if (!oci_file_read_bounded (path, OCI_FILE_MAX_SIZE, OCI_FILE_READ_INPUT, &text, &length, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_auto(GStrv) cells = NULL;

      if (!g_str_has_prefix (g_strchug (*l), "|"))
        continue;
      cells = row_cells (*l);
      if (g_strv_length (cells) >= 3 && (strcmp (cells[0], runtime) == 0 || strcmp (cells[0], "*") == 0)
          && (strcmp (cells[2], "fail") == 0 || strcmp (cells[2], "error") == 0) && *cells[1])
        g_strv_builder_add (b, cells[1]);
    }
  return g_strv_builder_end (b);
}

/**
 * oci_runtime_report_free:
 * @report: (nullable): a report
 *
 * Thread safety: the report is not locked: call it from the thread that
 * runs the suite, never from case or checker threads.
 */
void
oci_runtime_report_free (OciRuntimeReport *report)
{
  if (report == NULL)
    return;
  g_free (report->runtime);
  json_array_unref (report->json_cases);
  json_array_unref (report->notes);
  g_string_free (report->junit, TRUE);
  g_strfreev (report->known);
  g_free (report);
}

static gboolean
result_counts (const OciRuntimeCaseResult *cr, const OciResult *r)
{
  return r->status == OCI_STATUS_ERROR || r->status == OCI_STATUS_FAIL;
}

static char *
clip (const char *text, gsize max)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));

  return oci_report_clip (t, max);
}

/* ---- TAP --------------------------------------------------------------- */

static void
tap_result (FILE *out, const OciResult *result)
{
  g_autoptr(OciResult) r = oci_report_bound_result (result);
  g_autofree char *req = oci_json_quote (r->requirement_id ? r->requirement_id : "error", NULL);

  fprintf (out, "    - requirement: %s\n", req);
  oci_yaml_field (out, "      ", "status", oci_status_to_string (r->status));
  if (r->requirement_id)
    oci_yaml_field (out, "      ", "level", oci_level_to_string (r->level));
  oci_yaml_field (out, "      ", "message", r->message);
  oci_yaml_field (out, "      ", "pointer", r->pointer);
  oci_yaml_field (out, "      ", "expected", r->expected);
  oci_yaml_field (out, "      ", "actual", r->actual);
  oci_yaml_field (out, "      ", "checker", r->checker_id);
  oci_yaml_field (out, "      ", "url", r->url);
}

static char *
call_outcome (const OciRuntimeCall *c)
{
  if (c->timed_out)
    return g_strdup_printf ("no answer within the timeout (killed after %.1f s)", c->seconds);
  if (c->term_signal)
    return g_strdup_printf ("killed by signal %d", c->term_signal);
  return g_strdup_printf ("exit status %d", c->exit_status);
}

static void
tap_calls (FILE *out, const OciRuntimeCaseResult *cr)
{
  if (cr->calls->len == 0)
    return;
  fputs ("  calls:\n", out);
  for (guint i = 0; i < cr->calls->len; i++)
    {
      const OciRuntimeCall *c = cr->calls->pdata[i];
      g_autofree char *cmd = g_strjoinv (" ", c->argv);
      g_autofree char *q = oci_json_quote (cmd, NULL);
      g_autofree char *outcome = call_outcome (c);

      fprintf (out, "    - command: %s\n", q);
      oci_yaml_field (out, "      ", "outcome", outcome);
      if (c->exit_status != 0 && c->err && *c->err)
        {
          g_autofree char *err = clip (c->err, MAX_STDERR);
          oci_yaml_field (out, "      ", "stderr", err);
        }
    }
}

static void
tap_case (OciRuntimeReport *report, const OciRuntimeCaseResult *cr)
{
  FILE *out = report->out;
  gboolean ok = cr->status == OCI_STATUS_PASS || cr->status == OCI_STATUS_SKIP;
  g_autofree char *id = oci_tap_description (cr->case_id);
  g_autofree char *seconds = g_strdup_printf ("%.3f", cr->seconds);

  report->number++;
  if (cr->status == OCI_STATUS_SKIP)
    {
      g_autofree char *reason = oci_tap_description (cr->reason);
      fprintf (out, "ok %u - %s # SKIP %s\n", report->number, id, reason);
      return;
    }
  if (!ok && is_known (report, cr->case_id))
    {
      g_autofree char *runtime = oci_tap_description (report->runtime);
      fprintf (out, "not ok %u - %s # TODO known deviation of %s\n", report->number, id, runtime);
    }
  else
    fprintf (out, "%s %u - %s\n", ok ? "ok" : "not ok", report->number, id);
  if (ok && !report->verbose)
    return;
  fputs ("  ---\n", out);
  oci_yaml_field (out, "  ", "description", cr->description);
  oci_yaml_field (out, "  ", "status", oci_status_to_string (cr->status));
  oci_yaml_field (out, "  ", "reason", cr->reason);
  fprintf (out, "  seconds: %s\n", seconds);
  if (!ok)
    {
      fputs ("  failures:\n", out);
      for (guint i = 0; i < cr->results->len; i++)
        if (result_counts (cr, cr->results->pdata[i]))
          tap_result (out, cr->results->pdata[i]);
    }
  if (report->verbose)
    {
      fputs ("  passed:\n", out);
      for (guint i = 0; i < cr->results->len; i++)
        {
          const OciResult *r = cr->results->pdata[i];
          g_autofree char *q = oci_json_quote (r->requirement_id, NULL);
          if (r->status == OCI_STATUS_PASS && r->requirement_id)
            fprintf (out, "    - %s\n", q);
        }
    }
  if (cr->notes->len)
    {
      fputs ("  notes:\n", out);
      for (guint i = 0; i < cr->notes->len; i++)
        {
          g_autofree char *q = oci_json_quote (cr->notes->pdata[i], NULL);
          fprintf (out, "    - %s\n", q);
        }
    }
  if (!ok || report->verbose)
    tap_calls (out, cr);
  fputs ("  ...\n", out);
}

/* ---- JSON -------------------------------------------------------------- */

/* A case's results have the case's verdict: a failure counts unless the
 * whole case is a known deviation, which the case object says. */
static JsonObject *
result_json (const OciResult *result)
{
  g_autoptr(OciResult) r = oci_report_bound_result (result);

  return oci_report_json_result (r, oci_status_to_string (r->status));
}

/* Sets @key to @value made valid UTF-8 (U+FFFD for each bad byte). */
static void
set_text (JsonObject *o, const char *key, const char *value)
{
  g_autofree char *valid = NULL;

  if (value == NULL)
    return;
  valid = oci_report_utf8 (value, NULL);
  json_object_set_string_member (o, key, valid);
}

static void
json_case (OciRuntimeReport *report, const OciRuntimeCaseResult *cr)
{
  JsonObject *o = json_object_new ();
  JsonArray *results = json_array_new ();
  JsonArray *calls = json_array_new ();
  JsonArray *notes = json_array_new ();

  set_text (o, "id", cr->case_id);
  set_text (o, "description", cr->description);
  json_object_set_string_member (o, "status", oci_status_to_string (cr->status));
  if (cr->status == OCI_STATUS_FAIL || cr->status == OCI_STATUS_ERROR)
    json_object_set_boolean_member (o, "known", is_known (report, cr->case_id));
  set_text (o, "reason", cr->reason);
  json_object_set_double_member (o, "seconds", cr->seconds);
  for (guint i = 0; i < cr->results->len; i++)
    json_array_add_object_element (results, result_json (cr->results->pdata[i]));
  for (guint i = 0; i < cr->calls->len; i++)
    {
      const OciRuntimeCall *c = cr->calls->pdata[i];
      JsonObject *co = json_object_new ();
      g_autofree char *cmd = g_strjoinv (" ", c->argv);
      g_autofree char *bounded = oci_report_clip (cmd, OCI_REPORT_MAX_TEXT);
      set_text (co, "command", bounded);
      json_object_set_int_member (co, "exitStatus", c->exit_status);
      if (c->term_signal)
        json_object_set_int_member (co, "signal", c->term_signal);
      json_object_set_boolean_member (co, "timedOut", c->timed_out);
      json_object_set_double_member (co, "seconds", c->seconds);
      if (c->exit_status != 0 && c->err && *c->err)
        {
          g_autofree char *err = clip (c->err, MAX_STDERR);
          set_text (co, "stderr", err);
        }
      json_array_add_object_element (calls, co);
    }
  for (guint i = 0; i < cr->notes->len; i++)
    {
      g_autofree char *note = oci_report_utf8 (cr->notes->pdata[i], NULL);
      json_array_add_string_element (notes, note);
    }
  json_object_set_array_member (o, "results", results);
  json_object_set_array_member (o, "calls", calls);
  json_object_set_array_member (o, "notes", notes);
  json_array_add_object_element (report->json_cases, o);
}

static void
json_finish (OciRuntimeReport *report, double seconds)
{
  g_autoptr(JsonObject) doc = oci_report_json_envelope ("runtime-validate");
  JsonObject *summary = json_object_new ();

  set_text (doc, "runtime", report->runtime);
  json_object_set_array_member (doc, "notes", json_array_ref (report->notes));
  json_object_set_array_member (doc, "cases", json_array_ref (report->json_cases));
  json_object_set_int_member (summary, "cases", report->number);
  json_object_set_int_member (summary, "pass", report->counts[OCI_STATUS_PASS]);
  json_object_set_int_member (summary, "fail", report->counts[OCI_STATUS_FAIL]);
  json_object_set_int_member (summary, "error", report->counts[OCI_STATUS_ERROR]);
  json_object_set_int_member (summary, "skip", report->counts[OCI_STATUS_SKIP]);
  json_object_set_int_member (summary, "known", report->known_failed);
  json_object_set_int_member (summary, "unexpected", report->unexpected);
  json_object_set_double_member (summary, "seconds", seconds);
  json_object_set_int_member (summary, "exitCode", report->unexpected > 0 ? 1 : 0);
  json_object_set_object_member (doc, "summary", summary);
  oci_report_json_write (report->out, doc);
}

/* ---- JUnit ------------------------------------------------------------- */

static void
junit_case (OciRuntimeReport *report, const OciRuntimeCaseResult *cr)
{
  g_autofree char *classname = g_strndup (cr->case_id, strcspn (cr->case_id, "."));
  g_autofree char *name = oci_xml_escape (cr->case_id, NULL);
  g_autofree char *cls = oci_xml_escape (classname, NULL);
  g_autofree char *message = oci_xml_escape (cr->reason, NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *body_xml = NULL;

  g_string_append_printf (report->junit, "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"", cls, name,
                          cr->seconds);
  if (cr->status == OCI_STATUS_PASS)
    {
      g_string_append (report->junit, "/>\n");
      return;
    }
  for (guint i = 0; i < cr->results->len; i++)
    {
      g_autoptr(OciResult) r = NULL;
      if (!result_counts (cr, cr->results->pdata[i]))
        continue;
      r = oci_report_bound_result (cr->results->pdata[i]);
      g_string_append_printf (body, "%s (%s): %s\n", r->requirement_id ? r->requirement_id : "error",
                              r->requirement_id ? oci_level_to_string (r->level) : "fault",
                              r->message ? r->message : "");
      if (r->expected || r->actual)
        g_string_append_printf (body, "  expected: %s\n  actual: %s\n", r->expected ? r->expected : "-",
                                r->actual ? r->actual : "-");
      if (r->url)
        g_string_append_printf (body, "  see %s\n", r->url);
    }
  for (guint i = 0; i < cr->notes->len; i++)
    g_string_append_printf (body, "note: %s\n", (char *) cr->notes->pdata[i]);
  body_xml = oci_xml_escape (body->str, NULL);
  if (is_known (report, cr->case_id))
    g_string_append_printf (report->junit, ">\n      <skipped message=\"known deviation: %s\"/>\n    </testcase>\n",
                            message);
  else if (cr->status == OCI_STATUS_SKIP)
    g_string_append_printf (report->junit, ">\n      <skipped message=\"%s\"/>\n    </testcase>\n", message);
  else
    g_string_append_printf (report->junit, ">\n      <%s message=\"%s\">%s</%s>\n    </testcase>\n",
                            cr->status == OCI_STATUS_ERROR ? "error" : "failure", message, body_xml,
                            cr->status == OCI_STATUS_ERROR ? "error" : "failure");
}

static void
junit_finish (OciRuntimeReport *report, double seconds)
{
  g_autofree char *rt = oci_xml_escape (report->runtime, NULL);

  fprintf (report->out,
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<testsuites name=\"runtime-validate\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\">\n"
           "  <testsuite name=\"%s\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\">\n%s"
           "  </testsuite>\n</testsuites>\n",
           report->number, report->counts[OCI_STATUS_FAIL], report->counts[OCI_STATUS_ERROR],
           report->counts[OCI_STATUS_SKIP], seconds, rt, report->number, report->counts[OCI_STATUS_FAIL],
           report->counts[OCI_STATUS_ERROR], report->counts[OCI_STATUS_SKIP], seconds, report->junit->str);
}

/* ---- text -------------------------------------------------------------- */

/* "PREFIXvalue" on one line, the value shown visibly. */
static void
text_line (FILE *out, const char *prefix, const char *value)
{
  g_autofree char *v = oci_report_visible (value);

  fprintf (out, "%s%s\n", prefix, v);
}

static void
text_case (OciRuntimeReport *report, const OciRuntimeCaseResult *cr)
{
  static const char *const words[] = { "PASS", "FAIL", "SKIP", "ERROR" };
  FILE *out = report->out;
  g_autofree char *id = oci_report_visible (cr->case_id);
  g_autofree char *reason = oci_report_visible (cr->reason);

  fprintf (out, "%-5s %s (%.2f s)%s%s\n", words[cr->status], id, cr->seconds,
           cr->status == OCI_STATUS_SKIP ? ": " : "", cr->status == OCI_STATUS_SKIP ? reason : "");
  if (cr->status == OCI_STATUS_PASS || cr->status == OCI_STATUS_SKIP)
    return;
  for (guint i = 0; i < cr->results->len; i++)
    {
      g_autoptr(OciResult) r = NULL;
      g_autofree char *head = NULL;
      if (!result_counts (cr, cr->results->pdata[i]))
        continue;
      r = oci_report_bound_result (cr->results->pdata[i]);
      head = g_strdup_printf ("    %s: ", r->requirement_id ? r->requirement_id : "error");
      text_line (out, head, r->message ? r->message : "");
      if (r->expected || r->actual)
        {
          text_line (out, "      expected: ", r->expected ? r->expected : "-");
          text_line (out, "      actual:   ", r->actual ? r->actual : "-");
        }
      if (r->url)
        text_line (out, "      see ", r->url);
    }
  for (guint i = 0; i < cr->notes->len; i++)
    text_line (out, "    note: ", cr->notes->pdata[i]);
}

/**
 * oci_runtime_report_add:
 * @report: a report
 * @result: a finished case
 *
 * Thread safety: the report is not locked: call it from the thread that
 * runs the suite, never from case or checker threads.
 */
void
oci_runtime_report_add (OciRuntimeReport *report, const OciRuntimeCaseResult *result)
{
  if ((guint) result->status < G_N_ELEMENTS (report->counts))
    report->counts[result->status]++;
  if (result->status == OCI_STATUS_FAIL || result->status == OCI_STATUS_ERROR)
    {
      if (is_known (report, result->case_id))
        report->known_failed++;
      else
        report->unexpected++;
    }
  switch (report->format)
    {
    case OCI_REPORT_TAP:
      tap_case (report, result);
      break;
    case OCI_REPORT_JSON:
      report->number++;
      json_case (report, result);
      break;
    case OCI_REPORT_JUNIT:
      report->number++;
      junit_case (report, result);
      break;
    default: /* text; the command line offers no other format here */
      report->number++;
      text_case (report, result);
      break;
    }
  fflush (report->out);
}

/**
 * oci_runtime_report_note:
 * @report: a report
 * @text: a line about the run (the release of the configs, a host hint)
 *
 * TAP and text print it at once (as a comment in TAP); JSON keeps it
 * under "notes"; JUnit drops it.
 *
 * Thread safety: the report is not locked: call it from the thread that
 * runs the suite, never from case or checker threads.
 */
void
oci_runtime_report_note (OciRuntimeReport *report, const char *text)
{
  if (report->format == OCI_REPORT_TAP)
    {
      g_autofree char *line = oci_report_visible (text);
      fprintf (report->out, "# %s\n", line);
    }
  else if (report->format == OCI_REPORT_TEXT)
    text_line (report->out, "", text);
  else if (report->format == OCI_REPORT_JSON)
    {
      g_autofree char *note = oci_report_utf8 (text, NULL);
      json_array_add_string_element (report->notes, note);
    }
  fflush (report->out);
}

/**
 * oci_runtime_report_bail_out:
 * @report: a report
 * @reason: why the run stopped ("interrupted by signal 2 (Interrupt)")
 *
 * Ends an interrupted run: TAP ends its stream with `Bail out! REASON`
 * (no plan: the run is incomplete), text says so, JSON and JUnit write
 * their document with what ran, JSON with the reason among its notes.
 *
 * Thread safety: the report is not locked: call it from the thread that
 * runs the suite, never from case or checker threads.
 */
void
oci_runtime_report_bail_out (OciRuntimeReport *report, const char *reason)
{
  g_autofree char *line = g_strdelimit (g_strdup (reason), "\r\n", ' ');

  switch (report->format)
    {
    case OCI_REPORT_TAP:
      fprintf (report->out, "Bail out! %s\n", line);
      break;
    case OCI_REPORT_TEXT:
      fprintf (report->out, "runtime-validate stopped: %s\n", line);
      break;
    case OCI_REPORT_JSON:
      json_array_add_string_element (report->notes, line);
      json_finish (report, 0);
      break;
    case OCI_REPORT_JUNIT:
      junit_finish (report, 0);
      break;
    case OCI_REPORT_SARIF:
    case OCI_REPORT_GITHUB:
      break; /* runtime-validate refuses these formats */
    }
  fflush (report->out);
}

/**
 * oci_runtime_report_finish:
 * @report: a report
 * @seconds: the run's wall time
 *
 * Writes the plan (TAP), the document (JSON, JUnit) or the summary (text).
 *
 * Thread safety: the report is not locked: call it from the thread that
 * runs the suite, never from case or checker threads.
 */
void
oci_runtime_report_finish (OciRuntimeReport *report, double seconds)
{
  switch (report->format)
    {
    case OCI_REPORT_TAP:
      fprintf (report->out, "1..%u\n# %u passed, %u failed, %u errors, %u skipped in %.1f s"
               " (%u known deviations, %u unexpected)\n", report->number,
               report->counts[OCI_STATUS_PASS], report->counts[OCI_STATUS_FAIL], report->counts[OCI_STATUS_ERROR],
               report->counts[OCI_STATUS_SKIP], seconds, report->known_failed, report->unexpected);
      break;
    case OCI_REPORT_JSON:
      json_finish (report, seconds);
      break;
    case OCI_REPORT_JUNIT:
      junit_finish (report, seconds);
      break;
    default:
      fprintf (report->out, "%u cases: %u passed, %u failed, %u errors, %u skipped in %.1f s\n", report->number,
               report->counts[OCI_STATUS_PASS], report->counts[OCI_STATUS_FAIL], report->counts[OCI_STATUS_ERROR],
               report->counts[OCI_STATUS_SKIP], seconds);
      break;
    }
  fflush (report->out);
}
