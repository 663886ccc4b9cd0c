/* test-plugin-isolation.c — third-party plugins cannot take the tool
 * down, weaken the built-in checks, or turn a run into a silent no-op;
 * discovery never runs foreign code. Everything through the real command
 * line, each run under a watchdog.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ort-test.h"

typedef struct
{
  char *dir;
  char *plugins;  /* the --plugin-dir of this test */
  char *bundle;   /* a valid bundle, then what the test makes of it */
  char *bundle2;  /* a second valid bundle */
  char *out;
  char *err;
} Fixture;

static int run_argv (Fixture *f, const char *const *args);

static void
make_bundle (Fixture *f, const char *bundle, const char *const *extra)
{
  g_autofree char *rootfs = g_build_filename (bundle, "rootfs", NULL);
  g_autofree char *config = g_build_filename (bundle, "config.json", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_assert_cmpint (g_mkdir_with_parents (rootfs, 0755), ==, 0);
  g_ptr_array_add (args, "generate");
  g_ptr_array_add (args, "--output");
  g_ptr_array_add (args, config);
  for (const char *const *e = extra; e && *e; e++)
    g_ptr_array_add (args, (gpointer) *e);
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (run_argv (f, (const char *const *) args->pdata), ==, 0);
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("ort-iso-XXXXXX", NULL);
  f->plugins = g_build_filename (f->dir, "plugins", NULL);
  f->bundle = g_build_filename (f->dir, "bundle", NULL);
  f->bundle2 = g_build_filename (f->dir, "bundle2", NULL);
  g_assert_cmpint (g_mkdir (f->plugins, 0755), ==, 0);
  make_bundle (f, f->bundle2, NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  ort_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->plugins);
  g_free (f->bundle);
  g_free (f->bundle2);
  g_free (f->out);
  g_free (f->err);
}

/* Puts the built test plugin @name into the test's plugin folder as @as.so. */
static void
install (Fixture *f, const char *name, const char *as)
{
  g_autofree char *src = g_strdup_printf ("%s/test-%s.so", g_getenv ("OCI_TEST_PLUGINS"), name);
  g_autofree char *file = g_strdup_printf ("%s.so", as);
  g_autofree char *dst = g_build_filename (f->plugins, file, NULL);

  ort_test_copy_file (src, dst);
}

/* The CLI, under a watchdog, in the test's folder. */
static int
run_argv (Fixture *f, const char *const *args)
{
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  return ort_test_run_cli (f->dir, args, NULL, &f->out, &f->err);
}

static void
assert_says (const char *text, const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_test_fail_printf ("expected \"%s\" in:\n%s", needle, text);
}

static guint
count (const char *text, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* ---- 13 §4: discovery never opens a module without metadata ----------- */

/* Constructors that exit(0), loop or crash, in modules without plugin
 * metadata, and a FIFO named x.so: every command behaves as without them. */
static void
test_discovery_foreign (Fixture *f, gconstpointer data)
{
  g_autofree char *fifo = g_build_filename (f->plugins, "x.so", NULL);
  const char *const relative_cwd[] = { "--process-cwd", "relative", NULL };
  const char *const validate[] = { "--plugin-dir", f->plugins, "validate", "--path", f->bundle, NULL };
  const char *const plugins[] = { "--plugin-dir", f->plugins, "plugins", NULL };
  const char *const requirements[] = { "--plugin-dir", f->plugins, "requirements", NULL };
  g_autofree char *out = g_build_filename (f->dir, "gen.json", NULL);
  const char *const generate[] = { "--plugin-dir", f->plugins, "generate", "--output", out, NULL };

  install (f, "ctor-exit", "exit");
  install (f, "ctor-loop", "loop");
  install (f, "ctor-crash", "crash");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  make_bundle (f, f->bundle, relative_cwd);

  /* exit(0) in a constructor would turn this invalid bundle into exit 0 */
  g_assert_cmpint (run_argv (f, validate), ==, 1);
  assert_says (f->out, "process.cwd");
  g_assert_cmpuint (count (f->err, "no valid plugin metadata"), ==, 3);
  assert_says (f->err, "x.so: not a regular file");
  g_assert_cmpint (run_argv (f, plugins), ==, 0);
  assert_says (f->out, "base");
  g_assert_cmpint (run_argv (f, requirements), ==, 0);
  g_assert_cmpint (run_argv (f, generate), ==, 0);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
}

/* ---- 12 §1: crash and hang containment -------------------------------- */

/* Modules with valid metadata whose constructor exits, or whose init
 * crashes or hangs: each is one warning naming its file, loaded first in
 * the plugin host; the tool goes on without them. */
static void
test_contain_loading (Fixture *f, gconstpointer data)
{
  const char *const relative_cwd[] = { "--process-cwd", "relative", NULL };
  const char *const validate[] = { "--plugin-dir", f->plugins, "--plugin-timeout", "0.5", "validate",
                                   "--path", f->bundle, NULL };
  const char *const plugins[] = { "--plugin-dir", f->plugins, "--plugin-timeout", "0.5", "plugins", NULL };

  install (f, "load-ctor-exit", "ctor-exit");
  install (f, "load-init-crash", "init-crash");
  install (f, "load-init-hang", "init-hang");
  make_bundle (f, f->bundle, relative_cwd);
  g_assert_cmpint (run_argv (f, validate), ==, 1);
  assert_says (f->out, "base.process.cwd.absolute");
  g_assert_cmpuint (count (f->err, "warning:"), ==, 3);
  assert_says (f->err, "ctor-exit.so: exited with status 0 while being loaded in the plugin host");
  assert_says (f->err, "init-crash.so: crashed with signal SIGSEGV");
  assert_says (f->err, "init-hang.so: timed out after 0.5 s");
  g_assert_cmpint (run_argv (f, plugins), ==, 0);
  assert_says (f->out, "base");
  g_assert_cmpuint (count (f->err, "warning:"), ==, 3);
}

typedef struct
{
  const char *how;
  const char *says;
} Misbehaviour;

static const Misbehaviour misbehaviours[] = {
  { "crash", "crashed with signal SIGSEGV" },
  { "abort", "crashed with signal SIGABRT" },
  { "exit", "exited with status 3" },
  { "hang", "timed out after 0.5 s" },
  { "garbage", "sent malformed data" },
};

static void
assert_valid_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
}

static void
assert_well_formed_xml (const char *text)
{
  static const GMarkupParser nothing = { 0 };
  g_autoptr(GMarkupParseContext) ctx = g_markup_parse_context_new (&nothing, 0, NULL, NULL);
  g_autoptr(GError) error = NULL;
  const char *body = strstr (text, "?>");

  /* GMarkup does not take the XML declaration */
  body = body ? body + 2 : text;
  g_markup_parse_context_parse (ctx, body, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (ctx, &error);
  g_assert_no_error (error);
}

/* The plan is there and counts the test points. */
static void
assert_closed_tap (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint points = 0, plan = 0;

  for (char **l = lines; *l; l++)
    {
      if (g_str_has_prefix (*l, "ok ") || g_str_has_prefix (*l, "not ok "))
        points++;
      else if (g_str_has_prefix (*l, "1.."))
        plan = (guint) g_ascii_strtoull (*l + 3, NULL, 10);
    }
  g_assert_cmpuint (plan, >, 0);
  g_assert_cmpuint (plan, ==, points);
}

/* A vendor checker that crashes, aborts, exits, hangs or writes garbage,
 * while two bundles are validated: one error result per bundle naming
 * the plugin, the checker and what happened; every built-in result and
 * the vendor's other checker's result kept; output complete in all four
 * formats; exit 2, never a signal. */
static void
test_containment (Fixture *f, gconstpointer data)
{
  const Misbehaviour *m = data;
  g_autofree char *label = g_strdup_printf ("org.example.misbehave=%s", m->how);
  const char *const broken[] = { "--label", label, "--label", "org.example.fail=x", "--process-cwd", "relative", NULL };
  static const char *const formats[] = { "text", "tap", "json", "junit" };

  install (f, "misbehave", "misbehave");
  make_bundle (f, f->bundle, broken);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const char *const args[] = { "--plugin-dir", f->plugins, "--plugin-timeout", "0.5", "validate",
                                   "--format", formats[i], "--path", f->bundle, "--path", f->bundle, NULL };
      gint64 start = g_get_monotonic_time ();

      g_test_message ("format %s", formats[i]);
      g_assert_cmpint (run_argv (f, args), ==, 2);
      /* one per bundle, within the limit (plus start-up) */
      g_assert_cmpuint (count (f->out, m->says), >=, 2);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
      assert_says (f->out, "testbad.misbehave");
      assert_says (f->out, "plugin testbad");
      assert_says (f->out, "misbehave.so");
      /* the built-in results and the vendor's ordinary failure survive */
      assert_says (f->out, "base.process.cwd.absolute");
      assert_says (f->out, "testbad.flag");
      if (strcmp (formats[i], "tap") == 0)
        assert_closed_tap (f->out);
      else if (strcmp (formats[i], "json") == 0)
        assert_valid_json (f->out);
      else if (strcmp (formats[i], "junit") == 0)
        assert_well_formed_xml (f->out);
    }
}

/* A vendor generate option that crashes or exits while it is applied:
 * exit 2 naming the plugin and the option, and the output file untouched;
 * the same option applied normally works as in-process. */
static void
test_contain_generate (Fixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "gen.json", NULL);
  const char *const crash[] = { "--plugin-dir", f->plugins, "generate", "--testbad-label", "crash",
                                "--output", out, NULL };
  const char *const exiting[] = { "--plugin-dir", f->plugins, "generate", "--testbad-label", "exit",
                                  "--output", out, NULL };
  const char *const fine[] = { "--plugin-dir", f->plugins, "generate", "--hostname", "box", "--testbad-label", "hello",
                               "--output", out, NULL };
  g_autofree char *text = NULL;

  install (f, "misbehave", "misbehave");
  g_assert_true (g_file_set_contents (out, "old", -1, NULL));
  g_assert_cmpint (run_argv (f, crash), ==, 2);
  assert_says (f->err, "--testbad-label: plugin testbad (");
  assert_says (f->err, "crashed with signal SIGSEGV (Segmentation fault) while applying it");
  g_assert_cmpint (run_argv (f, exiting), ==, 2);
  assert_says (f->err, "exited with status 0 while applying it");
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "old");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (run_argv (f, fine), ==, 0);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  assert_says (text, "\"org.example.label\": \"hello\"");
  assert_says (text, "\"hostname\": \"box\"");
}

