/* linux-cases-config.c — configs a runtime must refuse or must take
 * without effect: duplicate namespaces and rlimits, consoleSize without a
 * terminal; and Intel RDT (resctrl)
 *
 * Intel RDT needs a mounted resctrl filesystem in the runtime namespace.
 * The suite never mounts one: on a host without it, the one statement
 * that can be checked is that the runtime refuses intelRdt; the others
 * are skipped with the reason.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "linux-runtime.h"

#define S OCI_RUNTIME_EXPECT_SUCCESS
#define A OCI_RUNTIME_EXPECT_ANY

static const OciRequirement config_requirements[] = {
  { "linux.runtime.namespaces.duplicate", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNamespaces", "1.0.0", NULL,
    "if namespaces holds two entries of the same type, the runtime MUST generate an error" },
  { "linux.runtime.process.rlimits.duplicate", OCI_LEVEL_MUST, "config.md", "configPOSIXProcess", "1.0.0", NULL,
    "if rlimits holds two entries of the same type, the runtime MUST generate an error" },
  { "linux.runtime.process.console-size.ignored", OCI_LEVEL_MUST, "config.md", "configProcess", "1.0.0", NULL,
    "runtimes MUST ignore consoleSize if terminal is false or unset" },
  { "linux.runtime.intel-rdt.no-resctrl", OCI_LEVEL_MUST, "config-linux.md", "configLinuxIntelRdt", "1.0.0", NULL,
    "with intelRdt set and no resctrl mounted in the runtime mount namespace, the runtime MUST generate an error" },
  { "linux.runtime.intel-rdt.tasks", OCI_LEVEL_MUST, "config-linux.md", "configLinuxIntelRdt", "1.0.0", NULL,
    "with intelRdt set the runtime MUST write the container process ID to the tasks file of its resctrl "
    "sub-directory (the container ID's without closID)" },
  { "linux.runtime.intel-rdt.schemata", OCI_LEVEL_MUST, "config-linux.md", "configLinuxIntelRdt", "1.0.0", NULL,
    "with l3CacheSchema set runtimes MUST write it to the schemata file of that sub-directory" },
  { "linux.runtime.intel-rdt.closid-create", OCI_LEVEL_MUST, "config-linux.md", "configLinuxIntelRdt", "1.1.0", NULL,
    "with closID and a schema set, runtimes MUST create the closID directory when it does not exist" },
  { "linux.runtime.intel-rdt.remove", OCI_LEVEL_MUST, "config-linux.md", "configLinuxIntelRdt", "1.3.0", NULL,
    "without closID, the runtime MUST remove the sub-directory it created when the container is deleted" },
  { "linux.runtime.intel-rdt.keep", OCI_LEVEL_MUST_NOT, "config-linux.md", "configLinuxIntelRdt", "1.3.0", NULL,
    "with closID set, the runtime MUST NOT remove the sub-directory when the container is deleted" },
  { "linux.runtime.intel-rdt.untouched", OCI_LEVEL_MUST_NOT, "config-linux.md", "configLinuxIntelRdt", "1.0.0",
    NULL, "if intelRdt is not set, the runtime MUST NOT manipulate any resctrl pseudo-filesystems" },
  { "linux.runtime.intel-rdt.closid-missing", OCI_LEVEL_MUST, "config-linux.md", "configLinuxIntelRdt", "1.1.0",
    NULL, "with closID set and no schema, the runtime MUST generate an error if the closID directory does not "
    "exist" },
  { "linux.runtime.intel-rdt.monitoring", OCI_LEVEL_MUST, "config-linux.md", "configLinuxIntelRdt", "1.3.0", NULL,
    "with enableMonitoring the runtime MUST create the MON group mon_groups/<container-id> and delete it after "
    "the container is deleted" },
};

static const char *const args_true[] = { "/bin/true", NULL };

/* ---- duplicates -------------------------------------------------------- */

/* Appends a copy of the first element of the array at @pointer whose
 * @member is @value (a deep copy: json_node_copy() shares the object). */
