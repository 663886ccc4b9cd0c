/* oci-reporter.c — text, TAP 13, JSON and JUnit XML from the result bus
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "oci-json-private.h"
#include "oci-report-private.h"
#include "oci-reporter.h"
#include <oci-runtime-tools/oci-version.h>

struct _OciReporter
{
  GObject parent_instance;

  OciReportFormat format;
  FILE *out;
  char *tool;
  gboolean color;
  gboolean verbose;
  OciResultBus *bus;
  guint test_number;
  /* the subject being reported */
  char *subject;
  guint subject_failing;
  guint subject_warnings;
  /* JUnit: test cases of the current subject, and the finished suites */
  GString *cases;
  guint suite_tests, suite_failures, suite_errors, suite_skipped;
  GString *suites;
  guint total_tests, total_failures, total_errors, total_skipped;
  /* JSON: the document being built */
  JsonArray *subjects;
  JsonObject *current;
};

G_DEFINE_FINAL_TYPE (OciReporter, oci_reporter, G_TYPE_OBJECT)

static void
oci_reporter_finalize (GObject *object)
{
  OciReporter *self = OCI_REPORTER (object);

  if (self->bus)
    g_signal_handlers_disconnect_by_data (self->bus, self);
  g_clear_object (&self->bus);
  g_free (self->tool);
  g_free (self->subject);
  g_string_free (self->cases, TRUE);
  g_string_free (self->suites, TRUE);
  g_clear_pointer (&self->subjects, json_array_unref);
  g_clear_pointer (&self->current, json_object_unref);
  G_OBJECT_CLASS (oci_reporter_parent_class)->finalize (object);
}

static void
oci_reporter_class_init (OciReporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oci_reporter_finalize;
}

static void
oci_reporter_init (OciReporter *self)
{
  self->cases = g_string_new (NULL);
  self->suites = g_string_new (NULL);
}

/**
 * oci_report_format_parse:
 * @text: "text", "tap", "json" or "junit"
 * @format: (out): the format
 *
 * Returns: %TRUE if @text names a format
 */