/* generate runs a third-party plugin's defaults in the plugin host: when
 * they crash or exit, generate exits 2 naming the plugin and leaves the
 * output alone; when they work, their edit is in the config. */
static void
test_contain_defaults (Fixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "gen.json", NULL);
  const char *const args[] = { "--plugin-dir", f->plugins, "generate", "--output", out, NULL };
  static const char *const hows[] = { "crash", "exit" };
  g_autofree char *text = NULL;

  install (f, "misbehave", "misbehave");
  g_assert_true (g_file_set_contents (out, "old", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (hows); i++)
    {
      g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "TESTBAD_DEFAULTS", hows[i], TRUE);

      g_clear_pointer (&f->out, g_free);
      g_clear_pointer (&f->err, g_free);
      g_assert_cmpint (ort_test_run_cli_with (f->dir, env, NULL, NULL, args, &f->out, &f->err), ==, 2);
      assert_says (f->err, "its defaults: plugin testbad (");
      assert_says (f->err, i == 0 ? "crashed with signal SIGSEGV" : "exited with status 0");
      g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
      g_assert_cmpstr (text, ==, "old");
      g_clear_pointer (&text, g_free);
    }
  {
    g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "TESTBAD_DEFAULTS", "mark", TRUE);

    g_clear_pointer (&f->out, g_free);
    g_clear_pointer (&f->err, g_free);
    g_assert_cmpint (ort_test_run_cli_with (f->dir, env, NULL, NULL, args, &f->out, &f->err), ==, 0);
    g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
    assert_says (text, "\"org.example.defaults\": \"mark\"");
  }
}