static gboolean
duplicate_entry (OciConfig *config, const char *pointer, const char *member, const char *value, GError **error)
{
  JsonArray *array = oci_config_get_array (config, pointer);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      if (o && g_strcmp0 (oci_json_object_get_string (o, member), value) == 0)
        {
          g_autofree char *text = json_to_string (json_array_get_element (array, i), FALSE);
          JsonNode *copy = json_from_string (text, error);
          if (copy == NULL)
            return FALSE;
          json_array_add_element (array, copy);
          return TRUE;
        }
    }
  return linux_rt_setup_error (error, "the config has no %s %s to repeat", pointer, value);
}

/* The control config: the last element (the copy) goes. */
static void
drop_last (OciConfig *config, const char *pointer)
{
  JsonArray *array = oci_config_get_array (config, pointer);

  if (array && json_array_get_length (array) > 0)
    json_array_remove_element (array, json_array_get_length (array) - 1);
}

static gboolean
configure_dup_namespace (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return duplicate_entry (config, "/linux/namespaces", "type", "ipc", error);
}

static void
drop_dup_namespace (OciConfig *config)
{
  drop_last (config, "/linux/namespaces");
}

/* Two RLIMIT_NOFILE entries with different values. */
static const char *const opts_dup_rlimit[] = { "--process-rlimits-add=RLIMIT_NOFILE:1024:1024", NULL };

static gboolean
configure_dup_rlimit (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  JsonArray *rlimits;
  JsonObject *copy;

  if (!duplicate_entry (config, "/process/rlimits", "type", "RLIMIT_NOFILE", error))
    return FALSE;
  rlimits = oci_config_get_array (config, "/process/rlimits");
  copy = json_array_get_object_element (rlimits, json_array_get_length (rlimits) - 1);
  json_object_set_int_member (copy, "hard", 512);
  json_object_set_int_member (copy, "soft", 512);
  return TRUE;
}

static void
drop_dup_rlimit (OciConfig *config)
{
  drop_last (config, "/process/rlimits");
}


/* ---- consoleSize without a terminal ------------------------------------ */

/* terminal stays false (the harness sets it): the size is ignored, the
 * program runs, and its stdout is no terminal. */
static const char *const opts_console_size[] = { "--process-consolesize=40:10", NULL };
static const char *const args_tty[] = { "/bin/sh", "-c", "if [ -t 1 ]; then echo tty; else echo notty; fi", NULL };

static gboolean
check_no_terminal (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autofree char *out = oci_runtime_context_read_stdout (rc);

  if (out)
    g_strstrip (out);
  if (g_strcmp0 (out, "notty") == 0)
    oci_check_pass (ctx, "linux.runtime.process.console-size.ignored");
  else
    oci_check_fail_values (ctx, "linux.runtime.process.console-size.ignored", "/process/consoleSize",
                           "notty (stdout is no terminal)", out ? out : "(nothing)",
                           "with terminal false the process got a terminal");
  return TRUE;
}

static const OciRuntimeStep console_size_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, "linux.runtime.process.console-size.ignored" },
  { OCI_RUNTIME_STEP_START, NULL, S, "linux.runtime.process.console-size.ignored" },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S, NULL, NULL, check_no_terminal },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

/* ---- Intel RDT --------------------------------------------------------- */

/* Where resctrl is mounted in the runtime mount namespace (the suite's,
 * whose mounts its runtime calls see); %NULL if nowhere. */
static char *
resctrl_mount (void)
{
  g_autoptr(GPtrArray) mounts = oci_mount_info_read ("/proc/self/mountinfo", NULL);

  for (guint i = 0; mounts && i < mounts->len; i++)
    {
      const OciMountInfo *m = g_ptr_array_index (mounts, i);
      if (g_strcmp0 (m->fs_type, "resctrl") == 0)
        return g_strdup (m->mount_point);
    }
  return NULL;
}

static gboolean
without_resctrl (OciRuntimeContext *rc, char **reason)
{
  g_autofree char *at = resctrl_mount ();

  if (at)
    *reason = g_strdup_printf ("resctrl is mounted at %s: a refusal for want of it cannot be checked", at);
  return at == NULL;
}

static gboolean
with_resctrl (OciRuntimeContext *rc, char **reason)
{
  g_autofree char *at = resctrl_mount ();

  if (at == NULL)
    *reason = g_strdup ("no resctrl filesystem is mounted (Intel RDT or AMD QoS with resctrl mounted at "
                        "/sys/fs/resctrl is needed; the suite never mounts it)");
  return at != NULL;
}

