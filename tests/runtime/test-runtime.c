/* test-runtime.c — the runtime driver and the suite, against a fake runtime
 *
 * The driver's calls, timeouts, crashes and garbage; the inside TAP and
 * mountinfo readers; and whole runtime-validate runs of the CLI against
 * the fake runtime in each of its modes, and against a runtime that is
 * missing or not executable: every case is reported, the run completes,
 * and nothing is left behind.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <signal.h>
#include <sys/wait.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "oci-runtime-private.h"

typedef struct
{
  char *dir;       /* a fresh temporary directory */
  char *fake;      /* the fake runtime */
  char *root;      /* its state root */
  char *pids;      /* where a hanging fake writes its children's pids */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ort-test-runtime-XXXXXX", &error);
  g_assert_no_error (error);
  f->fake = g_test_build_filename (G_TEST_DIST, "fake-runtime.sh", NULL);
  f->root = g_build_filename (f->dir, "root", NULL);
  f->pids = g_build_filename (f->dir, "pids", NULL);
  g_setenv ("FAKE_RUNTIME_PIDS", f->pids, TRUE);
  g_setenv ("FAKE_RUNTIME_MODE", "ok", TRUE);
}

/* For the driver tests: @data is the fake's mode. */
static void
fixture_set_up_mode (Fixture *f, gconstpointer data)
{
  fixture_set_up (f, NULL);
  if (data)
    g_setenv ("FAKE_RUNTIME_MODE", data, TRUE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  oci_rm_rf (f->dir, NULL);
  g_unsetenv ("FAKE_RUNTIME_MODE");
  g_free (f->dir);
  g_free (f->fake);
  g_free (f->root);
  g_free (f->pids);
}

/* Every pid a hanging fake recorded is gone: the timeout killed the group. */
static void
assert_children_gone (Fixture *f)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) pids = NULL;

  if (!g_file_get_contents (f->pids, &text, NULL, NULL))
    return;
  pids = g_strsplit (g_strstrip (text), "\n", -1);
  for (char **p = pids; *p && **p; p++)
    {
      pid_t pid = (pid_t) g_ascii_strtoll (*p, NULL, 10);
      /* Reaped by init or still a zombie of it: either way not running. */
      g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
      g_autofree char *stat = NULL;
      if (g_file_get_contents (stat_path, &stat, NULL, NULL))
        g_assert_nonnull (strstr (stat, ") Z"));
    }
}

/* ---- the driver -------------------------------------------------------- */

