/* test-runtime-kernel.c — the cases of hooks' namespaces, seccomp fields
 * and notify socket, duplicates, consoleSize, Intel RDT and network
 * devices, run against runc
 *
 * One run of runtime-validate (configs for runtime-spec 1.1.0, which
 * runc 1.1 takes, so the seccomp fields of 1.1.0 are judged) with these
 * cases only; each test asserts one case's verdict and the requirements
 * it proved. Skipped, with the reason, when not root or when runc or
 * busybox is missing. Only what runc does right is asserted: its known
 * deviations (docs/runtime-results.md) are the compliance tests' business.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "oci-runtime-private.h"
#include "ort-test.h"

static const char *const kernel_cases[] = {
  "hooks.namespaces", "hooks.timeout", "linux.seccomp.fields", "linux.seccomp.notify",
  "linux.seccomp.notify_send_fail", "linux.seccomp.listener_ignored", "linux.ns_duplicate", "linux.console_size",
  "linux.intel_rdt", "linux.net_devices", NULL,
};

/* The whole run's TAP, once for every test. */
static char *run_output;
static char *run_skip;

static void
run_once (void)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (run_output || run_skip)
    return;
  if ((run_skip = ort_test_runtime_skip_reason ("runc")) != NULL)
    return;
  g_ptr_array_add (argv, (char *) g_getenv ("OCI_TEST_CLI"));
  g_ptr_array_add (argv, "runtime-validate");
  g_ptr_array_add (argv, "--runtime");
  g_ptr_array_add (argv, "runc");
  g_ptr_array_add (argv, "--spec-version");
  g_ptr_array_add (argv, "1.1.0");
  g_ptr_array_add (argv, "--verbose");
  for (guint i = 0; kernel_cases[i]; i++)
    {
      g_ptr_array_add (argv, "--only");
      g_ptr_array_add (argv, (char *) kernel_cases[i]);
    }
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &run_output,
                               &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stderr:\n%s", err);
}

/* Runs the cases (once); FALSE, the test skipped, when they cannot run. */
static gboolean
ready (void)
{
  run_once ();
  if (run_skip)
    g_test_skip (run_skip);
  return run_skip == NULL;
}

/* The case id of a TAP test line ("ok 3 - ID # SKIP why"); NULL when
 * @line is none. */
static char *
line_case (const char *line)
{
  const char *dash;

  if (!g_str_has_prefix (line, "ok ") && !g_str_has_prefix (line, "not ok "))
    return NULL;
  if ((dash = strstr (line, " - ")) == NULL)
    return NULL;
  dash += 3;
  return g_strndup (dash, strstr (dash, " #") ? (gsize) (strstr (dash, " #") - dash) : strlen (dash));
}

/* The TAP block of @case_id: its "ok"/"not ok" line and the YAML after. */
static char *
case_block (const char *case_id)
{
  g_auto(GStrv) lines = g_strsplit (run_output, "\n", -1);
  g_autoptr(GString) block = NULL;

  for (char **l = lines; *l; l++)
    {
      g_autofree char *id = line_case (*l);
      if (block && id)
        break;
      if (id && strcmp (id, case_id) == 0)
        block = g_string_new (NULL);
      if (block)
        g_string_append_printf (block, "%s\n", *l);
    }
  return block ? g_string_free (g_steal_pointer (&block), FALSE) : NULL;
}

typedef struct
{
  const char *path;
  const char *case_id;
  const char *verdict;               /* "ok", "skip" */
  const char *const passed[6];       /* requirements it must have proved */
} KernelTest;

/* Outcomes that hold on any host: what needs resctrl or a runtime with
 * netDevices is a skip here. */