gboolean
oci_report_format_parse (const char *text, OciReportFormat *format)
{
  static const char *const names[] = { "text", "tap", "json", "junit" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *format = (OciReportFormat) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * oci_reporter_new:
 * @format: the output format
 * @stream: where to write (not closed)
 * @tool_name: the program's name, for headers
 *
 * Colour is on for text on a terminal unless $NO_COLOR is set.
 *
 * Returns: (transfer full): a reporter; attach it to a bus
 */
OciReporter *
oci_reporter_new (OciReportFormat format, FILE *stream, const char *tool_name)
{
  OciReporter *self = g_object_new (OCI_TYPE_REPORTER, NULL);
  const char *no_color = g_getenv ("NO_COLOR");

  self->format = format;
  self->out = stream;
  self->tool = g_strdup (tool_name);
  self->color = format == OCI_REPORT_TEXT && isatty (fileno (stream))
                && (no_color == NULL || *no_color == '\0');
  return self;
}

/**
 * oci_reporter_set_color:
 * @self: a reporter
 * @color: force colour on or off
 */
void
oci_reporter_set_color (OciReporter *self, gboolean color)
{
  self->color = color;
}

/**
 * oci_reporter_set_verbose:
 * @self: a reporter
 * @verbose: text format: also list passes and skips
 */
void
oci_reporter_set_verbose (OciReporter *self, gboolean verbose)
{
  self->verbose = verbose;
}

static const char *
paint (OciReporter *self, const char *code)
{
  return self->color ? code : "";
}

/* A result's verdict word: what a reader should make of it. */
static const char *
verdict (OciReporter *self, const OciResult *r)
{
  switch (r->status)
    {
    case OCI_STATUS_PASS: return "PASS";
    case OCI_STATUS_SKIP: return "SKIP";
    case OCI_STATUS_ERROR: return "ERROR";
    default: return oci_result_bus_is_failing (self->bus, r) ? "FAIL" : "WARN";
    }
}

static char *
location (const OciResult *r)
{
  if (r->pointer == NULL)
    return NULL;
  if (r->file && r->line)
    return g_strdup_printf ("%s (%s:%u:%u)", *r->pointer ? r->pointer : "/", r->file, r->line, r->column);
  return g_strdup (*r->pointer ? r->pointer : "/");
}

/* ---- text ------------------------------------------------------------- */

static void
text_result (OciReporter *self, const OciResult *r)
{
  const char *word = verdict (self, r);
  const char *color = g_str_equal (word, "FAIL") || g_str_equal (word, "ERROR") ? "\033[1;31m"
                      : g_str_equal (word, "WARN") ? "\033[1;33m"
                      : g_str_equal (word, "PASS") ? "\033[32m" : "\033[36m";
  g_autofree char *where = location (r);

  if ((r->status == OCI_STATUS_PASS || r->status == OCI_STATUS_SKIP) && !self->verbose)
    return;
  fprintf (self->out, "%s%s%s %s%s%s%s%s%s\n", paint (self, color), word, paint (self, "\033[0m"),
           r->subject ? r->subject : "", r->subject ? ": " : "",
           r->requirement_id ? r->requirement_id : (r->checker_id ? r->checker_id : "error"),
           r->requirement_id ? " (" : "",
           r->requirement_id ? oci_level_to_string (r->level) : "",
           r->requirement_id ? ")" : "");
  if (r->message)
    fprintf (self->out, "    %s\n", r->message);
  if (r->expected || r->actual)
    fprintf (self->out, "    expected: %s\n    actual:   %s\n", r->expected ? r->expected : "-",
             r->actual ? r->actual : "-");
  if (where)
    fprintf (self->out, "    at %s\n", where);
  if (r->url)
    fprintf (self->out, "    see %s\n", r->url);
}

static void
text_finish (OciReporter *self)
{
  OciResultBus *bus = self->bus;
  guint subjects = oci_result_bus_count_subjects (bus);
  guint failed = oci_result_bus_count_failed_subjects (bus);
  guint failing = oci_result_bus_count_failing (bus);
  guint warnings = oci_result_bus_count_warnings (bus);

  if (subjects == 1 && failed == 0 && warnings == 0)
    fprintf (self->out, "Bundle validation succeeded.\n");
  else if (subjects == 1 && failed == 0)
    fprintf (self->out, "Bundle validation succeeded with %u warning%s.\n", warnings,
             warnings == 1 ? "" : "s");
  else
    fprintf (self->out, "%u checked, %u valid, %u invalid: %u failure%s, %u warning%s, %u unreadable\n",
             subjects, subjects - failed, failed, failing, failing == 1 ? "" : "s", warnings,
             warnings == 1 ? "" : "s", oci_result_bus_count_input_errors (bus));
}

/* ---- TAP 13 ----------------------------------------------------------- */

/**
 * oci_yaml_field:
 * @out: where to write
 * @indent: spaces before the key
 * @key: the key
 * @value: (nullable): the value; nothing is written for %NULL
 *
 * Writes one YAML line of a TAP diagnostic block; the value is a JSON
 * string, which is a valid YAML double-quoted scalar.
 */
void
oci_yaml_field (FILE *out, const char *indent, const char *key, const char *value)
{
  g_autofree char *quoted = NULL;

  if (value == NULL)
    return;
  quoted = oci_json_quote (value);
  fprintf (out, "%s%s: %s\n", indent, key, quoted);
}

/**
 * oci_json_quote:
 * @text: (nullable): text
 *
 * Returns: (transfer full): @text as a JSON string literal, quotes included
 */
char *
oci_json_quote (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text ? text : "");

  return oci_json_write (node, NULL, NULL);
}

static char *
one_line (const char *s)
{
  char *line = g_strdup (s ? s : "");

  g_strdelimit (line, "\n\r#", ' ');
  return line;
}

/* Why a failure does not fail the run. */
static const char *
not_failing_reason (const OciResult *r)
{
  return r->level == OCI_LEVEL_ADVICE ? "advice, no RFC 2119 keyword behind it: fails only with --strict"
                                      : "below the compliance level";
}

static void
tap_result (OciReporter *self, const OciResult *r)
{
  gboolean failing = oci_result_bus_is_failing (self->bus, r);
  gboolean ok = r->status == OCI_STATUS_PASS || r->status == OCI_STATUS_SKIP;
  g_autofree char *msg = one_line (r->message);
  g_autofree char *where = location (r);
  char num[24];

  self->test_number++;
  fprintf (self->out, "%s %u - %s%s%s%s%s", ok ? "ok" : "not ok", self->test_number,
           r->requirement_id ? r->requirement_id : (r->checker_id ? r->checker_id : "error"),
           r->subject ? " [" : "", r->subject ? r->subject : "", r->subject ? "]" : "",
           r->status == OCI_STATUS_SKIP ? "" : (*msg ? ": " : ""));
  if (r->status == OCI_STATUS_SKIP)
    fprintf (self->out, " # SKIP %s\n", msg);
  else if (!ok && !failing)
    fprintf (self->out, "%s # TODO %s-level, %s\n", msg, oci_level_to_string (r->level),
             not_failing_reason (r));
  else
    fprintf (self->out, "%s\n", msg);
  if (ok && !self->verbose)
    return;
  fputs ("  ---\n", self->out);
  oci_yaml_field (self->out, "  ", "requirement", r->requirement_id);
  oci_yaml_field (self->out, "  ", "level", r->requirement_id ? oci_level_to_string (r->level) : NULL);
  oci_yaml_field (self->out, "  ", "status", oci_status_to_string (r->status));
  oci_yaml_field (self->out, "  ", "message", r->message);
  oci_yaml_field (self->out, "  ", "subject", r->subject);
  oci_yaml_field (self->out, "  ", "checker", r->checker_id);
  oci_yaml_field (self->out, "  ", "pointer", r->pointer);
  oci_yaml_field (self->out, "  ", "file", r->file);
  if (r->line)
    {
      g_snprintf (num, sizeof num, "%u", r->line);
      fprintf (self->out, "  line: %s\n", num);
      fprintf (self->out, "  column: %u\n", r->column);
    }
  oci_yaml_field (self->out, "  ", "at", where);
  oci_yaml_field (self->out, "  ", "expected", r->expected);
  oci_yaml_field (self->out, "  ", "actual", r->actual);
  oci_yaml_field (self->out, "  ", "url", r->url);
  fputs ("  ...\n", self->out);
}

static void
tap_input_error (OciReporter *self, const char *subject, const char *message)
{
  g_autofree char *msg = one_line (message);

  self->test_number++;
  fprintf (self->out, "not ok %u - %s: cannot be read or parsed\n  ---\n", self->test_number, subject);
  oci_yaml_field (self->out, "  ", "message", message);
  fputs ("  ...\n", self->out);
}

/* ---- JSON ------------------------------------------------------------- */

static void
set_string_if (JsonObject *o, const char *key, const char *value)
{
  if (value)
    json_object_set_string_member (o, key, value);
}

static JsonObject *
result_to_json (OciReporter *self, const OciResult *r)
{
  JsonObject *o = json_object_new ();

  set_string_if (o, "requirement", r->requirement_id);
  if (r->requirement_id)
    json_object_set_string_member (o, "level", oci_level_to_string (r->level));
  json_object_set_string_member (o, "status", oci_status_to_string (r->status));
  json_object_set_boolean_member (o, "failing", oci_result_bus_is_failing (self->bus, r));
  set_string_if (o, "message", r->message);
  set_string_if (o, "pointer", r->pointer);
  set_string_if (o, "file", r->file);
  if (r->line)
    {
      json_object_set_int_member (o, "line", r->line);
      json_object_set_int_member (o, "column", r->column);
    }
  set_string_if (o, "expected", r->expected);
  set_string_if (o, "actual", r->actual);
  set_string_if (o, "checker", r->checker_id);
  set_string_if (o, "plugin", r->plugin);
  set_string_if (o, "pluginVersion", r->plugin_version);
  set_string_if (o, "url", r->url);
  return o;
}

static void
json_begin (OciReporter *self, const char *subject)
{
  g_clear_pointer (&self->current, json_object_unref);
  self->current = json_object_new ();
  json_object_set_string_member (self->current, "subject", subject);
  json_object_set_array_member (self->current, "results", json_array_new ());
  json_object_set_array_member (self->current, "notices", json_array_new ());
}

static void
json_finish (OciReporter *self)
{
  OciResultBus *bus = self->bus;
  g_autoptr(JsonObject) doc = json_object_new ();
  JsonObject *summary = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  static const char *const tiers[] = { "MAY", "SHOULD", "MUST" };

  json_object_set_string_member (doc, "tool", self->tool);
  json_object_set_string_member (doc, "version", OCI_RUNTIME_TOOLS_VERSION);
  json_object_set_string_member (doc, "complianceLevel", tiers[oci_result_bus_get_compliance (bus)]);
  json_object_set_array_member (doc, "subjects", json_array_ref (self->subjects));
  json_object_set_int_member (summary, "subjects", oci_result_bus_count_subjects (bus));
  json_object_set_int_member (summary, "invalidSubjects", oci_result_bus_count_failed_subjects (bus));
  json_object_set_int_member (summary, "pass", oci_result_bus_count_status (bus, OCI_STATUS_PASS));
  json_object_set_int_member (summary, "fail", oci_result_bus_count_failing (bus)
                                                 - oci_result_bus_count_status (bus, OCI_STATUS_ERROR));
  json_object_set_int_member (summary, "warn", oci_result_bus_count_warnings (bus));
  json_object_set_int_member (summary, "skip", oci_result_bus_count_status (bus, OCI_STATUS_SKIP));
  json_object_set_int_member (summary, "error", oci_result_bus_count_status (bus, OCI_STATUS_ERROR));
  json_object_set_int_member (summary, "inputErrors", oci_result_bus_count_input_errors (bus));
  /* counted above, listed as a notice of their subject instead */
  json_object_set_int_member (summary, "notShown", oci_result_bus_count_not_shown (bus));
  json_object_set_int_member (summary, "exitCode", oci_result_bus_get_exit_code (bus));
  json_object_set_object_member (doc, "summary", summary);
  node = json_node_init_object (json_node_alloc (), doc);
  text = oci_json_write (node, NULL, NULL);
  fprintf (self->out, "%s\n", text);
}

/* ---- JUnit XML -------------------------------------------------------- */

/**
 * oci_xml_escape:
 * @text: (nullable): text
 *
 * XML 1.0 allows no control characters but tab, LF and CR, not even as
 * character references: they become U+FFFD; markup characters become
 * entities.
 *
 * Returns: (transfer full): @text fit for XML content and attributes
 */
char *
oci_xml_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    {
      guchar c = *p;
      switch (c)
        {
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '&': g_string_append (out, "&amp;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&apos;"); break;
        default:
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            g_string_append (out, "\xef\xbf\xbd");
          else
            g_string_append_c (out, c);
        }
    }
  return g_string_free (out, FALSE);
}