static void
test_driver_lifecycle (Fixture *f, gconstpointer data)
{
  g_autoptr(OciRuntime) rt = oci_runtime_new (f->fake, f->root);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *config = g_build_filename (f->dir, "config.json", NULL);
  const OciRuntimeCall *call;

  /* The fake keeps a container running while its program sleeps. */
  g_assert_true (g_file_set_contents (config, "{\"process\": {\"args\": [\"/bin/sleep\", \"30\"]}}", -1, NULL));
  g_assert_true (oci_runtime_create (rt, "c1", f->dir, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  call = oci_runtime_get_last_call (rt);
  g_assert_cmpstr (call->argv[1], ==, "--root");
  g_assert_cmpstr (call->argv[2], ==, f->root);
  g_assert_cmpstr (call->argv[3], ==, "create");
  g_assert_cmpint (call->exit_status, ==, 0);
  state = oci_runtime_state (rt, "c1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (oci_json_object_get_string (json_node_get_object (state), "status"), ==, "created");
  g_assert_true (oci_runtime_start (rt, "c1", &error));
  g_assert_true (oci_runtime_wait_status (rt, "c1", "running|stopped", 2000, &error));
  g_assert_true (oci_runtime_kill (rt, "c1", "TERM", &error));
  g_assert_true (oci_runtime_delete (rt, "c1", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (oci_runtime_get_calls (rt)->len, >=, 6);
}

static void
test_driver_refusal (Fixture *f, gconstpointer data)
{
  g_autoptr(OciRuntime) rt = oci_runtime_new (f->fake, f->root);
  g_autoptr(GError) error = NULL;

  g_assert_false (oci_runtime_start (rt, "nonexistent", &error));
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_EXIT);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_cmpint (oci_runtime_get_last_call (rt)->exit_status, ==, 1);
}

static void
test_driver_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr(OciRuntime) rt = oci_runtime_new (f->fake, f->root);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  oci_runtime_set_timeout (rt, 300);
  g_assert_false (oci_runtime_create (rt, "c1", f->dir, NULL, NULL, NULL, &error));
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_TIMEOUT);
  g_assert_true (oci_runtime_get_last_call (rt)->timed_out);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  assert_children_gone (f);
}

static void
test_driver_crash (Fixture *f, gconstpointer data)
{
  g_autoptr(OciRuntime) rt = oci_runtime_new (f->fake, f->root);
  g_autoptr(GError) error = NULL;

  g_assert_false (oci_runtime_start (rt, "c1", &error));
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SIGNALED);
  g_assert_cmpint (oci_runtime_get_last_call (rt)->term_signal, ==, SIGSEGV);
}

static void
test_driver_garbage (Fixture *f, gconstpointer data)
{
  g_autoptr(OciRuntime) rt = oci_runtime_new (f->fake, f->root);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;

  g_assert_true (oci_runtime_create (rt, "c1", f->dir, NULL, NULL, NULL, &error));
  state = oci_runtime_state (rt, "c1", &error);
  g_assert_null (state);
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_OUTPUT);
}

static void
test_driver_missing (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-runtime", NULL);
  g_autofree char *plain = g_build_filename (f->dir, "not-executable", NULL);
  g_autoptr(OciRuntime) rt = oci_runtime_new (missing, f->root);
  g_autoptr(OciRuntime) rt2 = oci_runtime_new (plain, f->root);
  g_autoptr(GError) error = NULL;

  g_assert_false (oci_runtime_check_executable (missing, &error));
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SPAWN);
  g_clear_error (&error);
  g_assert_false (oci_runtime_state (rt, "c1", &error) != NULL);
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SPAWN);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (plain, "#!/bin/sh\n", -1, NULL));
  g_assert_false (oci_runtime_check_executable (plain, &error));
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SPAWN);
  g_assert_nonnull (strstr (error->message, "not executable"));
  g_clear_error (&error);
  g_assert_false (oci_runtime_start (rt2, "c1", &error));
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SPAWN);
}

/* A call that hangs in a child of its own session: the timeout kills the
 * whole tree, the setsid child included. */
static void
test_driver_timeout_setsid (Fixture *f, gconstpointer data)
{
  g_autoptr(OciRuntime) rt = oci_runtime_new (f->fake, f->root);
  g_autoptr(GError) error = NULL;

  oci_runtime_set_timeout (rt, 300);
  g_assert_false (oci_runtime_start (rt, "c1", &error));
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_TIMEOUT);
  g_assert_true (g_file_test (f->pids, G_FILE_TEST_EXISTS));
  assert_children_gone (f);
}

/* `state` leaves a setsid daemon whose parent exited: it is killed when
 * the call ends and recorded as a leftover of the call. */