static const KernelTest kernel_tests[] = {
  { "/runtime-kernel/hooks/namespaces", "hooks.namespaces", "ok",
    { "hooks.runtime.ns.prestart", "hooks.runtime.ns.create-container", "hooks.runtime.ns.start-container",
      "hooks.runtime.ns.poststop", "hooks.runtime.path-namespace", "hooks.runtime.args-env" } },
  { "/runtime-kernel/hooks/timeout", "hooks.timeout", "ok", { "hooks.runtime.timeout" } },
  { "/runtime-kernel/seccomp/fields", "linux.seccomp.fields", "ok",
    { "linux.runtime.seccomp.errno-ret", "linux.runtime.seccomp.architectures" } },
  { "/runtime-kernel/seccomp/notify", "linux.seccomp.notify", "ok",
    { "linux.runtime.seccomp.listener.state", "linux.runtime.seccomp.listener.connection",
      "linux.runtime.seccomp.listener.seccomp-fd", "linux.runtime.seccomp.listener.metadata" } },
  { "/runtime-kernel/seccomp/notify-send-fail", "linux.seccomp.notify_send_fail", "ok",
    { "linux.runtime.seccomp.listener.send-fail" } },
  { "/runtime-kernel/seccomp/listener-ignored", "linux.seccomp.listener_ignored", "ok",
    { "linux.runtime.seccomp.listener.ignored" } },
  { "/runtime-kernel/namespaces/duplicate", "linux.ns_duplicate", "ok", { "linux.runtime.namespaces.duplicate" } },
  { "/runtime-kernel/console-size", "linux.console_size", "ok", { "linux.runtime.process.console-size.ignored" } },
  { "/runtime-kernel/net-devices/skipped", "linux.net_devices", "skip", { NULL } },
};

static gboolean
has_resctrl (void)
{
  g_autofree char *mounts = NULL;

  return g_file_get_contents ("/proc/self/mounts", &mounts, NULL, NULL) && strstr (mounts, " resctrl ") != NULL;
}

static void
assert_verdict (const char *block, const char *verdict)
{
  if (strcmp (verdict, "skip") == 0)
    g_assert_nonnull (strstr (block, " # SKIP"));
  else
    {
      g_assert_true (g_str_has_prefix (block, "ok "));
      g_assert_null (g_strstr_len (block, strcspn (block, "\n"), "# SKIP"));
    }
}

static void
test_case (gconstpointer data)
{
  const KernelTest *t = data;
  g_autofree char *block = NULL;

  if (!ready ())
    return;
  block = case_block (t->case_id);
  g_test_message ("%s", block ? block : run_output);
  g_assert_nonnull (block);
  assert_verdict (block, t->verdict);
  for (guint i = 0; i < G_N_ELEMENTS (t->passed) && t->passed[i]; i++)
    {
      g_autofree char *line = g_strdup_printf ("    - \"%s\"\n", t->passed[i]);
      g_assert_nonnull (strstr (block, line));
    }
}

/* Without resctrl runc must refuse intelRdt, and the cases that need it
 * are skipped; with it, the refusal case is the skip. */
static void
test_intel_rdt (void)
{
  g_autofree char *refused = NULL;
  g_autofree char *group = NULL;

  if (!ready ())
    return;
  refused = case_block ("linux.intel_rdt.no_resctrl");
  group = case_block ("linux.intel_rdt");
  g_assert_nonnull (refused);
  g_assert_nonnull (group);
  if (has_resctrl ())
    assert_verdict (refused, "skip");
  else
    {
      assert_verdict (refused, "ok");
      g_assert_nonnull (strstr (refused, "    - \"linux.runtime.intel-rdt.no-resctrl\"\n"));
      assert_verdict (group, "skip");
      g_assert_nonnull (strstr (group, "no resctrl filesystem is mounted"));
    }
}

/* Every interface and network namespace the cases made is gone. */
static void
test_host_clean (void)
{
  g_autofree char *block = NULL;

  if (!ready ())
    return;
  block = case_block ("host.unchanged");
  g_test_message ("%s", block ? block : run_output);
  g_assert_nonnull (block);
  assert_verdict (block, "ok");
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (kernel_tests); i++)
    g_test_add_data_func (kernel_tests[i].path, &kernel_tests[i], test_case);
  g_test_add_func ("/runtime-kernel/intel-rdt", test_intel_rdt);
  g_test_add_func ("/runtime-kernel/host-clean", test_host_clean);
  status = g_test_run ();
  g_free (run_output);
  g_free (run_skip);
  return status;
}