/* runtime-validate builds a case's config with the vendor's options in
 * the host: one that crashes is that case's error, and the suite ends. */
static void
test_contain_runtime_case (Fixture *f, gconstpointer data)
{
  const char *const args[] = { "--plugin-dir", f->plugins, "runtime-validate", "--only", "testbad.option_crash",
                               "--format", "tap", NULL };
  g_autofree char *runc = g_find_program_in_path ("runc");

  if (runc == NULL)
    {
      g_test_skip ("runc is not installed");
      return;
    }
  install (f, "misbehave", "misbehave");
  g_assert_cmpint (run_argv (f, args), ==, 1);
  assert_says (f->out, "--testbad-label: plugin testbad (");
  assert_says (f->out, "crashed with signal SIGSEGV (Segmentation fault) while applying it");
  assert_closed_tap (f->out);
}

/* A bundle path that is not UTF-8 goes to the host as bytes. */
static void
test_contain_bytes (Fixture *f, gconstpointer data)
{
  g_autofree char *bundle = g_build_filename (f->dir, "b\xff\xfe", NULL);
  const char *const fail[] = { "--label", "org.example.fail=x", NULL };
  const char *const args[] = { "--plugin-dir", f->plugins, "validate", "--path", bundle, NULL };

  install (f, "misbehave", "misbehave");
  make_bundle (f, bundle, fail);
  g_assert_cmpint (run_argv (f, args), ==, 1);
  assert_says (f->out, "testbad.flag");
  g_assert_null (strstr (f->out, "plugin testbad"));
}

/* Many bundles on threads share the host: a crash per bundle costs that
 * bundle's vendor check only, each time. */