static void
test_driver_daemon (Fixture *f, gconstpointer data)
{
  g_autoptr(OciRuntime) rt = oci_runtime_new (f->fake, f->root);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  const OciRuntimeCall *call;

  g_assert_true (oci_runtime_create (rt, "c1", f->dir, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  state = oci_runtime_state (rt, "c1", &error);
  g_assert_no_error (error);
  call = oci_runtime_get_last_call (rt);
  g_assert_nonnull (call->leftovers);
  g_assert_cmpuint (g_strv_length (call->leftovers), >=, 1);
  g_assert_nonnull (strstr (call->leftovers[0], "sleep"));
  g_assert_true (g_file_test (f->pids, G_FILE_TEST_EXISTS));
  assert_children_gone (f);
}

/* `state` writing without end: the capture stops at its bound, the call
 * ends (its writes fail) and says why. */
static void
test_driver_flood (Fixture *f, gconstpointer data)
{
  g_autoptr(OciRuntime) rt = oci_runtime_new (f->fake, f->root);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  const OciRuntimeCall *call;

  oci_runtime_set_timeout (rt, 20000);
  g_assert_true (oci_runtime_create (rt, "c1", f->dir, NULL, NULL, NULL, &error));
  state = oci_runtime_state (rt, "c1", &error);
  g_assert_null (state);
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_CAPTURE);
  g_assert_nonnull (strstr (error->message, "4 MiB"));
  call = oci_runtime_get_last_call (rt);
  g_assert_true (call->capped);
  g_assert_false (call->timed_out);
  g_assert_cmpuint (strlen (call->out), <=, OCI_RUNTIME_MAX_CAPTURE);
  g_assert_cmpuint (strlen (call->out), >, OCI_RUNTIME_MAX_CAPTURE / 2);
}

/* A call's stdin is never the host's /dev/null: a runtime that chowns its
 * stdio for a user namespace would chown the host's device node. */
static void
test_driver_stdin (Fixture *f, gconstpointer data)
{
  g_autoptr(OciRuntime) rt = oci_runtime_new (f->fake, f->root);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  const OciRuntimeCall *call;

  g_assert_true (oci_runtime_create (rt, "c1", f->dir, NULL, NULL, NULL, &error));
  state = oci_runtime_state (rt, "c1", &error);
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_EXIT);
  call = oci_runtime_get_last_call (rt);
  g_assert_nonnull (strstr (call->err, "stdin: "));
  g_assert_null (strstr (call->err, "character special file"));
}

/* ---- readers ----------------------------------------------------------- */

static void
test_mount_info (void)
{
  static const char text[] =
    "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
    "30 22 0:25 /sub /mnt/with\\040space ro,relatime master:3 shared:4 - tmpfs tmpfs ro,size=64k\n"
    "31 22 0:26 / /x rw - cgroup2 cgroup2\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mounts = oci_mount_info_parse (text, &error);
  OciMountInfo *m;

  g_assert_no_error (error);
  g_assert_cmpuint (mounts->len, ==, 3);
  m = mounts->pdata[1];
  g_assert_cmpuint (m->mount_id, ==, 30);
  g_assert_cmpuint (m->parent_id, ==, 22);
  g_assert_cmpstr (m->root, ==, "/sub");
  g_assert_cmpstr (m->mount_point, ==, "/mnt/with space");
  g_assert_cmpuint (g_strv_length (m->optional), ==, 2);
  g_assert_cmpstr (m->fs_type, ==, "tmpfs");
  g_assert_true (oci_mount_info_has_option (m, "ro"));
  g_assert_true (oci_mount_info_has_option (m, "size=64k"));
  g_assert_false (oci_mount_info_has_option (m, "nosuid"));
  g_assert_cmpstr (((OciMountInfo *) mounts->pdata[2])->super_options, ==, "");
  g_assert_null (oci_mount_info_parse ("1 2 3\n", &error));
  g_assert_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_OUTPUT);
}

