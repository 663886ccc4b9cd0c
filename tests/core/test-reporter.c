/* test-reporter.c — every report format stays valid and honest whatever
 * bytes the results carry: escaping, bounds, verdicts, SARIF and GitHub
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <pty.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

#include "oci-report-private.h"
#include "report-check.h"

/* A path with a byte that is not UTF-8, an escape sequence and a forged
 * TAP line; a message with a line break, "]]>", a C1 control and DEL. */
#define HOSTILE_SUBJECT "/tmp/b\xff\x1b[31mx\nok 9 - forged"
#define HOSTILE_MESSAGE "cwd \"rel\x1b[2J\" ]]> \xc2\x85 \x7f\r\nnot ok 3 - forged # SKIP"

static char *
report_path (const char *name)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "docs", name, NULL);
}

static char *
sarif_schema_path (void)
{
  return g_build_filename (g_getenv ("OCI_TEST_DATA"), "report", "sarif-subset.schema.json", NULL);
}

static void
post (OciResultBus *bus, OciStatus status, OciLevel level, const char *id, const char *message)
{
  g_autoptr(OciResult) r = oci_result_new ();

  r->status = status;
  r->level = level;
  r->requirement_id = g_strdup (id);
  r->message = g_strdup (message);
  r->pointer = g_strdup ("/process/cwd");
  r->subject = g_strdup (HOSTILE_SUBJECT);
  r->file = g_strdup (HOSTILE_SUBJECT "/config.json");
  r->line = 3;
  r->column = 12;
  r->checker_id = g_strdup ("base.process");
  r->url = g_strdup ("https://github.com/opencontainers/runtime-spec/blob/v1.2.0/config.md#configProcess");
  r->expected = g_strdup ("an absolute path");
  r->actual = g_strdup ("rel\xfe\x1b]0;title\x07");
  oci_result_bus_post (bus, r);
}

/* Writes one run in @format: a MUST failure, a SHOULD failure (a
 * warning), an error, a pass, a skip, an unreadable input and a notice.
 * Returns the report; *points gets the results posted. */
static const OciRequirement catalogue_rows[] = {
  { "base.process.cwd.absolute", OCI_LEVEL_MUST, "config.md", "configProcess", "1.0.0", NULL,
    "process.cwd is an absolute path" },
};

static char *
run_report (OciReportFormat format, gboolean verbose, guint *points)
{
  g_autoptr(GPtrArray) catalogue = g_ptr_array_new ();
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MUST);
  g_autoptr(OciReporter) reporter = NULL;
  g_autoptr(GError) error = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOENT, HOSTILE_MESSAGE);
  char *text = NULL;
  size_t length = 0;
  FILE *out = open_memstream (&text, &length);

  reporter = oci_reporter_new (format, out, "oci-runtime-tool");
  oci_reporter_set_verbose (reporter, verbose);
  g_ptr_array_add (catalogue, (gpointer) &catalogue_rows[0]);
  oci_reporter_set_requirements (reporter, catalogue);
  oci_reporter_attach (reporter, bus);
  oci_result_bus_begin_subject (bus, HOSTILE_SUBJECT);
  post (bus, OCI_STATUS_FAIL, OCI_LEVEL_MUST, "base.process.cwd.absolute", HOSTILE_MESSAGE);
  post (bus, OCI_STATUS_FAIL, OCI_LEVEL_SHOULD, "linux.hostname.uts", "hostname\nok 4 - forged");
  post (bus, OCI_STATUS_ERROR, OCI_LEVEL_MUST, NULL, "checker crashed\x1b[K");
  post (bus, OCI_STATUS_PASS, OCI_LEVEL_MUST, "base.root.path", NULL);
  post (bus, OCI_STATUS_SKIP, OCI_LEVEL_MUST, "base.mounts", "no mounts\n1..1");
  oci_result_bus_notice (bus, HOSTILE_SUBJECT, "unknown release\x1b[2J");
  oci_result_bus_end_subject (bus, HOSTILE_SUBJECT);
  oci_result_bus_begin_subject (bus, "broken\xff");
  oci_result_bus_input_error (bus, "broken\xff", error);
  oci_result_bus_end_subject (bus, "broken\xff");
  oci_result_bus_finish (bus);
  fclose (out);
  if (points)
    *points = 6;
  return text;
}