static void
test_containment_threads (Fixture *f, gconstpointer data)
{
  const char *const crash[] = { "--label", "org.example.misbehave=crash", NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  install (f, "misbehave", "misbehave");
  make_bundle (f, f->bundle, crash);
  g_ptr_array_add (args, "--plugin-dir");
  g_ptr_array_add (args, f->plugins);
  g_ptr_array_add (args, "validate");
  g_ptr_array_add (args, "--format");
  g_ptr_array_add (args, "json");
  g_ptr_array_add (args, "-j");
  g_ptr_array_add (args, "2");
  for (guint i = 0; i < 8; i++)
    {
      g_ptr_array_add (args, "--path");
      g_ptr_array_add (args, i % 2 ? f->bundle : f->bundle2);
    }
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (run_argv (f, (const char *const *) args->pdata), ==, 2);
  assert_valid_json (f->out);
  g_assert_cmpuint (count (f->out, "crashed with signal SIGSEGV"), ==, 4);
}

/* The JSON report's results of subject @subject whose message (or
 * requirement) holds @needle. */
static guint
count_in_subject (const char *json, const char *subject, const char *needle)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *subjects;
  guint n = 0;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  subjects = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "subjects");
  for (guint i = 0; i < json_array_get_length (subjects); i++)
    {
      JsonObject *s = json_array_get_object_element (subjects, i);
      JsonArray *results = json_object_get_array_member (s, "results");

      if (strcmp (json_object_get_string_member (s, "subject"), subject) != 0)
        continue;
      for (guint j = 0; j < json_array_get_length (results); j++)
        {
          JsonObject *r = json_array_get_object_element (results, j);
          const char *m = json_object_get_string_member_with_default (r, "message", "");
          const char *q = json_object_get_string_member_with_default (r, "requirement", "");
          if (strstr (m, needle) || strstr (q, needle))
            n++;
        }
    }
  return n;
}

/* Under -j the vendor checkers of many bundles run in one host forked
 * for the lot: when it crashes on one bundle in the middle, the crash is
 * that bundle's error alone, and every bundle after it is still checked
 * by the vendor (a new host takes them). */