/* The plugin that posted @r, as testcase properties (the form pytest and
 * the CI servers that read JUnit use). */
static void
junit_plugin_properties (OciReporter *self, const OciResult *r)
{
  g_autofree char *plugin = NULL;
  g_autofree char *version = NULL;

  if (r->plugin == NULL)
    return;
  plugin = oci_xml_escape (r->plugin);
  g_string_append_printf (self->cases, "      <properties>\n        <property name=\"plugin\" value=\"%s\"/>\n", plugin);
  if (r->plugin_version)
    {
      version = oci_xml_escape (r->plugin_version);
      g_string_append_printf (self->cases, "        <property name=\"plugin-version\" value=\"%s\"/>\n", version);
    }
  g_string_append (self->cases, "      </properties>\n");
}

static void
junit_result (OciReporter *self, const OciResult *r)
{
  g_autofree char *classname = oci_xml_escape (r->checker_id ? r->checker_id : "core");
  g_autofree char *name = oci_xml_escape (r->requirement_id ? r->requirement_id : "error");
  g_autofree char *message = oci_xml_escape (r->message);
  g_autofree char *where = location (r);
  g_autofree char *body = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);

  self->suite_tests++;
  g_string_append_printf (self->cases, "    <testcase classname=\"%s\" name=\"%s\"", classname, name);
  if (r->status == OCI_STATUS_PASS && r->plugin == NULL)
    {
      g_string_append (self->cases, "/>\n");
      return;
    }
  g_string_append (self->cases, ">\n");
  junit_plugin_properties (self, r);
  if (r->status == OCI_STATUS_PASS)
    {
      g_string_append (self->cases, "    </testcase>\n");
      return;
    }
  if (where)
    g_string_append_printf (detail, "at %s\n", where);
  if (r->expected || r->actual)
    g_string_append_printf (detail, "expected: %s\nactual: %s\n", r->expected ? r->expected : "-",
                            r->actual ? r->actual : "-");
  if (r->url)
    g_string_append_printf (detail, "see %s\n", r->url);
  body = oci_xml_escape (detail->str);
  switch (r->status)
    {
    case OCI_STATUS_SKIP:
      self->suite_skipped++;
      g_string_append_printf (self->cases, "      <skipped message=\"%s\"/>\n", message);
      break;
    case OCI_STATUS_ERROR:
      self->suite_errors++;
      g_string_append_printf (self->cases, "      <error message=\"%s\" type=\"error\">%s</error>\n", message, body);
      break;
    default:
      if (oci_result_bus_is_failing (self->bus, r))
        {
          self->suite_failures++;
          g_string_append_printf (self->cases, "      <failure message=\"%s\" type=\"%s\">%s</failure>\n",
                                  message, oci_level_to_string (r->level), body);
        }
      else
        g_string_append_printf (self->cases, "      <system-out>warning (%s, %s): %s\n%s</system-out>\n",
                                oci_level_to_string (r->level), not_failing_reason (r), message, body);
    }
  g_string_append (self->cases, "    </testcase>\n");
}

