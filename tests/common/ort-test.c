/* ort-test.c — helpers the test programs share
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ort-test.h"

/**
 * ort_test_remove_tree:
 * @path: a file or folder
 *
 * Removes @path and, for a folder, everything below it; symbolic links
 * are removed, never followed. Folders a test made unreadable are opened
 * up first.
 */
void
ort_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_remove (path);
      return;
    }
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      ort_test_remove_tree (child);
    }
  g_rmdir (path);
}

/**
 * ort_test_copy_file:
 * @from: a file
 * @to: where its copy goes
 *
 * Copies the bytes; a failure fails the test.
 */
void
ort_test_copy_file (const char *from, const char *to)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (from, &bytes, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (to, bytes, len, &error));
  g_assert_no_error (error);
}

/**
 * ort_test_run:
 * @cwd: the folder it runs in
 * @argv: (array zero-terminated=1): the program and its arguments
 * @stdin_path: (nullable): the file its standard input reads (default: none)
 * @out: (out): what it wrote on standard output
 * @err: (out): what it wrote on standard error
 *
 * Runs @argv under a 20-second watchdog: a hang (killed by the watchdog)
 * or a death by a signal fails the test instead of stalling the suite.
 *
 * Returns: its exit status
 */
int
ort_test_run (const char *cwd, const char *const *argv, const char *stdin_path, char **out, char **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out_bytes = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  for (const char *const *a = (const char *const[]){ "timeout", "-s", "KILL", "20", NULL }; *a; a++)
    g_ptr_array_add (args, (gpointer) *a);
  for (const char *const *a = argv; *a; a++)
    g_ptr_array_add (args, (gpointer) *a);
  g_ptr_array_add (args, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  if (stdin_path)
    g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (proc, NULL, NULL, &out_bytes, &err_bytes, &error));
  g_assert_no_error (error);
  /* g_strndup (NULL, 0) is NULL: empty output is "" */
  *out = g_strndup (g_bytes_get_size (out_bytes) ? g_bytes_get_data (out_bytes, NULL) : "", g_bytes_get_size (out_bytes));
  *err = g_strndup (g_bytes_get_size (err_bytes) ? g_bytes_get_data (err_bytes, NULL) : "", g_bytes_get_size (err_bytes));
  /* timeout(1) kills its own process group when time is up: a hang */
  if (g_subprocess_get_if_signaled (proc))
    g_error ("%s was killed by signal %d (the watchdog's, if 9: a hang)", argv[0], g_subprocess_get_term_sig (proc));
  status = g_subprocess_get_exit_status (proc);
  /* timeout(1) exits 128+9 when it had to kill: a hang. */
  g_assert_cmpint (status, !=, 137);
  g_assert_cmpint (status, <, 128);
  return status;
}

/**
 * ort_test_make_bundle:
 * @dir: a folder
 * @name: the bundle's path below @dir (folders are made)
 * @config: the text of its config.json
 *
 * Returns: (transfer full): the bundle's path; it has an empty rootfs
 */
char *
ort_test_make_bundle (const char *dir, const char *name, const char *config)
{
  char *bundle = g_build_filename (dir, name, NULL);
  g_autofree char *rootfs = g_build_filename (bundle, "rootfs", NULL);
  g_autofree char *path = g_build_filename (bundle, "config.json", NULL);

  g_assert_cmpint (g_mkdir_with_parents (rootfs, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, config, -1, NULL));
  return bundle;
}

/**
 * ort_test_run_cli:
 * @cwd: the folder it runs in
 * @args: (array zero-terminated=1): the arguments of oci-runtime-tool
 * @stdin_path: (nullable): the file its standard input reads
 * @out: (out): what it wrote on standard output
 * @err: (out): what it wrote on standard error
 *
 * ort_test_run() for the command line tool of the build ($OCI_TEST_CLI).
 *
 * Returns: its exit status
 */
int
ort_test_run_cli (const char *cwd, const char *const *args, const char *stdin_path, char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) g_getenv ("OCI_TEST_CLI"));
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, NULL);
  return ort_test_run (cwd, (const char *const *) argv->pdata, stdin_path, out, err);
}

/**
 * ort_test_run_cli_with:
 * @cwd: the folder to run in
 * @env: (nullable): the environment, %NULL for ours
 * @child_setup: (nullable): run in the child before the program starts
 *   (after its standard streams are set up: it may replace them)
 * @user_data: for @child_setup
 * @args: the arguments after the program's name
 * @out: (out) (optional): its standard output, %NULL to leave it as
 *   @child_setup makes it
 * @err: (out): its standard error
 *
 * As ort_test_run_cli(), for tests that arrange the child's streams or
 * environment themselves.
 *
 * Returns: the exit status
 */
int
ort_test_run_cli_with (const char *cwd, char **env, GSpawnChildSetupFunc child_setup, gpointer user_data,
                       const char *const *args, char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  for (const char *const *a = (const char *const[]){ "timeout", "-s", "KILL", "30", NULL }; *a; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, (gpointer) g_getenv ("OCI_TEST_CLI"));
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (cwd, (char **) argv->pdata, env, G_SPAWN_SEARCH_PATH, child_setup, user_data,
                               out, err, &status, &error));
  g_assert_no_error (error);
  /* killed by a signal (SIGPIPE), or by the watchdog (128 + 9) */
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), !=, 137);
  return WEXITSTATUS (status);
}

/**
 * ort_test_runtime_skip_reason:
 * @runtime: the runtime a test runs runtime-validate against
 *
 * Returns: (transfer full) (nullable): why the test cannot run here (not
 *   root, the runtime or busybox missing, no CLI to run), %NULL if it can
 */
char *
ort_test_runtime_skip_reason (const char *runtime)
{
  g_autofree char *found = g_find_program_in_path (runtime);

  if (geteuid () != 0)
    return g_strdup ("runtime-validate needs root");
  if (found == NULL)
    return g_strdup_printf ("%s is not installed", runtime);
  if (!g_file_test ("/bin/busybox", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/bin/busybox (busybox-static) is not installed");
  if (g_getenv ("OCI_TEST_CLI") == NULL)
    return g_strdup ("OCI_TEST_CLI is not set");
  return NULL;
}
