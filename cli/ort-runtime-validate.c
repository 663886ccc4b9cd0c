/* ort-runtime-validate.c — `oci-runtime-tool runtime-validate`
 *
 * Runs the runtime cases of the plugins that apply to this host against
 * a real runtime, in parallel, and reports one line per case.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ort-cli.h"

typedef struct
{
  OciRuntimeReport *report;
  gboolean progress;     /* a progress line on stderr */
  gboolean same_tty;     /* stdout is the same terminal: clear the line first */
  guint failed;
} Progress;

static void
clear_progress (Progress *p)
{
  if (p->progress)
    fputs ("\r\033[K", stderr);
}

static void
on_case_done (const OciRuntimeCaseResult *result, guint done, guint total, gpointer data)
{
  Progress *p = data;

  if (result->status == OCI_STATUS_FAIL || result->status == OCI_STATUS_ERROR)
    p->failed++;
  if (p->same_tty)
    clear_progress (p);
  oci_runtime_report_add (p->report, result);
  if (p->progress)
    {
      g_autofree char *id = oci_report_visible (result->case_id);
      fprintf (stderr, "\r\033[K[%u/%u] %u failed  %s", done, total, p->failed, id);
      fflush (stderr);
    }
}

static int
list_cases (OciRuntimeSuite *suite)
{
  g_autoptr(GPtrArray) cases = oci_runtime_suite_list_cases (suite);

  for (guint i = 0; i < cases->len; i++)
    {
      const OciRuntimeCase *c = cases->pdata[i];
      oci_report_printf (stdout, "%-44s %s\n", c->id, c->description ? c->description : "");
    }
  return 0;
}

/* Each --only or --skip glob must select some case: a typo is no filter. */
static gboolean
globs_select_cases (OciRuntimeSuite *suite, const char *option, char **globs)
{
  for (char **g = globs; g && *g; g++)
    {
      const char *const one[] = { *g, NULL };
      g_autoptr(GPtrArray) cases = NULL;

      oci_runtime_suite_set_filters (suite, one, NULL);
      cases = oci_runtime_suite_list_cases (suite);
      if (cases->len == 0)
        {
          fprintf (stderr, "%s: %s: '%s' matches no runtime case id and no requirement a case tests (see 'runtime-validate --list', 'requirements --runtime')\n",
                   ORT_PROGRAM, option, *g);
          return FALSE;
        }
    }
  return TRUE;
}