static void
test_containment_batch (Fixture *f, gconstpointer data)
{
  const char *const fail[] = { "--label", "org.example.fail=x", NULL };
  const char *const crash[] = { "--label", "org.example.fail=x", "--label", "org.example.misbehave=crash", NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (NULL);
  g_autoptr(GPtrArray) bundles = g_ptr_array_new_with_free_func (g_free);

  install (f, "misbehave", "misbehave");
  for (guint i = 0; i < 12; i++)
    {
      char *b = g_strdup_printf ("%s/b%02u", f->dir, i);
      make_bundle (f, b, i == 5 ? crash : fail);
      g_ptr_array_add (bundles, b);
    }
  g_ptr_array_add (args, "--plugin-dir");
  g_ptr_array_add (args, f->plugins);
  g_ptr_array_add (args, "validate");
  g_ptr_array_add (args, "--format");
  g_ptr_array_add (args, "json");
  g_ptr_array_add (args, "-j");
  g_ptr_array_add (args, "2");
  for (guint i = 0; i < bundles->len; i++)
    {
      g_ptr_array_add (args, "--path");
      g_ptr_array_add (args, bundles->pdata[i]);
    }
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (run_argv (f, (const char *const *) args->pdata), ==, 2);
  g_assert_cmpuint (count (f->out, "crashed with signal SIGSEGV"), ==, 1);
  for (guint i = 0; i < bundles->len; i++)
    {
      g_test_message ("bundle %u", i);
      g_assert_cmpuint (count_in_subject (f->out, bundles->pdata[i], "crashed with signal SIGSEGV"), ==,
                        i == 5 ? 1 : 0);
      /* the vendor's other checker ran on every bundle, before and after */
      g_assert_cmpuint (count_in_subject (f->out, bundles->pdata[i], "testbad.flag"), ==, 1);
    }
}

/* Bundles b00… in the test's folder, each made with @extra_of (i) (NULL:
 * the defaults); their --path arguments are appended to @args. */
static void
add_bundles (Fixture *f, GPtrArray *args, GPtrArray *bundles, guint n, const char *const *(*extra_of) (guint))
{
  for (guint i = 0; i < n; i++)
    {
      char *b = g_strdup_printf ("%s/b%02u", f->dir, i);
      make_bundle (f, b, extra_of ? extra_of (i) : NULL);
      g_ptr_array_add (bundles, b);
      g_ptr_array_add (args, "--path");
      g_ptr_array_add (args, b);
    }
}

static const char *const *
hang_at_1_and_4 (guint i)
{
  static const char *const hang[] = { "--label", "org.example.fail=x", "--label", "org.example.misbehave=hang", NULL };
  static const char *const fail[] = { "--label", "org.example.fail=x", NULL };

  return i == 1 || i == 4 ? hang : fail;
}

/* Under -j, a batch's host runs while the workers go on with the next
 * bundles: a checker that hangs there is still stopped at its time limit
 * and named on its own bundle, and a new host takes the bundles after it. */
static void
test_containment_batch_hang (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) bundles = g_ptr_array_new_with_free_func (g_free);
  gint64 start;

  install (f, "misbehave", "misbehave");
  for (const char *const *a = (const char *const[]){ "--plugin-dir", f->plugins, "--plugin-timeout", "0.5",
                                                     "validate", "--format", "json", "-j", "2", NULL };
       *a; a++)
    g_ptr_array_add (args, (gpointer) *a);
  add_bundles (f, args, bundles, 6, hang_at_1_and_4);
  g_ptr_array_add (args, NULL);
  start = g_get_monotonic_time ();
  g_assert_cmpint (run_argv (f, (const char *const *) args->pdata), ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  for (guint i = 0; i < bundles->len; i++)
    {
      g_test_message ("bundle %u", i);
      g_assert_cmpuint (count_in_subject (f->out, bundles->pdata[i], "testbad.misbehave timed out after 0.5 s"), ==,
                        i == 1 || i == 4 ? 1 : 0);
      g_assert_cmpuint (count_in_subject (f->out, bundles->pdata[i], "testbad.flag"), ==, 1);
    }
}

/* The CLI as a child of this process made a subreaper: a plugin host the
 * tool left behind, still running or ended and never reaped, becomes
 * ours when the tool exits. Returns how many there were. */
static guint
hosts_left_behind (Fixture *f, const char *const *args, int *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  int wait_status = 0;
  guint left = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("OCI_TEST_CLI"));
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, NULL);
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_assert_cmpint (prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), ==, 0);
  g_assert_true (g_spawn_sync (f->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &f->out, &f->err,
                               &wait_status, &error));
  g_assert_no_error (error);
  /* one killed as the tool ended (PR_SET_PDEATHSIG) takes a moment */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  for (;;)
    {
      pid_t pid = waitpid (-1, NULL, WNOHANG);

      if (pid > 0)
        left++;
      else if ((pid < 0 && errno == ECHILD) || g_get_monotonic_time () > deadline)
        break;
      else
        g_usleep (10000);
    }
  g_assert_cmpint (prctl (PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0), ==, 0);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
  return left;
}

static const char *const *
crash_at_2 (guint i)
{
  static const char *const crash[] = { "--label", "org.example.misbehave=crash", NULL };

  return i == 2 ? crash : NULL;
}

/* A host ends by itself after its last answer and the tool reaps it
 * later, not at once: by the time the tool exits none is left, running
 * or as a zombie, one bundle at a time or in batches, after a crash or a
 * hang as after a clean run, and when the host only loaded the plugin
 * (its checkers all skipped). */
static void
test_hosts_reaped (Fixture *f, gconstpointer data)
{
  const char *const hang[] = { "--label", "org.example.misbehave=hang", NULL };
  g_autofree char *hanging = g_build_filename (f->dir, "hanging", NULL);
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  g_autoptr(GPtrArray) bundles = g_ptr_array_new_with_free_func (g_free);
  const char *const one[] = { "--plugin-dir", f->plugins, "validate", "--path", f->bundle2, NULL };
  const char *const two[] = { "--plugin-dir", f->plugins, "validate", "--path", f->bundle2, "--path", f->bundle2, NULL };
  const char *const timed_out[] = { "--plugin-dir", f->plugins, "--plugin-timeout", "0.5", "validate",
                                    "--path", hanging, "--path", f->bundle2, NULL };
  /* loaded in a host (a trial), but none of its checkers runs */
  const char *const skipped[] = { "--plugin-dir", f->plugins, "validate", "--skip", "testbad.*", "--path", f->bundle2, NULL };
  int status = -1;

  install (f, "misbehave", "misbehave");
  make_bundle (f, hanging, hang);
  g_assert_cmpuint (hosts_left_behind (f, one, &status), ==, 0);
  g_assert_cmpint (status, ==, 0);
  assert_says (f->out, "Bundle validation succeeded");
  g_assert_cmpuint (hosts_left_behind (f, two, &status), ==, 0);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (hosts_left_behind (f, skipped, &status), ==, 0);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (hosts_left_behind (f, timed_out, &status), ==, 0);
  g_assert_cmpint (status, ==, 2);
  assert_says (f->out, "timed out after 0.5 s");
  for (const char *const *a = (const char *const[]){ "--plugin-dir", f->plugins, "validate", "-j", "2", NULL }; *a; a++)
    g_ptr_array_add (batch, (gpointer) *a);
  add_bundles (f, batch, bundles, 12, crash_at_2);
  g_ptr_array_add (batch, NULL);
  g_assert_cmpuint (hosts_left_behind (f, (const char *const *) batch->pdata, &status), ==, 0);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpuint (count (f->out, "crashed with signal SIGSEGV"), ==, 1);
}