static void
test_inside_tap (void)
{
  static const char complete[] =
    "TAP version 13\n# inside\n"
    "ok 1 - base.runtime.hostname [inside]\n  ---\n  requirement: \"base.runtime.hostname\"\n"
    "  level: \"MUST\"\n  status: \"pass\"\n  ...\n"
    "not ok 2 - base.runtime.process.cwd [inside]: wrong\n  ---\n  requirement: \"base.runtime.process.cwd\"\n"
    "  level: \"MUST\"\n  status: \"fail\"\n  message: \"wrong \\\"dir\\\"\"\n  expected: \"/a\"\n"
    "  actual: \"/\"\n  url: \"https://example/\"\n  line: 3\n  ...\n"
    "ok 3 - base.runtime.umask [inside] # SKIP no umask\n1..3\n";
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
  g_autofree char *problem = NULL;
  OciResult *r;

  g_assert_true (oci_runtime_parse_inside_tap (complete, results, &problem));
  g_assert_null (problem);
  g_assert_cmpuint (results->len, ==, 3);
  r = results->pdata[1];
  g_assert_cmpint (r->status, ==, OCI_STATUS_FAIL);
  g_assert_cmpstr (r->requirement_id, ==, "base.runtime.process.cwd");
  g_assert_cmpstr (r->message, ==, "wrong \"dir\"");
  g_assert_cmpstr (r->expected, ==, "/a");
  g_assert_cmpstr (r->actual, ==, "/");
  g_assert_cmpstr (r->url, ==, "https://example/");
  g_assert_cmpint (((OciResult *) results->pdata[2])->status, ==, OCI_STATUS_SKIP);

  g_ptr_array_set_size (results, 0);
  g_assert_false (oci_runtime_parse_inside_tap ("TAP version 13\nok 1 - x\n", results, &problem));
  g_assert_nonnull (strstr (problem, "plan"));
  g_clear_pointer (&problem, g_free);
  g_assert_false (oci_runtime_parse_inside_tap ("", results, &problem));
  g_assert_nonnull (strstr (problem, "no TAP"));
}

static void
test_known_failures (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "results.md", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) runc = NULL;
  g_auto(GStrv) crun = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "# results\n\n| runtime | case | result | why |\n|---|---|---|---|\n"
                                      "| runc | `base.delete` | fail | deletes created containers |\n"
                                      "| crun | base.mounts | fail | propagation |\n"
                                      "| runc | base.create | pass | |\n"
                                      "| * | hooks.start_container_fail | fail | start returns early |\n",
                                      -1, NULL));
  runc = oci_runtime_known_failures_load (path, "runc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (runc), ==, 2);
  g_assert_cmpstr (runc[0], ==, "base.delete");
  g_assert_cmpstr (runc[1], ==, "hooks.start_container_fail");
  crun = oci_runtime_known_failures_load (path, "crun", &error);
  g_assert_cmpuint (g_strv_length (crun), ==, 2);
  g_assert_null (oci_runtime_known_failures_load ("/nonexistent/results.md", "runc", &error));
  g_assert_nonnull (error);
}

static void
test_host (void)
{
  OciCgroupMode mode = oci_host_get_cgroup_mode ();
  g_autofree char *names = oci_host_features_to_string (OCI_HOST_ROOT | OCI_HOST_CGROUP_V2);

  g_assert_cmpint (mode, >=, OCI_CGROUP_NONE);
  g_assert_cmpint (mode, <=, OCI_CGROUP_V2);
  g_assert_cmpstr (names, ==, "root, cgroup v2");
  g_assert_cmpint ((oci_host_get_features () & OCI_HOST_ROOT) != 0, ==, geteuid () == 0);
}

/* ---- whole runs of runtime-validate ------------------------------------ */

typedef struct
{
  const char *mode;      /* FAKE_RUNTIME_MODE */
  const char *expect;    /* a text the report must show */
  int exit_status;
  guint not_ok;          /* test points not ok (the cases, then host.unchanged) */
} SuiteRun;

static const char *const suite_cases[] = { "base.create", "base.state", "base.pidfile", "base.kill_no_effect", NULL };

static gboolean
dir_is_empty (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);

  return d == NULL || g_dir_read_name (d) == NULL;
}