int
ort_cmd_runtime_validate (OrtGlobals *globals, int argc, char **argv)
{
  g_autofree char *runtime = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *runtimetest = NULL;
  g_autofree char *busybox = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *spec_version = NULL;
  g_autofree char *known_file = NULL;
  g_auto(GStrv) only = NULL;
  g_auto(GStrv) runtime_args = NULL;
  g_auto(GStrv) skip = NULL;
  g_auto(GStrv) known = NULL;
  g_autofree char *runtime_name = NULL;
  int jobs = 0, timeout = 0;
  gboolean keep = FALSE, verbose = FALSE, list = FALSE, no_progress = FALSE;
  OciReportFormat format = OCI_REPORT_TAP;
  g_autoptr(OciRegistry) registry = NULL;
  g_autoptr(OciRuntimeSuite) suite = NULL;
  g_autoptr(OciRuntimeReport) report = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  gint64 start;
  GOptionEntry entries[] = {
    { "runtime", 'r', 0, G_OPTION_ARG_FILENAME, &runtime, "The runtime to test (default: $RUNTIME, else runc)", "PATH" },
    { "runtime-arg", 0, 0, G_OPTION_ARG_STRING_ARRAY, &runtime_args, "Give ARG to every runtime call, before the command (repeatable; runsc: --runtime-arg=--network=none)", "ARG" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Cases run at once (default: two per CPU)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only, "Run only cases whose id matches GLOB ('base' means base.*), or that test a runtime requirement GLOB matches ('base.runtime.state.*'); repeatable", "GLOB" },
    { "skip", 0, 0, G_OPTION_ARG_STRING_ARRAY, &skip, "Leave out cases whose id matches GLOB, or that test a runtime requirement GLOB matches; repeatable", "GLOB" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, "Output format: tap (default), json, junit or text", "FORMAT" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the bundles and state of every case (their directory is printed)", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Seconds one runtime call or wait may take (default 10, at most 86400)", "SECS" },
    { "known-failures", 0, 0, G_OPTION_ARG_FILENAME, &known_file, "Failures listed in FILE (docs/runtime-results.md) are known runtime deviations: TAP TODO, exit status 0", "FILE" },
    { "spec-version", 0, 0, G_OPTION_ARG_STRING, &spec_version, "Generate the configs for this runtime-spec release (default: the newest)", "VERSION" },
    { "runtimetest", 0, 0, G_OPTION_ARG_FILENAME, &runtimetest, "The oci-runtimetest program (default: beside this program, else in $PATH)", "PATH" },
    { "busybox", 0, 0, G_OPTION_ARG_FILENAME, &busybox, "A static busybox for the root filesystem (default /bin/busybox)", "PATH" },
    { "work-dir", 0, 0, G_OPTION_ARG_FILENAME, &work_dir, "Where to make the run's temporary directory (default $TMPDIR)", "DIR" },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, "List the selected cases and exit", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Detail passing cases too", NULL },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &no_progress, "No progress line, even on a terminal", NULL },
    { NULL }
  };

  context = g_option_context_new ("- test an OCI runtime against the runtime specification");
  g_option_context_add_main_entries (context, entries, NULL);
  ort_note_entries (entries);
  g_option_context_set_summary (context,
                                "Runs every runtime case the plugins register: each builds a config with the\n"
                                "generate options, drives the runtime through create/start/state/kill/delete and\n"
                                "checks from outside and, with oci-runtimetest, from inside the container.\n"
                                "Exit status: 0 every case passed or was skipped (or failed as a known deviation),\n"
                                "1 a case failed, 2 usage error or the suite could not start.");
  if (!ort_parse_options (context, "runtime-validate", &argc, &argv))
    return ORT_EXIT_USAGE;
  if (argc > 1)
    return ort_usage_error ("runtime-validate", "unexpected argument '%s'", argv[1]);
  if (format_name && (!oci_report_format_parse (format_name, &format) || format == OCI_REPORT_SARIF
                      || format == OCI_REPORT_GITHUB))
    return ort_usage_error ("runtime-validate", "--format: invalid value \"%s\" (syntax: --format tap|json|junit|text)", format_name);
  if (jobs < 0 || timeout < 0)
    return ort_usage_error ("runtime-validate", "--jobs and --timeout take a positive number");
  if (timeout > OCI_RUNTIME_MAX_TIMEOUT_S)
    return ort_usage_error ("runtime-validate", "--timeout: %d seconds is more than the maximum, %d (syntax: --timeout SECS)",
                            timeout, OCI_RUNTIME_MAX_TIMEOUT_S);
  if (spec_version && !oci_spec_is_release (spec_version))
    return ort_usage_error ("runtime-validate", "--spec-version: unknown release \"%s\"", spec_version);
  if (runtime == NULL)
    runtime = g_strdup (g_getenv ("RUNTIME") && *g_getenv ("RUNTIME") ? g_getenv ("RUNTIME") : "runc");
  runtime_name = g_path_get_basename (runtime);
  if (known_file)
    {
      known = oci_runtime_known_failures_load (known_file, runtime_name, &error);
      if (known == NULL)
        return ort_input_error (error);
    }

  registry = ort_registry_new (globals, NULL);
  oci_registry_activate (registry, oci_host_os (), oci_host_arch ());
  if (ort_require_plugins (globals, registry) != 0)
    return ORT_EXIT_USAGE;
  ort_print_warnings (globals, registry);
  suite = oci_runtime_suite_new (registry, runtime);
  oci_runtime_suite_set_jobs (suite, (guint) jobs);
  if (!globs_select_cases (suite, "--only", only) || !globs_select_cases (suite, "--skip", skip))
    return ORT_EXIT_USAGE;
  oci_runtime_suite_set_filters (suite, (const char *const *) only, (const char *const *) skip);
  oci_runtime_suite_set_keep (suite, keep);
  oci_runtime_suite_set_runtime_args (suite, (const char *const *) runtime_args);
  oci_runtime_suite_set_timeout (suite, (guint) timeout);
  oci_runtime_suite_set_compliance (suite, globals->compliance);
  oci_runtime_suite_set_spec_version (suite, spec_version);
  oci_runtime_suite_set_work_dir (suite, work_dir);
  oci_runtime_suite_set_runtimetest (suite, runtimetest);
  oci_runtime_suite_set_busybox (suite, busybox);
  if (list)
    return list_cases (suite);
  /* Once, before the suite: a runtime that cannot run is one line, not an
   * error in every case. */
  if (!oci_runtime_suite_check_runtime (suite, &error))
    return ort_input_error (error);

  report = oci_runtime_report_new (format, stdout, runtime_name);
  oci_runtime_report_set_verbose (report, verbose);
  oci_runtime_report_set_known (report, (const char *const *) known);
  progress.report = report;
  /* redraws need a terminal that understands them */
  progress.progress = !no_progress && isatty (STDERR_FILENO) && g_strcmp0 (g_getenv ("TERM"), "dumb") != 0;
  progress.same_tty = progress.progress && isatty (STDOUT_FILENO);
  oci_runtime_suite_set_case_done (suite, on_case_done, &progress);
  oci_runtime_suite_install_signal_handlers (suite);

  start = g_get_monotonic_time ();
  if (!oci_runtime_suite_run (suite, &error))
    {
      clear_progress (&progress);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return ort_input_error (error);
      /* Ctrl-C: the cases cleaned up; the stream ends, then the signal does. */
      oci_runtime_report_bail_out (report, error->message);
      oci_runtime_suite_raise_signal (suite);
      return ORT_EXIT_USAGE;
    }
  clear_progress (&progress);
  {
    const char *source = NULL;
    const char *release = oci_runtime_suite_get_release (suite, &source);
    g_autofree char *note = g_strdup_printf ("configs generated for runtime-spec %s (%s)", release, source);
    /* no source: the suite stopped before it chose a release */
    if (release && source)
      oci_runtime_report_note (report, note);
  }
  oci_runtime_report_finish (report, (g_get_monotonic_time () - start) / 1e6);
  return oci_runtime_report_count_unexpected (report) > 0 ? 1 : 0;
}