static const char *const *
fail_on_odd (guint i)
{
  static const char *const fail[] = { "--label", "org.example.fail=x", NULL };

  return i % 2 ? fail : NULL;
}

/* A well-behaved vendor plugin gives the same report, byte for byte,
 * isolated (its checkers run in the host while the tool runs its own)
 * and in-process: one bundle, and many under -j. */
static void
test_isolate_same_output (Fixture *f, gconstpointer data)
{
  static const char *const formats[] = { "json", "tap" };
  g_autoptr(GPtrArray) bundles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  install (f, "misbehave", "misbehave");
  add_bundles (f, paths, bundles, 10, fail_on_odd);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    for (guint many = 0; many < 2; many++)
      {
        g_autoptr(GPtrArray) args = g_ptr_array_new ();
        g_autofree char *isolated = NULL;
        int status;

        g_test_message ("format %s, %s", formats[i], many ? "10 bundles, -j 2" : "one bundle");
        for (const char *const *a = (const char *const[]){ "--plugin-dir", f->plugins, "--isolate", "external",
                                                           "validate", "--verbose", "--format", formats[i],
                                                           "-j", "2", NULL };
             *a; a++)
          g_ptr_array_add (args, (gpointer) *a);
        if (many)
          g_ptr_array_extend (args, paths, NULL, NULL);
        else
          {
            g_ptr_array_add (args, "--path");
            g_ptr_array_add (args, bundles->pdata[1]);
          }
        g_ptr_array_add (args, NULL);
        status = run_argv (f, (const char *const *) args->pdata);
        g_assert_cmpint (status, ==, 1);
        assert_says (f->out, "testbad.flag");
        assert_says (f->out, "testbad.sane");
        isolated = g_steal_pointer (&f->out);
        args->pdata[3] = "none";
        g_assert_cmpint (run_argv (f, (const char *const *) args->pdata), ==, status);
        g_assert_cmpstr (isolated, ==, f->out);
      }
}

/* --isolate none runs the vendor in-process: the old behaviour, chosen. */
static void
test_isolate_none (Fixture *f, gconstpointer data)
{
  const char *const exiting[] = { "--label", "org.example.misbehave=exit", NULL };
  const char *const args[] = { "--plugin-dir", f->plugins, "--isolate", "none", "validate", "--path", f->bundle, NULL };
  const char *const bad[] = { "--isolate", "sometimes", "validate", "--path", f->bundle, NULL };
  const char *const bad_timeout[] = { "--plugin-timeout", "0", "validate", "--path", f->bundle, NULL };

  install (f, "misbehave", "misbehave");
  make_bundle (f, f->bundle, exiting);
  g_assert_cmpint (run_argv (f, args), ==, 3);
  g_assert_cmpint (run_argv (f, bad), ==, 2);
  assert_says (f->err, "--isolate: invalid value \"sometimes\" (syntax: --isolate external|all|none)");
  g_assert_cmpint (run_argv (f, bad_timeout), ==, 2);
  assert_says (f->err, "--plugin-timeout");
}

/* --isolate all: the built-in checkers run in the host too, same answer. */
static void
test_isolate_all (Fixture *f, gconstpointer data)
{
  const char *const relative_cwd[] = { "--process-cwd", "relative", NULL };
  const char *const args[] = { "--isolate", "all", "validate", "--format", "json", "--path", f->bundle, NULL };
  const char *const in_process[] = { "--isolate", "none", "validate", "--format", "json", "--path", f->bundle, NULL };
  g_autofree char *isolated = NULL;

  make_bundle (f, f->bundle, relative_cwd);
  g_assert_cmpint (run_argv (f, args), ==, 1);
  isolated = g_steal_pointer (&f->out);
  g_assert_cmpint (run_argv (f, in_process), ==, 1);
  g_assert_cmpstr (isolated, ==, f->out);
}

/* ---- 12 §2: built-in names and options are reserved -------------------- */