static const char *const opts_rdt_refused[] = { "--linux-intelRdt-l3CacheSchema=L3:0=1", NULL };

static void
drop_intel_rdt (OciConfig *config)
{
  oci_config_remove (config, "/linux/intelRdt");
}

/* ---- refusals: each case's control config ------------------------------ */

static const LinuxRtRefusal refusals[] = {
  { "linux.ns_duplicate", drop_dup_namespace },
  { "linux.rlimits_duplicate", drop_dup_rlimit },
  { "linux.intel_rdt.no_resctrl", drop_intel_rdt },
  { "linux.intel_rdt.closid_missing", drop_intel_rdt },
};

static gboolean
check_refused (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return linux_rt_expect_refused_by_case (rc, ctx, refusals, G_N_ELEMENTS (refusals), error);
}

static const OciRuntimeStep refused_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, check_refused },
  { OCI_RUNTIME_STEP_END },
};

/* With resctrl: the L3 line of the default group's schemata (a schema
 * this machine takes), written as l3CacheSchema; with closID for the
 * .closid case. */
#define RDT_DIR_KEY "linux-rdt-dir"

static void
rdt_dir_free (gpointer data)
{
  /* A closID directory the runtime must keep is the suite's to remove,
   * and so is one a runtime failed to remove. */
  g_rmdir (data);
  g_free (data);
}

/* The MON group of the container in @dir; %NULL without monitoring. */
static char *
mon_group (OciRuntimeContext *rc, const char *dir)
{
  gboolean on = FALSE;

  if (!oci_config_get_boolean (oci_runtime_context_get_config (rc), "/linux/intelRdt/enableMonitoring", &on) || !on)
    return NULL;
  return g_build_filename (dir, "mon_groups", oci_runtime_context_get_id (rc), NULL);
}

static gboolean
has_monitoring (const char *root)
{
  g_autofree char *mon = g_build_filename (root, "info", "L3_MON", NULL);

  return g_file_test (mon, G_FILE_TEST_IS_DIR);
}

static gboolean
configure_rdt (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *root = resctrl_mount ();
  g_autofree char *schemata_path = root ? g_build_filename (root, "schemata", NULL) : NULL;
  g_autofree char *schemata = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean closid = g_str_has_suffix (oci_runtime_context_get_case (rc)->id, ".closid");
  g_autofree char *name = g_strdup_printf ("ort-%s", oci_runtime_context_get_id (rc));

  if (root == NULL || !g_file_get_contents (schemata_path, &schemata, NULL, error))
    return root ? FALSE : linux_rt_setup_error (error, "resctrl is no longer mounted");
  lines = g_strsplit (schemata, "\n", -1);
  for (char **l = lines; *l; l++)
    if (g_str_has_prefix (g_strstrip (*l), "L3:"))
      {
        oci_config_set_string (config, "/linux/intelRdt/l3CacheSchema", *l);
        break;
      }
  if (closid)
    oci_config_set_string (config, "/linux/intelRdt/closID", name);
  if (oci_semver_compare_strings (oci_runtime_context_get_release (rc), "1.3.0") >= 0 && has_monitoring (root))
    oci_config_set_boolean (config, "/linux/intelRdt/enableMonitoring", TRUE);
  oci_runtime_context_set_data (rc, RDT_DIR_KEY,
                                g_build_filename (root, closid ? name : oci_runtime_context_get_id (rc), NULL),
                                rdt_dir_free);
  return TRUE;
}