static void
junit_input_error (OciReporter *self, const char *message)
{
  g_autofree char *m = oci_xml_escape (message);

  self->suite_tests++;
  self->suite_errors++;
  g_string_append_printf (self->cases,
                          "    <testcase classname=\"input\" name=\"read\">\n"
                          "      <error message=\"%s\" type=\"input\"/>\n    </testcase>\n", m);
}

static void
junit_end (OciReporter *self, const char *subject)
{
  g_autofree char *name = oci_xml_escape (subject);

  g_string_append_printf (self->suites,
                          "  <testsuite name=\"%s\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\">\n%s  </testsuite>\n",
                          name, self->suite_tests, self->suite_failures, self->suite_errors,
                          self->suite_skipped, self->cases->str);
  self->total_tests += self->suite_tests;
  self->total_failures += self->suite_failures;
  self->total_errors += self->suite_errors;
  self->total_skipped += self->suite_skipped;
  self->suite_tests = self->suite_failures = self->suite_errors = self->suite_skipped = 0;
  g_string_truncate (self->cases, 0);
}

static void
junit_finish (OciReporter *self)
{
  g_autofree char *tool = oci_xml_escape (self->tool);

  fprintf (self->out,
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<testsuites name=\"%s\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\">\n%s</testsuites>\n",
           tool, self->total_tests, self->total_failures, self->total_errors, self->total_skipped,
           self->suites->str);
}