static void
test_suite_run (Fixture *f, gconstpointer data)
{
  const SuiteRun *run = data;
  const char *cli = g_getenv ("OCI_TEST_CLI");
  g_autofree char *work = g_build_filename (f->dir, "work", NULL);
  g_autofree char *runtime = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  guint not_ok = 0, ok = 0;
  g_auto(GStrv) lines = NULL;

  if (cli == NULL || !g_file_test ("/bin/busybox", G_FILE_TEST_IS_EXECUTABLE) || geteuid () != 0)
    {
      g_test_skip ("needs OCI_TEST_CLI, /bin/busybox and root (every case needs root)");
      return;
    }
  g_setenv ("FAKE_RUNTIME_MODE", run->mode, TRUE);
  runtime = g_strdup (f->fake);
  g_mkdir (work, 0755);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, "runtime-validate");
  g_ptr_array_add (argv, "--runtime");
  g_ptr_array_add (argv, runtime);
  /* one second for the hanging runtime; a healthy one gets more, as a
   * loaded machine (the whole suite runs in parallel) may be slow */
  g_ptr_array_add (argv, strcmp (run->mode, "hang") == 0 ? "--timeout=1" : "--timeout=20");
  g_ptr_array_add (argv, "--jobs=4");
  g_ptr_array_add (argv, "--work-dir");
  g_ptr_array_add (argv, work);
  for (guint i = 0; suite_cases[i]; i++)
    {
      g_ptr_array_add (argv, "--only");
      g_ptr_array_add (argv, (char *) suite_cases[i]);
    }
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, run->exit_status);
  lines = g_strsplit (out, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      if (g_str_has_prefix (*l, "not ok "))
        not_ok++;
      else if (g_str_has_prefix (*l, "ok "))
        ok++;
    }
  /* Every case, then the host check. */
  g_assert_cmpuint (ok + not_ok, ==, g_strv_length ((char **) suite_cases) + 1);
  g_assert_cmpuint (not_ok, ==, run->not_ok);
  g_assert_nonnull (strstr (out, "1..5"));
  g_assert_nonnull (strstr (out, " - host.unchanged"));
  g_assert_nonnull (strstr (out, run->expect));
  /* Nothing left: no work directory, no state root, no hanging child. */
  g_assert_true (dir_is_empty (work));
  assert_children_gone (f);
}

/* Ctrl-C in the middle of a run: the calls in flight are killed, every
 * case cleans up, and the program dies of the signal it got. */
static void
test_suite_interrupt (Fixture *f, gconstpointer data)
{
  const char *cli = g_getenv ("OCI_TEST_CLI");
  g_autofree char *work = g_build_filename (f->dir, "work", NULL);
  const char *argv[] = { cli, "runtime-validate", "--runtime", f->fake, "--timeout=30", "--work-dir", work,
                         "--only", "base.create", "--only", "base.state", NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;
  int status = 0, out_fd = -1;
  gint64 start;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  if (cli == NULL || !g_file_test ("/bin/busybox", G_FILE_TEST_IS_EXECUTABLE) || geteuid () != 0)
    {
      g_test_skip ("needs OCI_TEST_CLI, /bin/busybox and root (every case needs root)");
      return;
    }
  g_setenv ("FAKE_RUNTIME_MODE", "hang-state", TRUE);
  g_mkdir (work, 0755);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                           NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  /* Let it reach the hanging state calls of the cases. */
  g_usleep (1500 * 1000);
  start = g_get_monotonic_time ();
  kill (pid, SIGINT);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGINT);
  /* The TAP stream ends with Bail out!, not with a plan. */
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_assert_cmpint (g_io_channel_read_to_end (channel, &out, NULL, &error), ==, G_IO_STATUS_NORMAL);
  g_test_message ("stdout:\n%s", out);
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  g_assert_true (g_str_has_prefix (lines[g_strv_length (lines) - 1], "Bail out! interrupted by signal 2"));
  g_assert_null (strstr (out, "\n1.."));
  g_assert_true (dir_is_empty (work));
  assert_children_gone (f);
}