static gboolean
check_rdt_created (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const char *dir = oci_runtime_context_get_data (rc, RDT_DIR_KEY);
  g_autofree char *tasks_path = g_build_filename (dir, "tasks", NULL);
  g_autofree char *schemata_path = g_build_filename (dir, "schemata", NULL);
  g_autofree char *tasks = NULL;
  g_autofree char *schemata = NULL;
  g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT, oci_runtime_context_get_pid (rc));
  const char *l3 = oci_config_get_string (oci_runtime_context_get_config (rc), "/linux/intelRdt/l3CacheSchema");
  g_auto(GStrv) lines = NULL;
  g_autofree char *mon = NULL;
  gboolean listed = FALSE;

  if (oci_config_get_string (oci_runtime_context_get_config (rc), "/linux/intelRdt/closID"))
    oci_check_expect (ctx, g_file_test (dir, G_FILE_TEST_IS_DIR), "linux.runtime.intel-rdt.closid-create",
                      "/linux/intelRdt/closID", "%s was not created", dir);
  if (!g_file_get_contents (tasks_path, &tasks, NULL, NULL))
    {
      oci_check_fail_values (ctx, "linux.runtime.intel-rdt.tasks", "/linux/intelRdt", tasks_path, "missing",
                             "the container's resctrl group does not exist");
      return TRUE;
    }
  lines = g_strsplit (tasks, "\n", -1);
  for (char **l = lines; *l && !listed; l++)
    listed = strcmp (*l, pid) == 0;
  oci_check_expect (ctx, listed, "linux.runtime.intel-rdt.tasks", "/linux/intelRdt",
                    "the container process %s is not in %s", pid, tasks_path);
  if (l3 && g_file_get_contents (schemata_path, &schemata, NULL, NULL))
    oci_check_expect (ctx, strstr (schemata, l3) != NULL, "linux.runtime.intel-rdt.schemata",
                      "/linux/intelRdt/l3CacheSchema", "%s does not hold %s", schemata_path, l3);
  if ((mon = mon_group (rc, dir)) != NULL)
    oci_check_expect (ctx, g_file_test (mon, G_FILE_TEST_IS_DIR), "linux.runtime.intel-rdt.monitoring",
                      "/linux/intelRdt/enableMonitoring", "the MON group %s was not created", mon);
  return TRUE;
}

static gboolean
check_rdt_deleted (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const char *dir = oci_runtime_context_get_data (rc, RDT_DIR_KEY);
  gboolean exists = g_file_test (dir, G_FILE_TEST_IS_DIR);
  g_autofree char *mon = mon_group (rc, dir);

  if (mon)
    oci_check_expect (ctx, !g_file_test (mon, G_FILE_TEST_IS_DIR), "linux.runtime.intel-rdt.monitoring",
                      "/linux/intelRdt/enableMonitoring", "the MON group %s is still there after delete", mon);

  if (oci_config_get_string (oci_runtime_context_get_config (rc), "/linux/intelRdt/closID"))
    oci_check_expect (ctx, exists, "linux.runtime.intel-rdt.keep", "/linux/intelRdt/closID",
                      "the runtime removed the closID directory %s", dir);
  else
    oci_check_expect (ctx, !exists, "linux.runtime.intel-rdt.remove", "/linux/intelRdt",
                      "the runtime left the directory it created, %s", dir);
  return TRUE;
}

static const OciRuntimeStep rdt_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, NULL, NULL, check_rdt_created },
  { OCI_RUNTIME_STEP_DELETE_FORCE, NULL, S, NULL, NULL, check_rdt_deleted },
  { OCI_RUNTIME_STEP_END },
};

/* Without intelRdt: no group appears and the default group's schemata
 * stays as it was. */
#define RDT_BEFORE_KEY "linux-rdt-before"

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static char *
resctrl_snapshot (void)
{
  g_autofree char *root = resctrl_mount ();
  g_autofree char *schemata_path = root ? g_build_filename (root, "schemata", NULL) : NULL;
  g_autoptr(GDir) d = root ? g_dir_open (root, 0, NULL) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *schemata = NULL;
  g_autofree char *joined = NULL;
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (" ", (char **) names->pdata);
  if (schemata_path)
    g_file_get_contents (schemata_path, &schemata, NULL, NULL);
  return g_strdup_printf ("groups: %s; schemata: %s", joined, schemata ? schemata : "");
}

static gboolean
configure_rdt_unset (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  oci_config_remove (config, "/linux/intelRdt");
  oci_runtime_context_set_data (rc, RDT_BEFORE_KEY, resctrl_snapshot (), g_free);
  return TRUE;
}

static gboolean
check_rdt_untouched (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const char *before = oci_runtime_context_get_data (rc, RDT_BEFORE_KEY);
  g_autofree char *after = resctrl_snapshot ();

  if (g_strcmp0 (before, after) == 0)
    oci_check_pass (ctx, "linux.runtime.intel-rdt.untouched");
  else
    oci_check_fail_values (ctx, "linux.runtime.intel-rdt.untouched", "/linux/intelRdt", before, after,
                           "resctrl changed for a container without intelRdt");
  return TRUE;
}