/* ---- bus handlers ----------------------------------------------------- */

static void
on_subject_begin (OciResultBus *bus, const char *subject, OciReporter *self)
{
  g_free (self->subject);
  self->subject = g_strdup (subject);
  if (self->format == OCI_REPORT_TAP)
    fprintf (self->out, "# %s\n", subject);
  else if (self->format == OCI_REPORT_JSON)
    json_begin (self, subject);
}

static void
on_result (OciResultBus *bus, const OciResult *r, OciReporter *self)
{
  switch (self->format)
    {
    case OCI_REPORT_TEXT:
      text_result (self, r);
      break;
    case OCI_REPORT_TAP:
      tap_result (self, r);
      break;
    case OCI_REPORT_JSON:
      if (self->current == NULL)
        json_begin (self, r->subject ? r->subject : "");
      json_array_add_object_element (json_object_get_array_member (self->current, "results"),
                                     result_to_json (self, r));
      break;
    case OCI_REPORT_JUNIT:
      junit_result (self, r);
      break;
    }
}

static void
on_input_error (OciResultBus *bus, const char *subject, const char *message, OciReporter *self)
{
  switch (self->format)
    {
    case OCI_REPORT_TEXT:
      fprintf (self->out, "%sERROR%s %s\n", paint (self, "\033[1;31m"), paint (self, "\033[0m"), message);
      break;
    case OCI_REPORT_TAP:
      tap_input_error (self, subject, message);
      break;
    case OCI_REPORT_JSON:
      if (self->current == NULL)
        json_begin (self, subject);
      json_object_set_string_member (self->current, "inputError", message);
      break;
    case OCI_REPORT_JUNIT:
      junit_input_error (self, message);
      break;
    }
}