/* ---- the escaping layer ------------------------------------------------- */

static void
test_escape_visible (void)
{
  g_autofree char *v = oci_report_visible ("a\x1b[31m\n\t\xff\\b\xc2\x85\x7f é");

  g_assert_cmpstr (v, ==, "a\\e[31m\\n\\t\\xff\\\\b\\u0085\\x7f é");
}

static void
test_escape_clip (void)
{
  g_autofree char *big = g_strnfill (1 << 20, '7');
  g_autofree char *euros = NULL;
  g_autofree char *cut = oci_report_clip (big, OCI_REPORT_MAX_ECHO);
  g_autofree char *cut2 = NULL;
  g_autofree char *same = oci_report_clip ("short", OCI_REPORT_MAX_ECHO);
  GString *e = g_string_new (NULL);

  g_assert_true (g_str_has_suffix (cut, "… (1048576 bytes)"));
  g_assert_cmpuint (strlen (cut), ==, OCI_REPORT_MAX_ECHO + strlen ("… (1048576 bytes)"));
  g_assert_cmpstr (same, ==, "short");
  /* never inside a character: 3-byte euros cut at 200 keep 66 of them */
  for (int i = 0; i < 100; i++)
    g_string_append (e, "€");
  euros = g_string_free (e, FALSE);
  cut2 = oci_report_clip (euros, OCI_REPORT_MAX_ECHO);
  g_assert_true (g_utf8_validate (cut2, -1, NULL));
  g_assert_true (g_str_has_prefix (cut2 + 66 * 3, "… (300 bytes)"));
}

static void
test_escape_json (void)
{
  gboolean replaced = FALSE;
  g_autofree char *ok = oci_json_quote ("plain é", &replaced);
  g_autofree char *q = NULL;

  g_assert_cmpstr (ok, ==, "\"plain é\"");
  g_assert_false (replaced);
  q = oci_json_quote ("a\xff\n\x1b\xc2\x85\"\\", &replaced);
  g_assert_cmpstr (q, ==, "\"a\xef\xbf\xbd\\n\\u001b\\u0085\\\"\\\\\"");
  g_assert_true (replaced);
}

static void
test_escape_xml (void)
{
  gboolean replaced = FALSE;
  g_autofree char *x = oci_xml_escape ("]]><&\"'\x01\xff\n\xef\xbf\xbe", &replaced);

  g_assert_cmpstr (x, ==, "]]&gt;&lt;&amp;&quot;&apos;\xef\xbf\xbd\xef\xbf\xbd&#10;\xef\xbf\xbd");
  g_assert_true (replaced);
}

static void
test_escape_github (void)
{
  g_autofree char *prop = oci_github_escape ("a:b,c%d\r\ne", TRUE);
  g_autofree char *data = oci_github_escape ("a:b,c%d\r\ne", FALSE);

  g_assert_cmpstr (prop, ==, "a%3Ab%2Cc%25d%0D%0Ae");
  g_assert_cmpstr (data, ==, "a:b,c%25d%0D%0Ae");
}

/* The checkers the tests and the fuzzer rely on do reject what they must. */
static void
test_checkers_reject (void)
{
#define TEXT(literal) literal, strlen (literal)
  static const char forged[] = "TAP version 13\nnot ok 1 - a: x\nok 9 - forged\n1..1\n";
  static const char stray[] = "TAP version 13\nok 1 - a\nforged text\n1..1\n";

  g_assert_true (ort_check_tap (TEXT ("TAP version 13\nok 1 - a\n  ---\n  a: \"b\"\n  ...\n1..1\n"), 1, NULL));
  g_assert_false (ort_check_tap (forged, strlen (forged), 1, NULL));
  g_assert_false (ort_check_tap (stray, strlen (stray), 1, NULL));
  g_assert_true (ort_check_xml (TEXT ("<?xml version=\"1.0\"?>\n<a b=\"&amp;\"><c/>t</a>\n"), NULL));
  g_assert_false (ort_check_xml (TEXT ("<a>]]></a>"), NULL));
  g_assert_false (ort_check_xml (TEXT ("<a>\x1b</a>"), NULL));
  g_assert_false (ort_check_xml (TEXT ("<a><b></a></b>"), NULL));
  g_assert_false (ort_check_xml (TEXT ("<a b=\"1\" b=\"2\"/>"), NULL));
  g_assert_false (ort_check_xml (TEXT ("<a>&nbsp;</a>"), NULL));
  g_assert_false (ort_check_json (TEXT ("{\"a\": \"\xff\"}"), NULL));
  g_assert_false (ort_check_text (TEXT ("a\x1b[2Jb\n"), NULL));
  g_assert_false (ort_check_github (TEXT ("::error file=a:b::m\n"), NULL));
#undef TEXT
}

