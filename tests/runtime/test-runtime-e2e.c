/* test-runtime-e2e.c — runtime-validate against runc, end to end
 *
 * A short list of cases (lifecycle, an inside check, a hook) against the
 * runc of the host. Skipped, with the reason, when not root or when runc
 * or busybox is missing. $ORT_E2E_RUNTIME names another runtime.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "oci-runtime-private.h"
#include "ort-test.h"

static const char *const e2e_cases[] = { "base.create", "base.state", "base.hostname", "base.process",
                                         "hooks.prestart", NULL };

static void
test_e2e (void)
{
  const char *runtime = g_getenv ("ORT_E2E_RUNTIME") ? g_getenv ("ORT_E2E_RUNTIME") : "runc";
  g_autofree char *reason = ort_test_runtime_skip_reason (runtime);
  g_autofree char *work = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;
  guint ok = 0;

  if (reason)
    {
      g_test_skip (reason);
      return;
    }
  work = g_dir_make_tmp ("ort-test-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  g_ptr_array_add (argv, (char *) g_getenv ("OCI_TEST_CLI"));
  g_ptr_array_add (argv, "runtime-validate");
  g_ptr_array_add (argv, "--runtime");
  g_ptr_array_add (argv, (char *) runtime);
  g_ptr_array_add (argv, "--work-dir");
  g_ptr_array_add (argv, work);
  for (guint i = 0; e2e_cases[i]; i++)
    {
      g_ptr_array_add (argv, "--only");
      g_ptr_array_add (argv, (char *) e2e_cases[i]);
    }
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (char **l = lines; *l; l++)
    if (g_str_has_prefix (*l, "ok "))
      ok++;
  /* Every case, and the host check after them. */
  g_assert_cmpuint (ok, ==, g_strv_length ((char **) e2e_cases) + 1);
  g_assert_nonnull (strstr (out, "ok 6 - host.unchanged"));
  g_assert_nonnull (strstr (out, "TAP version 13"));
  /* The run's work directory is gone, and with it every bundle and state root. */
  {
    g_autoptr(GDir) d = g_dir_open (work, 0, NULL);
    g_assert_nonnull (d);
    g_assert_null (g_dir_read_name (d));
  }
  g_rmdir (work);
}

/* --keep keeps the config the runtime refused beside the control config
 * the case tried next. */
static void
test_e2e_keep_refused (void)
{
  const char *runtime = g_getenv ("ORT_E2E_RUNTIME") ? g_getenv ("ORT_E2E_RUNTIME") : "runc";
  g_autofree char *reason = ort_test_runtime_skip_reason (runtime);
  g_autofree char *work = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *control = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  const char *run_dir;
  int status = 0;

  if (reason)
    {
      g_test_skip (reason);
      return;
    }
  work = g_dir_make_tmp ("ort-test-keep-XXXXXX", &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { g_getenv ("OCI_TEST_CLI"), "runtime-validate", "--runtime", runtime, "--work-dir", work,
                           "--keep", "--only", "linux.ns_path_type.uts", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                                 &error));
  }
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
  d = g_dir_open (work, 0, &error);
  g_assert_no_error (error);
  run_dir = g_dir_read_name (d);
  g_assert_nonnull (run_dir);
  refused = g_build_filename (work, run_dir, "cases", "000-linux.ns_path_type.uts", "bundle", "config.refused.json",
                              NULL);
  control = g_build_filename (work, run_dir, "cases", "000-linux.ns_path_type.uts", "bundle", "config.json", NULL);
  if (strstr (out, "ok 1 - linux.ns_path_type.uts") && !strstr (out, "# SKIP"))
    {
      g_assert_true (g_file_test (refused, G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_file_test (control, G_FILE_TEST_IS_REGULAR));
    }
  else
    g_test_incomplete ("the runtime did not refuse the config: nothing to keep");
  g_assert_true (oci_rm_rf (work, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/runtime/e2e/short-list", test_e2e);
  g_test_add_func ("/runtime/e2e/keep-refused", test_e2e_keep_refused);
  return g_test_run ();
}