static const OciRuntimeStep rdt_unset_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, NULL, NULL, check_rdt_untouched },
  { OCI_RUNTIME_STEP_DELETE_FORCE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

/* closID without a schema names a group that must exist: one that does
 * not is an error. */
static gboolean
configure_rdt_closid_missing (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *name = g_strdup_printf ("ort-missing-%s", oci_runtime_context_get_id (rc));

  oci_config_remove (config, "/linux/intelRdt");
  oci_config_set_string (config, "/linux/intelRdt/closID", name);
  return TRUE;
}

/* ---- the table --------------------------------------------------------- */

static const char *const reqs_dup_namespace[] = { "linux.runtime.namespaces.duplicate", NULL };
static const char *const reqs_dup_rlimit[] = { "linux.runtime.process.rlimits.duplicate", NULL };
static const char *const reqs_console_size[] = { "linux.runtime.process.console-size.ignored", NULL };
static const char *const reqs_rdt_refused[] = { "linux.runtime.intel-rdt.no-resctrl", NULL };
static const char *const reqs_rdt[] = {
  "linux.runtime.intel-rdt.tasks", "linux.runtime.intel-rdt.schemata", "linux.runtime.intel-rdt.remove",
  "linux.runtime.intel-rdt.monitoring", NULL,
};
static const char *const reqs_rdt_closid[] = {
  "linux.runtime.intel-rdt.tasks", "linux.runtime.intel-rdt.closid-create", "linux.runtime.intel-rdt.keep",
  "linux.runtime.intel-rdt.monitoring", NULL,
};
static const char *const reqs_rdt_unset[] = { "linux.runtime.intel-rdt.untouched", NULL };
static const char *const reqs_rdt_closid_missing[] = { "linux.runtime.intel-rdt.closid-missing", NULL };

static const OciRuntimeCase config_cases[] = {
  { "linux.ns_duplicate", "two namespaces of one type are an error", NULL, args_true, NULL, refused_steps,
    0, NULL, configure_dup_namespace, NULL, 0, reqs_dup_namespace },
  { "linux.rlimits_duplicate", "two rlimits of one type are an error", opts_dup_rlimit, args_true, NULL,
    refused_steps, 0, NULL, configure_dup_rlimit, NULL, 0, reqs_dup_rlimit },
  { "linux.console_size", "consoleSize without a terminal is ignored", opts_console_size, args_tty, NULL,
    console_size_steps, 0, NULL, NULL, NULL, 0, reqs_console_size },
  { "linux.intel_rdt.no_resctrl", "intelRdt without a mounted resctrl is an error", opts_rdt_refused, args_true,
    NULL, refused_steps, 0, without_resctrl, NULL, NULL, 0, reqs_rdt_refused },
  { "linux.intel_rdt", "the container's resctrl group gets its pid and schema, and goes with it", NULL, args_true,
    NULL, rdt_steps, 0, with_resctrl, configure_rdt, NULL, 0, reqs_rdt },
  { "linux.intel_rdt.closid", "the closID group is made, gets the pid, and stays after delete", NULL, args_true,
    NULL, rdt_steps, 0, with_resctrl, configure_rdt, NULL, 0, reqs_rdt_closid },
  { "linux.intel_rdt.unset", "without intelRdt resctrl is left alone", NULL, args_true, NULL, rdt_unset_steps, 0,
    with_resctrl, configure_rdt_unset, NULL, 0, reqs_rdt_unset },
  { "linux.intel_rdt.closid_missing", "a closID group that does not exist, without a schema, is an error", NULL,
    args_true, NULL, refused_steps, 0, with_resctrl, configure_rdt_closid_missing, NULL, 0,
    reqs_rdt_closid_missing },
};

/**
 * linux_register_config_cases:
 * @plugin: the linux plugin
 *
 * Registers the rows and cases of duplicates, consoleSize and Intel RDT.
 */
void
linux_register_config_cases (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, config_requirements, G_N_ELEMENTS (config_requirements));
  oci_plugin_add_runtime_cases (plugin, config_cases, G_N_ELEMENTS (config_cases));
}