/* ---- every format, hostile input ---------------------------------------- */

static void
test_format_valid (gconstpointer data)
{
  OciReportFormat format = GPOINTER_TO_INT (data);
  g_autofree char *schema = report_path ("report.schema.json");
  g_autofree char *sarif = sarif_schema_path ();
  g_autofree char *why = NULL;
  guint points = 0;

  for (int verbose = 0; verbose <= 1; verbose++)
    {
      g_autofree char *text = run_report (format, verbose, &points);
      gsize n = strlen (text);
      gboolean ok = FALSE;

      switch (format)
        {
        case OCI_REPORT_TEXT: ok = ort_check_text (text, n, &why); break;
        case OCI_REPORT_TAP: ok = ort_check_tap (text, n, points, &why); break;
        case OCI_REPORT_JSON: ok = ort_check_schema (schema, text, n, &why); break;
        case OCI_REPORT_JUNIT: ok = ort_check_xml (text, n, &why); break;
        case OCI_REPORT_SARIF: ok = ort_check_schema (sarif, text, n, &why); break;
        case OCI_REPORT_GITHUB: ok = ort_check_github (text, n, &why) && ort_check_text (text, n, &why); break;
        }
      if (!ok)
        g_test_message ("%s", text);
      g_assert_cmpstr (why, ==, NULL);
      g_assert_true (ok);
      /* nothing forged: the only "ok 9" is inside an escaped text */
      g_assert_null (strstr (text, "\nok 9 - forged"));
      g_assert_null (strchr (text, '\x1b'));
    }
}

/* The JSON verdicts add up to the summary, and the text summary tells
 * failures from errors as the JSON does. */
static void
test_json_verdicts (void)
{
  g_autofree char *text = run_report (OCI_REPORT_JSON, FALSE, NULL);
  g_autofree char *plain = run_report (OCI_REPORT_TEXT, FALSE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OciConfig) doc = oci_config_new_from_data (text, -1, "report.json", &error);
  gint64 fail = -1, warn = -1, error_count = -1;
  guint verdict_fail = 0, status_fail = 0;
  gboolean flag = FALSE;

  g_assert_no_error (error);
  g_assert_true (oci_config_get_int (doc, "/version", &fail));
  g_assert_cmpint (fail, ==, OCI_REPORT_JSON_VERSION);
  g_assert_cmpstr (oci_config_get_string (doc, "/command"), ==, "validate");
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *v = g_strdup_printf ("/subjects/0/results/%d/verdict", i);
      g_autofree char *s = g_strdup_printf ("/subjects/0/results/%d/status", i);
      verdict_fail += g_strcmp0 (oci_config_get_string (doc, v), "fail") == 0;
      status_fail += g_strcmp0 (oci_config_get_string (doc, s), "fail") == 0;
    }
  g_assert_cmpstr (oci_config_get_string (doc, "/subjects/0/results/1/verdict"), ==, "warn");
  g_assert_cmpstr (oci_config_get_string (doc, "/subjects/0/results/1/status"), ==, "fail");
  g_assert_true (oci_config_get_int (doc, "/summary/fail", &fail));
  g_assert_true (oci_config_get_int (doc, "/summary/warn", &warn));
  g_assert_true (oci_config_get_int (doc, "/summary/error", &error_count));
  g_assert_cmpint (fail, ==, verdict_fail);
  g_assert_cmpint (fail, ==, 1);
  g_assert_cmpuint (status_fail, ==, 2);
  g_assert_cmpint (warn, ==, 1);
  g_assert_cmpint (error_count, ==, 1);
  g_assert_nonnull (strstr (plain, "1 failure, 1 error, 1 warning, 1 unreadable"));
  /* the path that was not UTF-8 is flagged, its bad byte replaced */
  g_assert_true (oci_config_get_boolean (doc, "/subjects/0/invalidUtf8", &flag));
  g_assert_true (flag);
  g_assert_true (g_str_has_prefix (oci_config_get_string (doc, "/subjects/0/subject"), "/tmp/b\xef\xbf\xbd"));
}

