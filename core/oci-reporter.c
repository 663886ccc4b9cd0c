/* oci-reporter.c — text, TAP 13, JSON, JUnit XML, SARIF 2.1.0 and GitHub
 * workflow commands from the result bus
 *
 * Every text a result carries is bounded (oci_report_bound_result()) and
 * escaped for its format (oci-report-escape.c) before it is written.
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
  char *command;
  gboolean color;
  gboolean verbose;
  OciResultBus *bus;
  guint test_number;
  /* JUnit: test cases of the current subject, and the finished suites */
  GString *cases;
  guint suite_tests, suite_failures, suite_errors, suite_skipped;
  GString *suites;
  guint total_tests, total_failures, total_errors, total_skipped;
  /* JSON: the document being built */
  JsonArray *subjects;
  JsonObject *current;
  /* SARIF: rules by id (index + 1), their array, results, notifications */
  GPtrArray *catalogue; /* OciRequirement rows, for the rules' text */
  GHashTable *rule_index;
  JsonArray *rules;
  JsonArray *sarif_results;
  JsonArray *notifications;
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
  g_free (self->command);
  g_string_free (self->cases, TRUE);
  g_string_free (self->suites, TRUE);
  g_clear_pointer (&self->subjects, json_array_unref);
  g_clear_pointer (&self->current, json_object_unref);
  g_clear_pointer (&self->catalogue, g_ptr_array_unref);
  g_clear_pointer (&self->rule_index, g_hash_table_unref);
  g_clear_pointer (&self->rules, json_array_unref);
  g_clear_pointer (&self->sarif_results, json_array_unref);
  g_clear_pointer (&self->notifications, json_array_unref);
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
  self->command = g_strdup ("validate");
}

/* In the order of #OciReportFormat. */
static const char *const format_names[] = { "text", "tap", "json", "junit", "sarif", "github" };

/**
 * oci_report_format_parse:
 * @text: "text", "tap", "json", "junit", "sarif" or "github"
 * @format: (out): the format
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: %TRUE if @text names a format
 */
