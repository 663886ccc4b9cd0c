/* test-runtime-kernel.c — the cases of hooks' namespaces, seccomp fields
 * and notify socket, duplicates, consoleSize, Intel RDT and network
 * devices, run against runc
 *
 * One run of runtime-validate (configs for runtime-spec 1.1.0, which
 * runc 1.1 takes, so the seccomp fields of 1.1.0 are judged) with these
 * cases only; each test asserts one case's verdict and the requirements
 * it proved. Skipped, with the reason, when not root or when runc or
 * busybox is missing. A second run drives the netDevices cases through
 * netdev-runtime.py, a runc wrapper that moves the devices, so their
 * passing path is seen too. Only what runc does right is asserted: its known
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

static const char *const netdev_cases[] = { "linux.net_devices", NULL };

/* One run of runtime-validate, made once for every test that reads it. */
typedef struct
{
  const char *runtime;          /* a program in PATH, or a script of tests/runtime */
  const char *release;          /* --spec-version, NULL: the runtime's */
  const char *const *cases;
  char *out;                    /* its TAP */
  char *skip;                   /* why it cannot run here */
} KernelRun;

/* runc, judged by 1.1.0 (the seccomp fields are new there). */
static KernelRun runc_run = { "runc", "1.1.0", kernel_cases };
/* runc wrapped by a script that moves netDevices (tests/runtime/netdev-runtime.py). */
static KernelRun netdev_run = { "netdev-runtime.py", NULL, netdev_cases };

static char *
netdev_skip_reason (void)
{
  static const char *const needed[] = { "python3", "ip", "nsenter" };

  for (gsize i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      g_autofree char *found = g_find_program_in_path (needed[i]);
      if (found == NULL)
        return g_strdup_printf ("%s is not installed (the netDevices wrapper needs it)", needed[i]);
    }
  return ort_test_runtime_skip_reason ("runc");
}

static void
run_once (KernelRun *run)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (run->out || run->skip)
    return;
  if (run == &netdev_run)
    {
      if ((run->skip = netdev_skip_reason ()) != NULL)
        return;
      script = g_test_build_filename (G_TEST_DIST, run->runtime, NULL);
    }
  else if ((run->skip = ort_test_runtime_skip_reason (run->runtime)) != NULL)
    return;
  g_ptr_array_add (argv, (char *) g_getenv ("OCI_TEST_CLI"));
  g_ptr_array_add (argv, "runtime-validate");
  g_ptr_array_add (argv, "--runtime");
  g_ptr_array_add (argv, script ? script : (char *) run->runtime);
  if (run->release)
    {
      g_ptr_array_add (argv, "--spec-version");
      g_ptr_array_add (argv, (char *) run->release);
    }
  g_ptr_array_add (argv, "--verbose");
  for (guint i = 0; run->cases[i]; i++)
    {
      g_ptr_array_add (argv, "--only");
      g_ptr_array_add (argv, (char *) run->cases[i]);
    }
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &run->out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_test_message ("stderr:\n%s", err);
}

/* Runs the cases (once); FALSE, the test skipped, when they cannot run. */
static gboolean
ready (KernelRun *run)
{
  run_once (run);
  if (run->skip)
    g_test_skip (run->skip);
  return run->skip == NULL;
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
case_block (KernelRun *run, const char *case_id)
{
  g_auto(GStrv) lines = g_strsplit (run->out, "\n", -1);
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
  KernelRun *run;
  const char *case_id;
  const char *verdict;               /* "ok", "skip" */
  const char *const passed[6];       /* requirements it must have proved */
} KernelTest;

/* Outcomes that hold on any host: what needs resctrl or a runtime with
 * netDevices is a skip here. */
static const KernelTest kernel_tests[] = {
  { "/runtime-kernel/hooks/namespaces", &runc_run, "hooks.namespaces", "ok",
    { "hooks.runtime.ns.prestart", "hooks.runtime.ns.create-container", "hooks.runtime.ns.start-container",
      "hooks.runtime.ns.poststop", "hooks.runtime.path-namespace", "hooks.runtime.args-env" } },
  { "/runtime-kernel/hooks/timeout", &runc_run, "hooks.timeout", "ok", { "hooks.runtime.timeout" } },
  { "/runtime-kernel/seccomp/fields", &runc_run, "linux.seccomp.fields", "ok",
    { "linux.runtime.seccomp.errno-ret", "linux.runtime.seccomp.architectures" } },
  { "/runtime-kernel/seccomp/notify", &runc_run, "linux.seccomp.notify", "ok",
    { "linux.runtime.seccomp.listener.state", "linux.runtime.seccomp.listener.connection",
      "linux.runtime.seccomp.listener.seccomp-fd", "linux.runtime.seccomp.listener.metadata" } },
  { "/runtime-kernel/seccomp/notify-send-fail", &runc_run, "linux.seccomp.notify_send_fail", "ok",
    { "linux.runtime.seccomp.listener.send-fail" } },
  { "/runtime-kernel/seccomp/listener-ignored", &runc_run, "linux.seccomp.listener_ignored", "ok",
    { "linux.runtime.seccomp.listener.ignored" } },
  { "/runtime-kernel/namespaces/duplicate", &runc_run, "linux.ns_duplicate", "ok", { "linux.runtime.namespaces.duplicate" } },
  { "/runtime-kernel/console-size", &runc_run, "linux.console_size", "ok", { "linux.runtime.process.console-size.ignored" } },
  { "/runtime-kernel/net-devices/skipped", &runc_run, "linux.net_devices", "skip", { NULL } },
  { "/runtime-kernel/net-devices/moved", &netdev_run, "linux.net_devices", "ok",
    { "linux.runtime.net-devices.moved", "linux.runtime.net-devices.addresses", "linux.runtime.net-devices.up",
      "linux.runtime.net-devices.not-moved-back" } },
  { "/runtime-kernel/net-devices/name-exists", &netdev_run, "linux.net_devices.name_exists", "ok",
    { "linux.runtime.net-devices.name-exists" } },
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

  if (!ready (t->run))
    return;
  block = case_block (t->run, t->case_id);
  g_test_message ("%s", block ? block : t->run->out);
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

  if (!ready (&runc_run))
    return;
  refused = case_block (&runc_run, "linux.intel_rdt.no_resctrl");
  group = case_block (&runc_run, "linux.intel_rdt");
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
test_host_clean (gconstpointer data)
{
  KernelRun *run = (KernelRun *) data;
  g_autofree char *block = NULL;

  if (!ready (run))
    return;
  block = case_block (run, "host.unchanged");
  g_test_message ("%s", block ? block : run->out);
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
  g_test_add_data_func ("/runtime-kernel/host-clean", &runc_run, test_host_clean);
  g_test_add_data_func ("/runtime-kernel/net-devices/host-clean", &netdev_run, test_host_clean);
  status = g_test_run ();
  g_free (runc_run.out);
  g_free (runc_run.skip);
  g_free (netdev_run.out);
  g_free (netdev_run.skip);
  return status;
}