/* A value echoed from the input is cut at the bound in every format. */
static void
test_bounded_echo (void)
{
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MUST);
  g_autoptr(OciReporter) reporter = NULL;
  g_autoptr(OciResult) r = oci_result_new ();
  g_autofree char *big = g_strnfill (1 << 20, '9');
  char *text = NULL;
  size_t length = 0;
  FILE *out = open_memstream (&text, &length);

  reporter = oci_reporter_new (OCI_REPORT_TAP, out, "t");
  oci_reporter_attach (reporter, bus);
  r->status = OCI_STATUS_FAIL;
  r->requirement_id = g_strdup ("base.x");
  r->message = g_strdup (big);
  r->actual = g_strdup (big);
  oci_result_bus_post (bus, r);
  oci_result_bus_finish (bus);
  fclose (out);
  g_assert_cmpuint (length, <, 4 * OCI_REPORT_MAX_TEXT);
  g_assert_nonnull (strstr (text, "… (1048576 bytes)"));
  free (text);
}

static void
test_sarif_rules (void)
{
  g_autofree char *text = run_report (OCI_REPORT_SARIF, FALSE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OciConfig) doc = oci_config_new_from_data (text, -1, "report.sarif", &error);
  gint64 n = 0;
  const char *uri;

  g_assert_no_error (error);
  g_assert_cmpstr (oci_config_get_string (doc, "/version"), ==, "2.1.0");
  g_assert_cmpstr (oci_config_get_string (doc, "/runs/0/tool/driver/rules/0/id"), ==, "base.process.cwd.absolute");
  g_assert_cmpstr (oci_config_get_string (doc, "/runs/0/tool/driver/rules/0/defaultConfiguration/level"), ==, "error");
  g_assert_cmpstr (oci_config_get_string (doc, "/runs/0/tool/driver/rules/1/defaultConfiguration/level"), ==, "warning");
  g_assert_cmpstr (oci_config_get_string (doc, "/runs/0/tool/driver/rules/1/properties/level"), ==, "SHOULD");
  g_assert_cmpstr (oci_config_get_string (doc, "/runs/0/tool/driver/rules/0/shortDescription/text"), ==,
                   "process.cwd is an absolute path");
  g_assert_cmpstr (oci_config_get_string (doc, "/runs/0/tool/driver/rules/0/properties/document"), ==, "config.md");
  g_assert_true (g_str_has_suffix (oci_config_get_string (doc, "/runs/0/tool/driver/rules/0/helpUri"), "#configProcess"));
  g_assert_cmpstr (oci_config_get_string (doc, "/runs/0/results/0/level"), ==, "error");
  g_assert_cmpstr (oci_config_get_string (doc, "/runs/0/results/1/level"), ==, "warning");
  g_assert_true (oci_config_get_int (doc, "/runs/0/results/0/locations/0/physicalLocation/region/startLine", &n));
  g_assert_cmpint (n, ==, 3);
  g_assert_true (oci_config_get_int (doc, "/runs/0/results/0/locations/0/physicalLocation/region/startColumn", &n));
  g_assert_cmpint (n, ==, 12);
  /* a path with any bytes is a valid URI */
  uri = oci_config_get_string (doc, "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri");
  g_assert_true (g_uri_is_valid (uri, G_URI_FLAGS_ENCODED, NULL));
  g_assert_cmpstr (uri, ==, "file:///tmp/b%FF%1B%5B31mx%0Aok%209%20-%20forged/config.json");
  /* passes and skips are no findings; the error is one */
  g_assert_null (oci_config_lookup (doc, "/runs/0/results/3"));
  g_assert_cmpstr (oci_config_get_string (doc, "/runs/0/invocations/0/toolExecutionNotifications/0/level"), ==, "warning");
}