gboolean
oci_report_format_parse (const char *text, OciReportFormat *format)
{
  for (gsize i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (text, format_names[i]) == 0)
      {
        *format = (OciReportFormat) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * oci_report_color_auto:
 * @fd: a file descriptor
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: %TRUE when text written to @fd may use colour and redraws: it
 *   is a terminal, $TERM is not "dumb" and $NO_COLOR is unset or empty
 */
gboolean
oci_report_color_auto (int fd)
{
  const char *no_color = g_getenv ("NO_COLOR");
  const char *term = g_getenv ("TERM");

  return isatty (fd) && (no_color == NULL || *no_color == '\0') && g_strcmp0 (term, "dumb") != 0;
}

/**
 * oci_reporter_new:
 * @format: the output format
 * @stream: where to write (not closed)
 * @tool_name: the program's name, for headers
 *
 * Colour is on for text when oci_report_color_auto() says so.
 *
 * Thread safety: a reporter is used on one thread, the one that posts to
 * its result bus (under `validate --jobs`, the calling thread): never from
 * checker threads.
 *
 * Returns: (transfer full): a reporter; attach it to a bus
 */
OciReporter *
oci_reporter_new (OciReportFormat format, FILE *stream, const char *tool_name)
{
  OciReporter *self = g_object_new (OCI_TYPE_REPORTER, NULL);

  self->format = format;
  self->out = stream;
  self->tool = g_strdup (tool_name);
  self->color = format == OCI_REPORT_TEXT && oci_report_color_auto (fileno (stream));
  return self;
}

/**
 * oci_reporter_set_color:
 * @self: a reporter
 * @color: force colour on or off (text format only)
 *
 * Thread safety: a reporter is used on one thread, the one that posts to
 * its result bus (under `validate --jobs`, the calling thread): never from
 * checker threads.
 */
void
oci_reporter_set_color (OciReporter *self, gboolean color)
{
  self->color = color && self->format == OCI_REPORT_TEXT;
}

/**
 * oci_reporter_set_verbose:
 * @self: a reporter
 * @verbose: text format: also list passes and skips
 *
 * Thread safety: a reporter is used on one thread, the one that posts to
 * its result bus (under `validate --jobs`, the calling thread): never from
 * checker threads.
 */
void
oci_reporter_set_verbose (OciReporter *self, gboolean verbose)
{
  self->verbose = verbose;
}

/**
 * oci_reporter_set_command:
 * @self: a reporter
 * @command: the command the JSON envelope names (default "validate")
 *
 * Thread safety: a reporter is used on one thread, the one that posts to
 * its result bus (under `validate --jobs`, the calling thread): never from
 * checker threads.
 */
void
oci_reporter_set_command (OciReporter *self, const char *command)
{
  g_free (self->command);
  self->command = g_strdup (command);
}

/**
 * oci_reporter_set_requirements:
 * @self: a reporter
 * @requirements: (element-type OciRequirement): the requirement catalogue
 *   (oci_registry_get_requirements()); rows may be added until the end
 *
 * SARIF rules then carry the catalogue's summary of each requirement.
 *
 * Thread safety: a reporter is used on one thread, the one that posts to
 * its result bus (under `validate --jobs`, the calling thread): never from
 * checker threads.
 */
void
oci_reporter_set_requirements (OciReporter *self, GPtrArray *requirements)
{
  g_clear_pointer (&self->catalogue, g_ptr_array_unref);
  self->catalogue = requirements ? g_ptr_array_ref (requirements) : NULL;
}

/* ---- verdicts ----------------------------------------------------------- */

/* What a result means for the run, as distinct from its status: a failed
 * SHOULD below the compliance level is a warning. One row per verdict. */
typedef enum
{
  VERDICT_PASS,
  VERDICT_FAIL,
  VERDICT_WARN,
  VERDICT_SKIP,
  VERDICT_ERROR,
} Verdict;

static const struct
{
  const char *word;  /* text, TAP, JUnit */
  const char *name;  /* JSON */
  const char *color; /* text on a terminal */
  const char *sarif; /* SARIF level, GitHub command */
} verdicts[] = {
  [VERDICT_PASS] = { "PASS", "pass", "\033[32m", "none" },
  [VERDICT_FAIL] = { "FAIL", "fail", "\033[1;31m", "error" },
  [VERDICT_WARN] = { "WARN", "warn", "\033[1;33m", "warning" },
  [VERDICT_SKIP] = { "SKIP", "skip", "\033[36m", "none" },
  [VERDICT_ERROR] = { "ERROR", "error", "\033[1;31m", "error" },
};

static Verdict
verdict_of (OciReporter *self, const OciResult *r)
{
  switch (r->status)
    {
    case OCI_STATUS_PASS: return VERDICT_PASS;
    case OCI_STATUS_SKIP: return VERDICT_SKIP;
    case OCI_STATUS_ERROR: return VERDICT_ERROR;
    default: return oci_result_bus_is_failing (self->bus, r) ? VERDICT_FAIL : VERDICT_WARN;
    }
}

/* Why a failure does not fail the run. */
static const char *
not_failing_reason (const OciResult *r)
{
  return r->level == OCI_LEVEL_ADVICE ? "advice, no RFC 2119 keyword behind it: fails only with --strict"
                                      : "below the compliance level";
}

static const char *
paint (OciReporter *self, const char *code)
{
  return self->color ? code : "";
}

static const char *
result_name (const OciResult *r)
{
  return r->requirement_id ? r->requirement_id : (r->checker_id ? r->checker_id : "error");
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

/* One line "    PREFIXvalue" with the value shown visibly. */
static void
text_line (OciReporter *self, const char *prefix, const char *value)
{
  g_autofree char *v = NULL;

  if (value == NULL)
    return;
  v = oci_report_visible (value);
  fprintf (self->out, "    %s%s\n", prefix, v);
}

static void
text_result (OciReporter *self, const OciResult *r)
{
  Verdict v = verdict_of (self, r);
  g_autofree char *subject = r->subject ? oci_report_visible (r->subject) : NULL;
  g_autofree char *name = oci_report_visible (result_name (r));
  g_autofree char *where = location (r);

  if ((v == VERDICT_PASS || v == VERDICT_SKIP) && !self->verbose)
    return;
  fprintf (self->out, "%s%s%s %s%s%s%s%s%s\n", paint (self, verdicts[v].color), verdicts[v].word,
           paint (self, "\033[0m"), subject ? subject : "", subject ? ": " : "", name,
           r->requirement_id ? " (" : "", r->requirement_id ? oci_level_to_string (r->level) : "",
           r->requirement_id ? ")" : "");
  text_line (self, "", r->message);
  if (r->expected || r->actual)
    {
      text_line (self, "expected: ", r->expected ? r->expected : "-");
      text_line (self, "actual:   ", r->actual ? r->actual : "-");
    }
  text_line (self, "at ", where);
  text_line (self, "see ", r->url);
}

static void
text_input_error (OciReporter *self, const char *message)
{
  g_autofree char *m = oci_report_visible (message);

  fprintf (self->out, "%sERROR%s %s\n", paint (self, "\033[1;31m"), paint (self, "\033[0m"), m);
}

static void
text_notice (OciReporter *self, const char *subject, const char *message)
{
  g_autofree char *s = oci_report_visible (subject);
  g_autofree char *m = oci_report_visible (message);

  fprintf (self->out, "%sNOTE%s %s: %s\n", paint (self, "\033[36m"), paint (self, "\033[0m"), s, m);
}

/* Failures and errors are counted apart, as in the JSON summary. */
static void
text_finish (OciReporter *self)
{
  OciResultBus *bus = self->bus;
  guint subjects = oci_result_bus_count_subjects (bus);
  guint failed = oci_result_bus_count_failed_subjects (bus);
  guint errors = oci_result_bus_count_status (bus, OCI_STATUS_ERROR);
  guint failures = oci_result_bus_count_failing (bus) - errors;
  guint warnings = oci_result_bus_count_warnings (bus);
  g_autofree char *error_part = NULL;

  if (subjects == 1 && failed == 0 && warnings == 0)
    {
      fprintf (self->out, "Bundle validation succeeded.\n");
      return;
    }
  if (subjects == 1 && failed == 0)
    {
      fprintf (self->out, "Bundle validation succeeded with %u warning%s.\n", warnings,
               warnings == 1 ? "" : "s");
      return;
    }
  error_part = errors ? g_strdup_printf ("%u error%s, ", errors, errors == 1 ? "" : "s") : g_strdup ("");
  fprintf (self->out, "%u checked, %u valid, %u invalid: %u failure%s, %s%u warning%s, %u unreadable\n",
           subjects, subjects - failed, failed, failures, failures == 1 ? "" : "s", error_part, warnings,
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
 * string (oci_json_quote()), which is a valid YAML double-quoted scalar
 * on one line, whatever @value holds.
 */
void
oci_yaml_field (FILE *out, const char *indent, const char *key, const char *value)
{
  g_autofree char *quoted = NULL;

  if (value == NULL)
    return;
  quoted = oci_json_quote (value, NULL);
  fprintf (out, "%s%s: %s\n", indent, key, quoted);
}

/**
 * oci_tap_description:
 * @text: (nullable): text for a test point's description or directive
 *
 * Returns: (transfer full): @text on one line, shown visibly, with '#'
 *   escaped as TAP says ("\#") so it cannot start a directive
 */
char *
oci_tap_description (const char *text)
{
  g_autofree char *visible = oci_report_visible (text);
  GString *out = g_string_sized_new (strlen (visible) + 4);

  for (const char *p = visible; *p; p++)
    {
      if (*p == '#')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
tap_result (OciReporter *self, const OciResult *r)
{
  Verdict v = verdict_of (self, r);
  gboolean ok = v == VERDICT_PASS || v == VERDICT_SKIP;
  g_autofree char *msg = oci_tap_description (r->message);
  g_autofree char *name = oci_tap_description (result_name (r));
  g_autofree char *subject = r->subject ? oci_tap_description (r->subject) : NULL;
  g_autofree char *where = location (r);

  self->test_number++;
  fprintf (self->out, "%s %u - %s%s%s%s%s", ok ? "ok" : "not ok", self->test_number, name,
           subject ? " [" : "", subject ? subject : "", subject ? "]" : "",
           v == VERDICT_SKIP ? "" : (*msg ? ": " : ""));
  if (v == VERDICT_SKIP)
    fprintf (self->out, " # SKIP %s\n", msg);
  else if (v == VERDICT_WARN)
    fprintf (self->out, "%s # TODO %s-level, %s\n", msg, oci_level_to_string (r->level), not_failing_reason (r));
  else
    fprintf (self->out, "%s\n", msg);
  if (ok && !self->verbose)
    return;
  fputs ("  ---\n", self->out);
  oci_yaml_field (self->out, "  ", "requirement", r->requirement_id);
  oci_yaml_field (self->out, "  ", "level", r->requirement_id ? oci_level_to_string (r->level) : NULL);
  oci_yaml_field (self->out, "  ", "status", oci_status_to_string (r->status));
  oci_yaml_field (self->out, "  ", "verdict", verdicts[v].name);
  oci_yaml_field (self->out, "  ", "message", r->message);
  oci_yaml_field (self->out, "  ", "subject", r->subject);
  oci_yaml_field (self->out, "  ", "checker", r->checker_id);
  oci_yaml_field (self->out, "  ", "pointer", r->pointer);
  oci_yaml_field (self->out, "  ", "file", r->file);
  if (r->line)
    fprintf (self->out, "  line: %u\n  column: %u\n", r->line, r->column);
  oci_yaml_field (self->out, "  ", "at", where);
  oci_yaml_field (self->out, "  ", "expected", r->expected);
  oci_yaml_field (self->out, "  ", "actual", r->actual);
  oci_yaml_field (self->out, "  ", "url", r->url);
  fputs ("  ...\n", self->out);
}

static void
tap_input_error (OciReporter *self, const char *subject, const char *message)
{
  g_autofree char *s = oci_tap_description (subject);

  self->test_number++;
  fprintf (self->out, "not ok %u - %s: cannot be read or parsed\n  ---\n", self->test_number, s);
  oci_yaml_field (self->out, "  ", "message", message);
  fputs ("  ...\n", self->out);
}

static void
tap_comment (OciReporter *self, const char *prefix, const char *subject, const char *message)
{
  g_autofree char *s = oci_report_visible (subject);
  g_autofree char *m = message ? oci_report_visible (message) : NULL;

  fprintf (self->out, "# %s%s%s%s\n", prefix, s, m ? ": " : "", m ? m : "");
}

/* ---- JSON ------------------------------------------------------------- */

/* Sets @key to @value made valid UTF-8; a replaced byte sets *@replaced. */
static void
json_set_text (JsonObject *o, const char *key, const char *value, gboolean *replaced)
{
  g_autofree char *valid = NULL;

  if (value == NULL)
    return;
  valid = oci_report_utf8 (value, replaced);
  json_object_set_string_member (o, key, valid);
}

/**
 * oci_report_json_result:
 * @result: a result (bounded already)
 * @verdict: what it means for the run ("pass", "fail", "warn", "skip" or
 *   "error")
 *
 * One result as the report schema's "result" definition has it. Text that
 * was not UTF-8 has U+FFFD in place of each bad byte and the object
 * carries "invalidUtf8": true.
 *
 * Thread safety: safe from any thread on a stream or builder no other
 * thread writes at the same time; reporters call it on the thread that
 * posts to the bus, never from checker threads under `validate --jobs`.
 *
 * Returns: (transfer full): the object
 */
JsonObject *
oci_report_json_result (const OciResult *result, const char *verdict)
{
  const OciResult *r = result;
  JsonObject *o = json_object_new ();
  gboolean replaced = FALSE;

  json_set_text (o, "requirement", r->requirement_id, &replaced);
  if (r->requirement_id)
    json_object_set_string_member (o, "level", oci_level_to_string (r->level));
  json_object_set_string_member (o, "status", oci_status_to_string (r->status));
  json_object_set_string_member (o, "verdict", verdict);
  json_set_text (o, "message", r->message, &replaced);
  json_set_text (o, "pointer", r->pointer, &replaced);
  json_set_text (o, "file", r->file, &replaced);
  if (r->line)
    {
      json_object_set_int_member (o, "line", r->line);
      json_object_set_int_member (o, "column", r->column);
    }
  json_set_text (o, "expected", r->expected, &replaced);
  json_set_text (o, "actual", r->actual, &replaced);
  json_set_text (o, "checker", r->checker_id, &replaced);
  json_set_text (o, "plugin", r->plugin, &replaced);
  json_set_text (o, "pluginVersion", r->plugin_version, &replaced);
  json_set_text (o, "url", r->url, &replaced);
  if (replaced)
    json_object_set_boolean_member (o, "invalidUtf8", TRUE);
  return o;
}

/**
 * oci_report_json_envelope:
 * @command: the command whose report this is ("validate", …)
 *
 * The members every JSON report starts with: "version" (of the report
 * format, docs/report.schema.json), "tool", "toolVersion" and "command".
 *
 * Thread safety: safe from any thread on a stream or builder no other
 * thread writes at the same time; reporters call it on the thread that
 * posts to the bus, never from checker threads under `validate --jobs`.
 *
 * Returns: (transfer full): the document to fill in
 */
JsonObject *
oci_report_json_envelope (const char *command)
{
  JsonObject *doc = json_object_new ();

  json_object_set_int_member (doc, "version", OCI_REPORT_JSON_VERSION);
  json_object_set_string_member (doc, "tool", "oci-runtime-tool");
  json_object_set_string_member (doc, "toolVersion", OCI_RUNTIME_TOOLS_VERSION);
  json_object_set_string_member (doc, "command", command);
  return doc;
}

/**
 * oci_report_json_write:
 * @stream: where to write
 * @doc: a document
 *
 * Writes @doc and a line break.
 *
 * Thread safety: safe from any thread on a stream or builder no other
 * thread writes at the same time; reporters call it on the thread that
 * posts to the bus, never from checker threads under `validate --jobs`.
 */
void
oci_report_json_write (FILE *stream, JsonObject *doc)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), doc);
  g_autofree char *text = oci_json_write (node, NULL, NULL);

  fprintf (stream, "%s\n", text);
}

static void
json_begin (OciReporter *self, const char *subject)
{
  gboolean replaced = FALSE;

  g_clear_pointer (&self->current, json_object_unref);
  self->current = json_object_new ();
  json_set_text (self->current, "subject", subject, &replaced);
  if (replaced)
    json_object_set_boolean_member (self->current, "invalidUtf8", TRUE);
  json_object_set_array_member (self->current, "results", json_array_new ());
  json_object_set_array_member (self->current, "notices", json_array_new ());
}

static JsonObject *
json_current (OciReporter *self, const char *subject)
{
  if (self->current == NULL)
    json_begin (self, subject ? subject : "");
  return self->current;
}

static void
json_add_text (JsonArray *array, const char *text)
{
  g_autofree char *valid = oci_report_utf8 (text, NULL);

  json_array_add_string_element (array, valid);
}

static void
json_finish (OciReporter *self)
{
  OciResultBus *bus = self->bus;
  g_autoptr(JsonObject) doc = oci_report_json_envelope (self->command);
  JsonObject *summary = json_object_new ();
  guint errors = oci_result_bus_count_status (bus, OCI_STATUS_ERROR);
  static const char *const tiers[] = { "MAY", "SHOULD", "MUST" };
  OciTier tier = oci_result_bus_get_compliance (bus);

  json_object_set_string_member (doc, "complianceLevel", (guint) tier < G_N_ELEMENTS (tiers) ? tiers[tier] : "MUST");
  json_object_set_array_member (doc, "subjects", json_array_ref (self->subjects));
  json_object_set_int_member (summary, "subjects", oci_result_bus_count_subjects (bus));
  json_object_set_int_member (summary, "invalidSubjects", oci_result_bus_count_failed_subjects (bus));
  json_object_set_int_member (summary, "pass", oci_result_bus_count_status (bus, OCI_STATUS_PASS));
  json_object_set_int_member (summary, "fail", oci_result_bus_count_failing (bus) - errors);
  json_object_set_int_member (summary, "warn", oci_result_bus_count_warnings (bus));
  json_object_set_int_member (summary, "skip", oci_result_bus_count_status (bus, OCI_STATUS_SKIP));
  json_object_set_int_member (summary, "error", errors);
  json_object_set_int_member (summary, "inputErrors", oci_result_bus_count_input_errors (bus));
  /* counted above, listed as a notice of their subject instead */
  json_object_set_int_member (summary, "notShown", oci_result_bus_count_not_shown (bus));
  json_object_set_int_member (summary, "exitCode", oci_result_bus_get_exit_code (bus));
  json_object_set_object_member (doc, "summary", summary);
  oci_report_json_write (self->out, doc);
}

/* ---- JUnit XML -------------------------------------------------------- */

/* The plugin that posted @r, as testcase properties (the form pytest and
 * the CI servers that read JUnit use). */
static void
junit_plugin_properties (OciReporter *self, const OciResult *r)
{
  g_autofree char *plugin = NULL;
  g_autofree char *version = NULL;

  if (r->plugin == NULL)
    return;
  plugin = oci_xml_escape (r->plugin, NULL);
  g_string_append_printf (self->cases, "      <properties>\n        <property name=\"plugin\" value=\"%s\"/>\n", plugin);
  if (r->plugin_version)
    {
      version = oci_xml_escape (r->plugin_version, NULL);
      g_string_append_printf (self->cases, "        <property name=\"plugin-version\" value=\"%s\"/>\n", version);
    }
  g_string_append (self->cases, "      </properties>\n");
}

static void
junit_result (OciReporter *self, const OciResult *r)
{
  Verdict v = verdict_of (self, r);
  g_autofree char *classname = oci_xml_escape (r->checker_id ? r->checker_id : "core", NULL);
  g_autofree char *name = oci_xml_escape (r->requirement_id ? r->requirement_id : "error", NULL);
  g_autofree char *message = oci_xml_escape (r->message, NULL);
  g_autofree char *where = location (r);
  g_autofree char *body = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);

  self->suite_tests++;
  g_string_append_printf (self->cases, "    <testcase classname=\"%s\" name=\"%s\"", classname, name);
  if (v == VERDICT_PASS && r->plugin == NULL)
    {
      g_string_append (self->cases, "/>\n");
      return;
    }
  g_string_append (self->cases, ">\n");
  junit_plugin_properties (self, r);
  if (v == VERDICT_PASS)
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
  body = oci_xml_escape (detail->str, NULL);
  switch (v)
    {
    case VERDICT_SKIP:
      self->suite_skipped++;
      g_string_append_printf (self->cases, "      <skipped message=\"%s\"/>\n", message);
      break;
    case VERDICT_ERROR:
      self->suite_errors++;
      g_string_append_printf (self->cases, "      <error message=\"%s\" type=\"error\">%s</error>\n", message, body);
      break;
    case VERDICT_FAIL:
      self->suite_failures++;
      g_string_append_printf (self->cases, "      <failure message=\"%s\" type=\"%s\">%s</failure>\n",
                              message, oci_level_to_string (r->level), body);
      break;
    default:
      g_string_append_printf (self->cases, "      <system-out>warning (%s, %s): %s\n%s</system-out>\n",
                              oci_level_to_string (r->level), not_failing_reason (r), message, body);
    }
  g_string_append (self->cases, "    </testcase>\n");
}

static void
junit_input_error (OciReporter *self, const char *message)
{
  g_autofree char *m = oci_xml_escape (message, NULL);

  self->suite_tests++;
  self->suite_errors++;
  g_string_append_printf (self->cases,
                          "    <testcase classname=\"input\" name=\"read\">\n"
                          "      <error message=\"%s\" type=\"input\"/>\n    </testcase>\n", m);
}

static void
junit_end (OciReporter *self, const char *subject)
{
  g_autofree char *name = oci_xml_escape (subject, NULL);

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
  g_autofree char *tool = oci_xml_escape (self->tool, NULL);

  fprintf (self->out,
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<testsuites name=\"%s\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\">\n%s</testsuites>\n",
           tool, self->total_tests, self->total_failures, self->total_errors, self->total_skipped,
           self->suites->str);
}

/* ---- SARIF 2.1.0 -------------------------------------------------------- */

/* An artifact location's URI: a relative reference for a relative path,
 * a file: URI for an absolute one; every byte outside the unreserved set
 * is percent-encoded, so any path gives a valid URI. */
static char *
sarif_uri (const char *path)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

  return g_str_has_prefix (path, "/") ? g_strconcat ("file://", escaped, NULL) : g_steal_pointer (&escaped);
}

static JsonObject *
sarif_message (const char *text)
{
  JsonObject *m = json_object_new ();

  json_set_text (m, "text", text && *text ? text : "(no message)", NULL);
  return m;
}

/* The rule of @r's requirement, added on first sight; returns its index. */
static guint
sarif_rule (OciReporter *self, const OciResult *r)
{
  gpointer found = g_hash_table_lookup (self->rule_index, r->requirement_id);
  JsonObject *rule, *config, *props;
  OciResult failed = { .status = OCI_STATUS_FAIL, .level = r->level };
  gboolean failing;

  if (found)
    return GPOINTER_TO_UINT (found) - 1;
  rule = json_object_new ();
  config = json_object_new ();
  props = json_object_new ();
  json_set_text (rule, "id", r->requirement_id, NULL);
  json_set_text (rule, "helpUri", r->url, NULL);
  /* what a failure of this requirement means for the run */
  failing = oci_result_bus_is_failing (self->bus, &failed);
  json_object_set_string_member (config, "level", failing ? "error" : "warning");
  json_object_set_object_member (rule, "defaultConfiguration", config);
  json_object_set_string_member (props, "level", oci_level_to_string (r->level));
  for (guint i = 0; self->catalogue && i < self->catalogue->len; i++)
    {
      const OciRequirement *row = self->catalogue->pdata[i];
      if (strcmp (row->id, r->requirement_id) == 0 && row->summary)
        {
          json_object_set_object_member (rule, "shortDescription", sarif_message (row->summary));
          json_set_text (props, "document", row->document, NULL);
          break;
        }
    }
  json_object_set_object_member (rule, "properties", props);
  json_array_add_object_element (self->rules, rule);
  g_hash_table_insert (self->rule_index, g_strdup (r->requirement_id),
                       GUINT_TO_POINTER (json_array_get_length (self->rules)));
  return json_array_get_length (self->rules) - 1;
}

static JsonArray *
sarif_locations (const OciResult *r)
{
  JsonArray *locations = json_array_new ();
  JsonObject *location = json_object_new ();

  if (r->file)
    {
      JsonObject *physical = json_object_new ();
      JsonObject *artifact = json_object_new ();
      g_autofree char *uri = sarif_uri (r->file);

      json_object_set_string_member (artifact, "uri", uri);
      json_object_set_object_member (physical, "artifactLocation", artifact);
      if (r->line)
        {
          JsonObject *region = json_object_new ();
          json_object_set_int_member (region, "startLine", r->line);
          if (r->column)
            json_object_set_int_member (region, "startColumn", r->column);
          json_object_set_object_member (physical, "region", region);
        }
      json_object_set_object_member (location, "physicalLocation", physical);
    }
  if (r->pointer)
    {
      JsonArray *logical = json_array_new ();
      JsonObject *l = json_object_new ();
      json_set_text (l, "fullyQualifiedName", *r->pointer ? r->pointer : "/", NULL);
      json_object_set_string_member (l, "kind", "member");
      json_array_add_object_element (logical, l);
      json_object_set_array_member (location, "logicalLocations", logical);
    }
  json_array_add_object_element (locations, location);
  return locations;
}

static char *
finding_text (const OciResult *r)
{
  GString *text = g_string_new (r->message ? r->message : "");

  if (r->expected || r->actual)
    g_string_append_printf (text, " (expected %s, actual %s)", r->expected ? r->expected : "-",
                            r->actual ? r->actual : "-");
  return g_string_free (text, FALSE);
}

static void
sarif_result (OciReporter *self, const OciResult *r)
{
  Verdict v = verdict_of (self, r);
  JsonObject *o, *props;
  g_autofree char *text = NULL;

  if (v == VERDICT_PASS || v == VERDICT_SKIP)
    return;
  o = json_object_new ();
  props = json_object_new ();
  if (r->requirement_id)
    {
      guint index = sarif_rule (self, r);
      json_set_text (o, "ruleId", r->requirement_id, NULL);
      json_object_set_int_member (o, "ruleIndex", index);
    }
  json_object_set_string_member (o, "level", verdicts[v].sarif);
  text = finding_text (r);
  json_object_set_object_member (o, "message", sarif_message (text));
  json_object_set_array_member (o, "locations", sarif_locations (r));
  json_object_set_string_member (props, "status", oci_status_to_string (r->status));
  json_object_set_string_member (props, "verdict", verdicts[v].name);
  json_set_text (props, "subject", r->subject, NULL);
  json_set_text (props, "checker", r->checker_id, NULL);
  json_object_set_object_member (o, "properties", props);
  json_array_add_object_element (self->sarif_results, o);
}

static void
sarif_notification (OciReporter *self, const char *level, const char *subject, const char *message)
{
  JsonObject *n = json_object_new ();
  g_autofree char *text = g_strdup_printf ("%s: %s", subject ? subject : "", message ? message : "");

  json_object_set_string_member (n, "level", level);
  json_object_set_object_member (n, "message", sarif_message (text));
  json_array_add_object_element (self->notifications, n);
}

static void
sarif_finish (OciReporter *self)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  JsonObject *run = json_object_new ();
  JsonObject *tool = json_object_new ();
  JsonObject *driver = json_object_new ();
  JsonObject *invocation = json_object_new ();
  JsonArray *runs = json_array_new ();
  JsonArray *invocations = json_array_new ();

  json_object_set_string_member (doc, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  json_object_set_string_member (doc, "version", "2.1.0");
  json_set_text (driver, "name", self->tool, NULL);
  json_object_set_string_member (driver, "version", OCI_RUNTIME_TOOLS_VERSION);
  json_object_set_string_member (driver, "informationUri", "https://github.com/opencontainers/runtime-spec");
  json_object_set_array_member (driver, "rules", json_array_ref (self->rules));
  json_object_set_object_member (tool, "driver", driver);
  json_object_set_object_member (run, "tool", tool);
  json_object_set_boolean_member (invocation, "executionSuccessful",
                                  oci_result_bus_count_input_errors (self->bus) == 0);
  json_object_set_int_member (invocation, "exitCode", oci_result_bus_get_exit_code (self->bus));
  json_object_set_array_member (invocation, "toolExecutionNotifications", json_array_ref (self->notifications));
  json_array_add_object_element (invocations, invocation);
  json_object_set_array_member (run, "invocations", invocations);
  json_object_set_array_member (run, "results", json_array_ref (self->sarif_results));
  json_array_add_object_element (runs, run);
  json_object_set_array_member (doc, "runs", runs);
  oci_report_json_write (self->out, doc);
}

/* ---- GitHub workflow commands ------------------------------------------- */

static void
github_command (OciReporter *self, const char *command, GString *props, const char *message)
{
  g_autofree char *m = oci_github_escape (message, FALSE);

  fprintf (self->out, "::%s%s%s::%s\n", command, props->len ? " " : "", props->str, m);
}

static void
github_property (GString *props, const char *key, const char *value)
{
  g_autofree char *v = oci_github_escape (value, TRUE);

  g_string_append_printf (props, "%s%s=%s", props->len ? "," : "", key, v);
}

/* GitHub places annotations by paths relative to the checkout: a path
 * inside $GITHUB_WORKSPACE is given relative to it. */
static const char *
github_path (const char *file)
{
  const char *workspace = g_getenv ("GITHUB_WORKSPACE");
  gsize n = workspace ? strlen (workspace) : 0;

  if (n && g_str_has_prefix (file, workspace) && file[n] == '/' && file[n + 1])
    return file + n + 1;
  return file;
}

static void
github_result (OciReporter *self, const OciResult *r)
{
  Verdict v = verdict_of (self, r);
  g_autoptr(GString) props = g_string_new (NULL);
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *text = finding_text (r);
  char num[16];

  if (v == VERDICT_PASS || v == VERDICT_SKIP)
    return;
  if (r->file)
    github_property (props, "file", github_path (r->file));
  if (r->file && r->line)
    {
      g_snprintf (num, sizeof num, "%u", r->line);
      github_property (props, "line", num);
      g_snprintf (num, sizeof num, "%u", r->column ? r->column : 1);
      github_property (props, "col", num);
    }
  title = r->requirement_id ? g_strdup_printf ("%s (%s)", r->requirement_id, oci_level_to_string (r->level))
                            : g_strdup (result_name (r));
  github_property (props, "title", title);
  if (r->subject)
    g_string_append_printf (message, "%s: ", r->subject);
  g_string_append (message, text);
  if (r->pointer)
    g_string_append_printf (message, " at %s", *r->pointer ? r->pointer : "/");
  if (r->url)
    g_string_append_printf (message, " — see %s", r->url);
  github_command (self, v == VERDICT_WARN ? "warning" : "error", props, message->str);
}

static void
github_other (OciReporter *self, const char *command, const char *title, const char *subject, const char *message)
{
  g_autoptr(GString) props = g_string_new (NULL);
  g_autofree char *text = g_strdup_printf ("%s: %s", subject ? subject : "", message ? message : "");

  github_property (props, "title", title);
  github_command (self, command, props, text);
}

/* ---- bus handlers ----------------------------------------------------- */

static void
on_subject_begin (OciResultBus *bus, const char *subject, OciReporter *self)
{
  if (self->format == OCI_REPORT_TAP)
    tap_comment (self, "", subject, NULL);
  else if (self->format == OCI_REPORT_JSON)
    json_begin (self, subject);
}

static void
on_result (OciResultBus *bus, const OciResult *result, OciReporter *self)
{
  /* most results are short: a bounded copy only for those that are not */
  g_autoptr(OciResult) copy = oci_report_needs_bound (result) ? oci_report_bound_result (result) : NULL;
  const OciResult *r = copy ? copy : result;

  switch (self->format)
    {
    case OCI_REPORT_TEXT:
      text_result (self, r);
      break;
    case OCI_REPORT_TAP:
      tap_result (self, r);
      break;
    case OCI_REPORT_JSON:
      json_array_add_object_element (json_object_get_array_member (json_current (self, r->subject), "results"),
                                     oci_report_json_result (r, verdicts[verdict_of (self, r)].name));
      break;
    case OCI_REPORT_JUNIT:
      junit_result (self, r);
      break;
    case OCI_REPORT_SARIF:
      sarif_result (self, r);
      break;
    case OCI_REPORT_GITHUB:
      github_result (self, r);
      break;
    }
}

static void
on_input_error (OciResultBus *bus, const char *subject, const char *message, OciReporter *self)
{
  g_autofree char *m = oci_report_clip (message, OCI_REPORT_MAX_TEXT);
  g_autofree char *s = oci_report_clip (subject, OCI_REPORT_MAX_TEXT);

  switch (self->format)
    {
    case OCI_REPORT_TEXT:
      text_input_error (self, m);
      break;
    case OCI_REPORT_TAP:
      tap_input_error (self, s, m);
      break;
    case OCI_REPORT_JSON:
      json_set_text (json_current (self, s), "inputError", m, NULL);
      break;
    case OCI_REPORT_JUNIT:
      junit_input_error (self, m);
      break;
    case OCI_REPORT_SARIF:
      sarif_notification (self, "error", s, m);
      break;
    case OCI_REPORT_GITHUB:
      github_other (self, "error", "cannot be read or parsed", s, m);
      break;
    }
}

static void
on_notice (OciResultBus *bus, const char *subject, const char *message, OciReporter *self)
{
  g_autofree char *m = oci_report_clip (message, OCI_REPORT_MAX_TEXT);
  g_autofree char *s = oci_report_clip (subject, OCI_REPORT_MAX_TEXT);

  switch (self->format)
    {
    case OCI_REPORT_TEXT:
      text_notice (self, s, m);
      break;
    case OCI_REPORT_TAP:
      tap_comment (self, "warning: ", s, m);
      break;
    case OCI_REPORT_JSON:
      json_add_text (json_object_get_array_member (json_current (self, s), "notices"), m);
      break;
    case OCI_REPORT_JUNIT:
      {
        g_autofree char *xml = oci_xml_escape (m, NULL);
        g_string_append_printf (self->cases, "    <system-out>note: %s</system-out>\n", xml);
      }
      break;
    case OCI_REPORT_SARIF:
      sarif_notification (self, "warning", s, m);
      break;
    case OCI_REPORT_GITHUB:
      github_other (self, "notice", "note", s, m);
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
        {
          const char *v = json_object_get_string_member (json_array_get_object_element (results, i), "verdict");
          valid = strcmp (v, "fail") != 0 && strcmp (v, "error") != 0;
        }
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
    case OCI_REPORT_GITHUB:
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
    case OCI_REPORT_SARIF:
      sarif_finish (self);
      break;
    }
  fflush (self->out);
}

/**
 * oci_reporter_attach:
 * @self: a reporter
 * @bus: the bus to listen to
 *
 * Starts reporting; TAP writes its version line now. Machine formats that
 * list every check ask the bus for pass results.
 *
 * Thread safety: a reporter is used on one thread, the one that posts to
 * its result bus (under `validate --jobs`, the calling thread): never from
 * checker threads.
 */
void
oci_reporter_attach (OciReporter *self, OciResultBus *bus)
{
  g_return_if_fail (self->bus == NULL);
  self->bus = g_object_ref (bus);
  if (self->format == OCI_REPORT_TAP || self->format == OCI_REPORT_JSON || self->format == OCI_REPORT_JUNIT
      || self->verbose)
    oci_result_bus_set_want_passes (bus, TRUE);
  if (self->format == OCI_REPORT_TAP)
    fputs ("TAP version 13\n", self->out);
  if (self->format == OCI_REPORT_JSON)
    self->subjects = json_array_new ();
  if (self->format == OCI_REPORT_SARIF)
    {
      self->rule_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      self->rules = json_array_new ();
      self->sarif_results = json_array_new ();
      self->notifications = json_array_new ();
    }
  g_signal_connect (bus, "subject-begin", G_CALLBACK (on_subject_begin), self);
  g_signal_connect (bus, "result", G_CALLBACK (on_result), self);
  g_signal_connect (bus, "input-error", G_CALLBACK (on_input_error), self);
  g_signal_connect (bus, "notice", G_CALLBACK (on_notice), self);
  g_signal_connect (bus, "subject-end", G_CALLBACK (on_subject_end), self);
  g_signal_connect (bus, "finished", G_CALLBACK (on_finished), self);
}