/* Runs the CLI with @args after `runtime-validate`; returns its exit status. */
static int
run_cli (const char *const *args, char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) g_getenv ("OCI_TEST_CLI"));
  g_ptr_array_add (argv, "runtime-validate");
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* The release of the configs: what the runtime claims, else what it
 * accepts, but never acceptance when it accepts an invalid ociVersion. */
typedef struct
{
  const char *var;
  const char *value;
  const char *note;
} ReleaseRun;

static const ReleaseRun release_runs[] = {
  { "FAKE_RUNTIME_SPEC", "1.0.2-dev", "runtime-spec 1.0.2 (the spec version 1.0.2-dev the runtime's --version claims)" },
  { "FAKE_RUNTIME_ACCEPTS", "1.0.0 1.0.1 1.0.2 1.1.0",
    "runtime-spec 1.1.0 (the newest release whose default config the runtime accepts)" },
  { "FAKE_RUNTIME_UNUSED", "", "accepts even ociVersion \"invalid\", so what it accepts proves nothing" },
};

static void
test_release_choice (Fixture *f, gconstpointer data)
{
  const ReleaseRun *run = data;
  g_autofree char *work = g_build_filename (f->dir, "work", NULL);
  const char *args[] = { "--runtime", f->fake, "--work-dir", work, "--only", "base.create", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (g_getenv ("OCI_TEST_CLI") == NULL || !g_file_test ("/bin/busybox", G_FILE_TEST_IS_EXECUTABLE) || geteuid () != 0)
    {
      g_test_skip ("needs OCI_TEST_CLI, /bin/busybox and root (every case needs root)");
      return;
    }
  g_mkdir (work, 0755);
  g_setenv (run->var, run->value, TRUE);
  run_cli (args, &out, &err);
  g_unsetenv (run->var);
  g_test_message ("stdout:\n%s", out);
  g_assert_nonnull (strstr (out, run->note));
}

/* A runtime that cannot run: checked once before the suite, one line
 * naming the path, exit status 2, no case run. */
static void
test_runtime_unusable (Fixture *f, gconstpointer data)
{
  const char *kind = data;
  g_autofree char *runtime = g_build_filename (f->dir, kind, NULL);
  const char *args[] = { "--runtime", runtime, "--only", "base.create", "--only", "base.state", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (g_getenv ("OCI_TEST_CLI") == NULL)
    {
      g_test_skip ("needs OCI_TEST_CLI");
      return;
    }
  if (strcmp (kind, "not-executable") == 0)
    g_assert_true (g_file_set_contents (runtime, "#!/bin/sh\nexit 0\n", -1, NULL));
  else if (strcmp (kind, "bad-interpreter") == 0)
    {
      g_assert_true (g_file_set_contents (runtime, "#!/nonexistent/interpreter\n", -1, NULL));
      g_assert_cmpint (g_chmod (runtime, 0755), ==, 0);
    }
  g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, runtime));
  g_assert_null (strchr (g_strchomp (err), '\n'));
}