static void
test_reserved_name (Fixture *f, gconstpointer data)
{
  const char *const relative_cwd[] = { "--process-cwd", "relative", NULL };
  const char *const args[] = { "--plugin-dir", f->plugins, "validate", "--path", f->bundle, NULL };
  const char *const replaced[] = { "--plugin-dir", f->plugins, "--disable-plugin", "base", "validate",
                                   "--path", f->bundle, NULL };

  install (f, "reserved-base", "base");
  make_bundle (f, f->bundle, relative_cwd);
  g_assert_cmpint (run_argv (f, args), ==, 1);
  assert_says (f->out, "base.process.cwd.absolute");
  g_assert_cmpuint (count (f->err, "warning:"), ==, 1);
  assert_says (f->err, "the name 'base' is reserved for the built-in plugin");
  /* replacing it is said on purpose */
  g_assert_cmpint (run_argv (f, replaced), ==, 0);
  g_assert_cmpuint (count (f->err, "warning:"), ==, 0);
}

static void
test_reserved_option (Fixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "gen.json", NULL);
  g_autofree char *text = NULL;
  const char *const args[] = { "--plugin-dir", f->plugins, "generate", "--hostname", "box", "--output", out, NULL };

  install (f, "clash", "clash");
  g_assert_cmpint (run_argv (f, args), ==, 0);
  assert_says (f->err, "option --hostname does not begin with the plugin name");
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  assert_says (text, "\"hostname\": \"box\"");
}

/* ---- 12 §3: no silent no-ops ------------------------------------------- */

static void
test_no_op_globs (Fixture *f, gconstpointer data)
{
  const char *const only[] = { "validate", "--only", "acmee.*", "--path", f->bundle2, NULL };
  const char *const skip[] = { "validate", "--skip", "bsae.*", "--path", f->bundle2, NULL };
  const char *const fine[] = { "validate", "--only", "base.*", "--skip", "linux.*", "--path", f->bundle2, NULL };
  const char *const rv_only[] = { "runtime-validate", "--only", "bsae.*", "--list", NULL };
  const char *const rv_skip[] = { "runtime-validate", "--skip", "nothing", "--list", NULL };
  const char *const rv_fine[] = { "runtime-validate", "--only", "base", "--skip", "base.create", "--list", NULL };

  g_assert_cmpint (run_argv (f, only), ==, 2);
  assert_says (f->err, "--only: 'acmee.*' matches no checker or requirement id");
  g_assert_cmpint (run_argv (f, skip), ==, 2);
  assert_says (f->err, "--skip: 'bsae.*' matches no checker or requirement id");
  g_assert_cmpint (run_argv (f, fine), ==, 0);
  g_assert_cmpint (run_argv (f, rv_only), ==, 2);
  assert_says (f->err, "--only: 'bsae.*' matches no runtime case id");
  g_assert_cmpint (run_argv (f, rv_skip), ==, 2);
  assert_says (f->err, "--skip: 'nothing' matches no runtime case id");
  g_assert_cmpint (run_argv (f, rv_fine), ==, 0);
}

static void
test_no_op_plugin_dir (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing", NULL);
  g_autofree char *file = g_build_filename (f->bundle2, "config.json", NULL);
  const char *const a[] = { "--plugin-dir", missing, "validate", "--path", f->bundle2, NULL };
  const char *const b[] = { "--plugin-dir", file, "validate", "--path", f->bundle2, NULL };

  g_assert_cmpint (run_argv (f, a), ==, 2);
  assert_says (f->err, "--plugin-dir:");
  assert_says (f->err, "no such directory");
  g_assert_cmpint (run_argv (f, b), ==, 2);
  assert_says (f->err, "not a directory");
}

/* Every checker filtered out: nothing was validated, and that is no pass. */
static void
test_no_op_nothing_ran (Fixture *f, gconstpointer data)
{
  const char *const args[] = { "validate", "--skip", "*", "--path", f->bundle2, NULL };

  g_assert_cmpint (run_argv (f, args), ==, 2);
  assert_says (f->err, "no check ran");
}

static void
test_require_plugin (Fixture *f, gconstpointer data)
{
  const char *const missing[] = { "--require-plugin", "acme", "validate", "--path", f->bundle2, NULL };
  const char *const broken[] = { "--plugin-dir", f->plugins, "--require-plugin", "testunresolved",
                                 "validate", "--path", f->bundle2, NULL };
  const char *const generate[] = { "--require-plugin", "acme", "generate", NULL };
  const char *const present[] = { "--plugin-dir", f->plugins, "--require-plugin", "testbad",
                                  "--require-plugin", "base", "validate", "--path", f->bundle2, NULL };

  install (f, "unresolved", "unresolved");
  install (f, "misbehave", "misbehave");
  g_assert_cmpint (run_argv (f, missing), ==, 2);
  assert_says (f->err, "required plugin 'acme' was not found");
  g_assert_cmpint (run_argv (f, broken), ==, 2);
  assert_says (f->err, "required plugin 'testunresolved'");
  g_assert_cmpint (run_argv (f, present), ==, 0);
  g_assert_cmpint (run_argv (f, generate), ==, 2);
  assert_says (f->err, "required plugin 'acme' was not found");
}