static void
test_github_annotation (void)
{
  g_autofree char *text = run_report (OCI_REPORT_GITHUB, FALSE, NULL);

  g_assert_true (g_str_has_prefix (text, "::error file=/tmp/b\xef\xbf\xbd\\u001b[31mx%0Aok 9 - forged/config.json,"
                                         "line=3,col=12,title=base.process.cwd.absolute (MUST)::"));
  g_assert_nonnull (strstr (text, "\n::warning file="));
  g_assert_nonnull (strstr (text, "title=linux.hostname.uts (SHOULD)::"));
  g_assert_nonnull (strstr (text, "%0D%0Anot ok 3 - forged"));
  g_assert_nonnull (strstr (text, "\n::error title=cannot be read or parsed::broken"));
  g_assert_nonnull (strstr (text, "\n::notice title=note::"));
}

/* Advice (no RFC 2119 keyword behind it) warns at every compliance level:
 * its verdict, SARIF level and TAP directive say so. */
static void
test_advice (void)
{
  static const OciReportFormat formats[] = { OCI_REPORT_JSON, OCI_REPORT_SARIF, OCI_REPORT_TAP };
  static const char *const expected[] = { "\"verdict\": \"warn\"", "\"level\": \"warning\"",
                                          "# TODO ADVICE-level, advice" };

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MAY);
      g_autoptr(OciReporter) reporter = NULL;
      char *text = NULL;
      size_t length = 0;
      FILE *out = open_memstream (&text, &length);

      reporter = oci_reporter_new (formats[i], out, "t");
      oci_reporter_attach (reporter, bus);
      oci_result_bus_begin_subject (bus, "b");
      post (bus, OCI_STATUS_FAIL, OCI_LEVEL_ADVICE, "linux.mounts.bind-source", "no source");
      oci_result_bus_end_subject (bus, "b");
      oci_result_bus_finish (bus);
      fclose (out);
      g_assert_nonnull (strstr (text, expected[i]));
      g_assert_cmpint (oci_result_bus_get_exit_code (bus), ==, 0);
      free (text);
    }
}

/* In GitHub Actions, files inside the checkout are named relative to it. */
static void
test_github_workspace (void)
{
  g_autofree char *text = NULL;

  g_setenv ("GITHUB_WORKSPACE", "/tmp", TRUE);
  text = run_report (OCI_REPORT_GITHUB, FALSE, NULL);
  g_unsetenv ("GITHUB_WORKSPACE");
  g_assert_true (g_str_has_prefix (text, "::error file=b\xef\xbf\xbd\\u001b[31mx%0Aok 9 - forged/config.json,line=3,"));
}