/* A timeout that would wrap in milliseconds is refused, naming the option. */
static void
test_timeout_max (Fixture *f, gconstpointer data)
{
  const char *args[] = { "--runtime", f->fake, "--timeout", "4294968", "--only", "base.create", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (g_getenv ("OCI_TEST_CLI") == NULL)
    {
      g_test_skip ("needs OCI_TEST_CLI");
      return;
    }
  g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--timeout"));
  g_assert_nonnull (strstr (err, "86400"));
  g_assert_true (g_str_has_prefix (err, "oci-runtime-tool: --timeout:"));
  g_assert_cmpstr (out, ==, "");
}

static const SuiteRun suite_runs[] = {
  { "ok", "# 5 passed", 0, 0 },
  { "hang", "no answer within the timeout", 1, 4 },
  { "crash", "killed by signal 11", 1, 4 },
  { "garbage", "printed no valid JSON", 1, 4 },
  { "fail", "failed on purpose", 1, 4 },
  { "daemon-create", "still running after delete --force (killed)", 1, 4 },
  { "harm-dev", "/dev/null of the runtime calls' private /dev (the host's is safe) changed", 1, 1 },
  { "leak-mount", "/bundle/leak is still mounted", 1, 4 },
  { "leak-cgroup", "-leak was left behind (removed)", 1, 1 },
};

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/runtime/driver/lifecycle", Fixture, NULL, fixture_set_up, test_driver_lifecycle, fixture_tear_down);
  g_test_add ("/runtime/driver/refusal", Fixture, NULL, fixture_set_up, test_driver_refusal, fixture_tear_down);
  g_test_add ("/runtime/driver/timeout", Fixture, "hang", fixture_set_up_mode, test_driver_timeout, fixture_tear_down);
  g_test_add ("/runtime/driver/crash", Fixture, "crash", fixture_set_up_mode, test_driver_crash, fixture_tear_down);
  g_test_add ("/runtime/driver/garbage-state", Fixture, "garbage", fixture_set_up_mode, test_driver_garbage,
              fixture_tear_down);
  g_test_add ("/runtime/driver/timeout-setsid", Fixture, "hang-setsid", fixture_set_up_mode,
              test_driver_timeout_setsid, fixture_tear_down);
  g_test_add ("/runtime/driver/daemon", Fixture, "daemon-state", fixture_set_up_mode, test_driver_daemon,
              fixture_tear_down);
  g_test_add ("/runtime/driver/flood", Fixture, "flood", fixture_set_up_mode, test_driver_flood, fixture_tear_down);
  g_test_add ("/runtime/driver/stdin", Fixture, "stdin-info", fixture_set_up_mode, test_driver_stdin,
              fixture_tear_down);
  g_test_add ("/runtime/driver/missing", Fixture, NULL, fixture_set_up, test_driver_missing, fixture_tear_down);
  g_test_add_func ("/runtime/mountinfo", test_mount_info);
  g_test_add_func ("/runtime/inside-tap", test_inside_tap);
  g_test_add_func ("/runtime/host", test_host);
  g_test_add ("/runtime/known-failures", Fixture, NULL, fixture_set_up, test_known_failures, fixture_tear_down);
  for (gsize i = 0; i < G_N_ELEMENTS (suite_runs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/runtime/suite/%s", suite_runs[i].mode);
      g_test_add (path, Fixture, &suite_runs[i], fixture_set_up, test_suite_run, fixture_tear_down);
    }
  g_test_add ("/runtime/cli/runtime-missing", Fixture, "no-such-runtime", fixture_set_up, test_runtime_unusable,
              fixture_tear_down);
  g_test_add ("/runtime/cli/runtime-not-executable", Fixture, "not-executable", fixture_set_up,
              test_runtime_unusable, fixture_tear_down);
  g_test_add ("/runtime/cli/runtime-bad-interpreter", Fixture, "bad-interpreter", fixture_set_up,
              test_runtime_unusable, fixture_tear_down);
  g_test_add ("/runtime/release/claimed", Fixture, &release_runs[0], fixture_set_up, test_release_choice,
              fixture_tear_down);
  g_test_add ("/runtime/release/probed", Fixture, &release_runs[1], fixture_set_up, test_release_choice,
              fixture_tear_down);
  g_test_add ("/runtime/release/lax", Fixture, &release_runs[2], fixture_set_up, test_release_choice,
              fixture_tear_down);
  g_test_add ("/runtime/cli/timeout-max", Fixture, NULL, fixture_set_up, test_timeout_max, fixture_tear_down);
  g_test_add ("/runtime/suite/interrupt", Fixture, NULL, fixture_set_up, test_suite_interrupt, fixture_tear_down);
  return g_test_run ();
}