static void
on_notice (OciResultBus *bus, const char *subject, const char *message, OciReporter *self)
{
  switch (self->format)
    {
    case OCI_REPORT_TEXT:
      fprintf (self->out, "%sNOTE%s %s: %s\n", paint (self, "\033[36m"), paint (self, "\033[0m"), subject, message);
      break;
    case OCI_REPORT_TAP:
      fprintf (self->out, "# warning: %s: %s\n", subject, message);
      break;
    case OCI_REPORT_JSON:
      if (self->current == NULL)
        json_begin (self, subject);
      json_array_add_string_element (json_object_get_array_member (self->current, "notices"), message);
      break;
    case OCI_REPORT_JUNIT:
      {
        g_autofree char *m = oci_xml_escape (message);
        g_string_append_printf (self->cases, "    <system-out>note: %s</system-out>\n", m);
      }
      break;
    }
}

static void
on_subject_end (OciResultBus *bus, const char *subject, OciReporter *self)
{
  if (self->format == OCI_REPORT_JUNIT)
    junit_end (self, subject);
  else if (self->format == OCI_REPORT_JSON && self->current)
    {
      JsonArray *results = json_object_get_array_member (self->current, "results");
      gboolean valid = !json_object_has_member (self->current, "inputError");
      for (guint i = 0; valid && i < json_array_get_length (results); i++)
        valid = !json_object_get_boolean_member (json_array_get_object_element (results, i), "failing");
      json_object_set_boolean_member (self->current, "valid", valid);
      json_array_add_object_element (self->subjects, g_steal_pointer (&self->current));
    }
}

static void
on_finished (OciResultBus *bus, OciReporter *self)
{
  switch (self->format)
    {
    case OCI_REPORT_TEXT:
      text_finish (self);
      break;
    case OCI_REPORT_TAP:
      fprintf (self->out, "1..%u\n", self->test_number);
      break;
    case OCI_REPORT_JSON:
      json_finish (self);
      break;
    case OCI_REPORT_JUNIT:
      junit_finish (self);
      break;
    }
  fflush (self->out);
}

/**
 * oci_reporter_attach:
 * @self: a reporter
 * @bus: the bus to listen to
 *
 * Starts reporting; TAP writes its version line now. Machine formats ask
 * the bus for pass results.
 */
void
oci_reporter_attach (OciReporter *self, OciResultBus *bus)
{
  g_return_if_fail (self->bus == NULL);
  self->bus = g_object_ref (bus);
  if (self->format != OCI_REPORT_TEXT || self->verbose)
    oci_result_bus_set_want_passes (bus, TRUE);
  if (self->format == OCI_REPORT_TAP)
    fputs ("TAP version 13\n", self->out);
  if (self->format == OCI_REPORT_JSON)
    self->subjects = json_array_new ();
  g_signal_connect (bus, "subject-begin", G_CALLBACK (on_subject_begin), self);
  g_signal_connect (bus, "result", G_CALLBACK (on_result), self);
  g_signal_connect (bus, "input-error", G_CALLBACK (on_input_error), self);
  g_signal_connect (bus, "notice", G_CALLBACK (on_notice), self);
  g_signal_connect (bus, "subject-end", G_CALLBACK (on_subject_end), self);
  g_signal_connect (bus, "finished", G_CALLBACK (on_finished), self);
}