/* Colour: a terminal gets it, unless TERM=dumb or NO_COLOR; a pipe never. */
static void
test_color_auto (void)
{
  int master, slave, fds[2];

  g_assert_cmpint (openpty (&master, &slave, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (pipe (fds), ==, 0);
  g_setenv ("TERM", "xterm", TRUE);
  g_unsetenv ("NO_COLOR");
  g_assert_true (oci_report_color_auto (slave));
  g_assert_false (oci_report_color_auto (fds[1]));
  g_setenv ("TERM", "dumb", TRUE);
  g_assert_false (oci_report_color_auto (slave));
  g_setenv ("TERM", "xterm", TRUE);
  g_setenv ("NO_COLOR", "1", TRUE);
  g_assert_false (oci_report_color_auto (slave));
  close (master);
  close (slave);
  close (fds[0]);
  close (fds[1]);
}

/* ---- the runtime report -------------------------------------------------- */

static OciRuntimeCaseResult *
hostile_case (void)
{
  OciRuntimeCaseResult *cr = g_new0 (OciRuntimeCaseResult, 1);
  OciRuntimeCall *call = g_new0 (OciRuntimeCall, 1);
  OciResult *r = oci_result_new ();

  cr->case_id = g_strdup ("base.x\nok 7 - forged");
  cr->description = g_strdup ("desc\xff");
  cr->status = OCI_STATUS_FAIL;
  cr->reason = g_strdup ("why\x1b[2J");
  cr->results = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
  cr->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_runtime_call_free);
  cr->notes = g_ptr_array_new_with_free_func (g_free);
  r->status = OCI_STATUS_FAIL;
  r->requirement_id = g_strdup ("base.x");
  r->message = g_strdup (HOSTILE_MESSAGE);
  g_ptr_array_add (cr->results, r);
  call->argv = g_strsplit ("runc\xff state x", " ", -1);
  call->exit_status = 1;
  call->err = g_strdup ("level=error msg=\"\x1b[31mboom\n]]>\xfe\"");
  g_ptr_array_add (cr->calls, call);
  g_ptr_array_add (cr->notes, g_strdup ("note\n1..9"));
  return cr;
}

static void
test_runtime_report (gconstpointer data)
{
  OciReportFormat format = GPOINTER_TO_INT (data);
  g_autoptr(OciRuntimeCaseResult) cr = hostile_case ();
  g_autofree char *schema = report_path ("report.schema.json");
  g_autofree char *why = NULL;
  char *text = NULL;
  size_t length = 0;
  FILE *out = open_memstream (&text, &length);
  OciRuntimeReport *report = oci_runtime_report_new (format, out, "runc\x1b");
  gboolean ok = FALSE;

  oci_runtime_report_set_verbose (report, TRUE);
  oci_runtime_report_add (report, cr);
  oci_runtime_report_note (report, "configs\x1b[2J\nok 5");
  oci_runtime_report_finish (report, 1.5);
  oci_runtime_report_free (report);
  fclose (out);
  switch (format)
    {
    case OCI_REPORT_TEXT: ok = ort_check_text (text, length, &why); break;
    case OCI_REPORT_TAP: ok = ort_check_tap (text, length, 1, &why); break;
    case OCI_REPORT_JSON: ok = ort_check_schema (schema, text, length, &why); break;
    default: ok = ort_check_xml (text, length, &why); break;
    }
  if (!ok)
    g_test_message ("%s", text);
  g_assert_cmpstr (why, ==, NULL);
  g_assert_true (ok);
  g_assert_null (strchr (text, '\x1b'));
  free (text);
}

int
main (int argc, char **argv)
{
  static const struct
  {
    const char *name;
    OciReportFormat format;
  } formats[] = {
    { "text", OCI_REPORT_TEXT }, { "tap", OCI_REPORT_TAP }, { "json", OCI_REPORT_JSON },
    { "junit", OCI_REPORT_JUNIT }, { "sarif", OCI_REPORT_SARIF }, { "github", OCI_REPORT_GITHUB },
  };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reporter/escape/visible", test_escape_visible);
  g_test_add_func ("/reporter/escape/clip", test_escape_clip);
  g_test_add_func ("/reporter/escape/json", test_escape_json);
  g_test_add_func ("/reporter/escape/xml", test_escape_xml);
  g_test_add_func ("/reporter/escape/github", test_escape_github);
  g_test_add_func ("/reporter/checkers/reject", test_checkers_reject);
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = g_strdup_printf ("/reporter/valid/%s", formats[i].name);
      g_test_add_data_func (path, GINT_TO_POINTER (formats[i].format), test_format_valid);
      if (formats[i].format <= OCI_REPORT_JUNIT)
        {
          g_autofree char *rpath = g_strdup_printf ("/reporter/runtime/%s", formats[i].name);
          g_test_add_data_func (rpath, GINT_TO_POINTER (formats[i].format), test_runtime_report);
        }
    }
  g_test_add_func ("/reporter/json/verdicts", test_json_verdicts);
  g_test_add_func ("/reporter/bounded-echo", test_bounded_echo);
  g_test_add_func ("/reporter/sarif/rules", test_sarif_rules);
  g_test_add_func ("/reporter/github/annotation", test_github_annotation);
  g_test_add_func ("/reporter/github/workspace", test_github_workspace);
  g_test_add_func ("/reporter/advice", test_advice);
  g_test_add_func ("/reporter/color-auto", test_color_auto);
  return g_test_run ();
}