/* --only over a vendor's ids does not change the platform a config is
 * judged for: a Windows config stays a Windows config. */
static void
test_only_keeps_platform (Fixture *f, gconstpointer data)
{
  const char *const windows[] = { "--os", "windows", "--label", "org.example.fail=x", NULL };
  const char *const args[] = { "--plugin-dir", f->plugins, "validate", "--only", "testbad.*",
                               "--format", "json", "--path", f->bundle, NULL };

  install (f, "misbehave", "misbehave");
  make_bundle (f, f->bundle, windows);
  g_assert_cmpint (run_argv (f, args), ==, 1);
  assert_says (f->out, "config judged for windows");
}

/* --only with a requirement id runs the checker that posts it, whatever
 * the checker's own id (testbad.misbehave posts testbad.sane). */
static void
test_only_requirement (Fixture *f, gconstpointer data)
{
  const char *const args[] = { "--plugin-dir", f->plugins, "validate", "--only", "testbad.sane",
                               "--format", "tap", "--verbose", "--path", f->bundle2, NULL };

  install (f, "misbehave", "misbehave");
  g_assert_cmpint (run_argv (f, args), ==, 0);
  assert_says (f->out, "ok 1 - testbad.sane");
  assert_closed_tap (f->out);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/plugin-isolation/discovery/foreign-code", Fixture, NULL, setup, test_discovery_foreign, teardown);
  g_test_add ("/plugin-isolation/contain/loading", Fixture, NULL, setup, test_contain_loading, teardown);
  for (gsize i = 0; i < G_N_ELEMENTS (misbehaviours); i++)
    {
      g_autofree char *path = g_strdup_printf ("/plugin-isolation/contain/%s", misbehaviours[i].how);
      g_test_add (path, Fixture, &misbehaviours[i], setup, test_containment, teardown);
    }
  g_test_add ("/plugin-isolation/contain/generate", Fixture, NULL, setup, test_contain_generate, teardown);
  g_test_add ("/plugin-isolation/contain/defaults", Fixture, NULL, setup, test_contain_defaults, teardown);
  g_test_add ("/plugin-isolation/contain/runtime-case", Fixture, NULL, setup, test_contain_runtime_case, teardown);
  g_test_add ("/plugin-isolation/contain/bytes", Fixture, NULL, setup, test_contain_bytes, teardown);
  g_test_add ("/plugin-isolation/contain/threads", Fixture, NULL, setup, test_containment_threads, teardown);
  g_test_add ("/plugin-isolation/contain/batch", Fixture, NULL, setup, test_containment_batch, teardown);
  g_test_add ("/plugin-isolation/contain/batch-hang", Fixture, NULL, setup, test_containment_batch_hang, teardown);
  g_test_add ("/plugin-isolation/hosts/reaped", Fixture, NULL, setup, test_hosts_reaped, teardown);
  g_test_add ("/plugin-isolation/isolate/none", Fixture, NULL, setup, test_isolate_none, teardown);
  g_test_add ("/plugin-isolation/isolate/same-output", Fixture, NULL, setup, test_isolate_same_output, teardown);
  g_test_add ("/plugin-isolation/isolate/all", Fixture, NULL, setup, test_isolate_all, teardown);
  g_test_add ("/plugin-isolation/reserved/name", Fixture, NULL, setup, test_reserved_name, teardown);
  g_test_add ("/plugin-isolation/reserved/option", Fixture, NULL, setup, test_reserved_option, teardown);
  g_test_add ("/plugin-isolation/no-op/globs", Fixture, NULL, setup, test_no_op_globs, teardown);
  g_test_add ("/plugin-isolation/no-op/plugin-dir", Fixture, NULL, setup, test_no_op_plugin_dir, teardown);
  g_test_add ("/plugin-isolation/no-op/nothing-ran", Fixture, NULL, setup, test_no_op_nothing_ran, teardown);
  g_test_add ("/plugin-isolation/no-op/require-plugin", Fixture, NULL, setup, test_require_plugin, teardown);
  g_test_add ("/plugin-isolation/only/keeps-platform", Fixture, NULL, setup, test_only_keeps_platform, teardown);
  g_test_add ("/plugin-isolation/only/requirement", Fixture, NULL, setup, test_only_requirement, teardown);
  return g_test_run ();
}
