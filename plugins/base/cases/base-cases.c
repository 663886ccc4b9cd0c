/* base-cases.c — the requirements runtime-validate checks for runtime.md
 * and config.md, the registration, and helpers the case files share
 *
 * Every id has the "runtime" segment: these rules can only be observed by
 * running a container (see oci-runtime.h).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "base-runtime.h"

static const OciRequirement base_runtime_requirements[] = {
  /* runtime.md: state */
  { "base.runtime.state.id-required", OCI_LEVEL_MUST, "runtime.md", "runtimeQueryState", "1.0.0", NULL,
    "state MUST generate an error if it is not provided the ID of a container" },
  { "base.runtime.state.nonexistent", OCI_LEVEL_MUST, "runtime.md", "runtimeQueryState", "1.0.0", NULL,
    "querying the state of a container that does not exist MUST generate an error" },
  { "base.runtime.state.query", OCI_LEVEL_MUST, "runtime.md", "runtimeQueryState", "1.0.0", NULL,
    "state MUST return the state of a container as the State section specifies" },
  { "base.runtime.state.id", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "the state's id is the container's ID" },
  { "base.runtime.state.status", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "the state's status is the runtime state of the container (created, running, stopped)" },
  { "base.runtime.state.pid", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "while created or running, the state's pid is the ID of the container process (the one create --pid-file names)" },
  { "base.runtime.state.bundle", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "the state's bundle is the absolute path of the container's bundle directory" },
  /* runtime.md: create */
  { "base.runtime.create.id-required", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "create MUST generate an error if it is not provided a bundle path and a container ID" },
  { "base.runtime.create.unique-id", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "an ID that is not unique MUST generate an error, and a new container MUST NOT be created" },
  { "base.runtime.create.new", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "create MUST create a new container" },
  { "base.runtime.create.args-deferred", OCI_LEVEL_MUST_NOT, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "process.args MUST NOT be applied until triggered by start" },
  { "base.runtime.create.config-frozen", OCI_LEVEL_MUST_NOT, "runtime.md", "runtimeLifecycle", "1.0.0", NULL,
    "updates to config.json after create MUST NOT affect the container" },
  { "base.runtime.create.invalid-value", OCI_LEVEL_MUST, "config.md", "configExtensibility", "1.0.0", NULL,
    "runtimes MUST generate an error when invalid or unsupported values are encountered" },
  { "base.runtime.create.unknown-property", OCI_LEVEL_MUST_NOT, "config.md", "configExtensibility", "1.0.0", "1.0.2",
    "runtimes MUST NOT generate an error if they encounter an unknown property" },
  { "base.runtime.create.unknown-property", OCI_LEVEL_MUST, "config.md", "configExtensibility", "1.0.2", NULL,
    "runtimes MAY log an unknown property but MUST otherwise ignore it: no error" },
  { "base.runtime.create.unknown-annotation", OCI_LEVEL_MUST_NOT, "config.md", "configAnnotations", "1.0.0", NULL,
    "runtimes MUST NOT generate an error if they encounter an unknown annotation key" },
  /* runtime.md: start */
  { "base.runtime.start.id-required", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.0", NULL,
    "start MUST generate an error if it is not provided the container ID" },
  { "base.runtime.start.not-created", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.0", NULL,
    "starting a container that is not created MUST have no effect and MUST generate an error" },
  { "base.runtime.start.run", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.0", NULL,
    "start MUST run the user-specified program as specified by process" },
  { "base.runtime.start.no-process", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.0", NULL,
    "start MUST generate an error if process was not set" },
  /* runtime.md: kill */
  { "base.runtime.kill.id-required", OCI_LEVEL_MUST, "runtime.md", "runtimeKill", "1.0.0", NULL,
    "kill MUST generate an error if it is not provided the container ID" },
  { "base.runtime.kill.not-running", OCI_LEVEL_MUST, "runtime.md", "runtimeKill", "1.0.0", NULL,
    "signalling a container that is neither created nor running MUST have no effect and MUST generate an error" },
  { "base.runtime.kill.signal", OCI_LEVEL_MUST, "runtime.md", "runtimeKill", "1.0.0", NULL,
    "kill MUST send the specified signal to the container process" },
  /* runtime.md: delete */
  { "base.runtime.delete.id-required", OCI_LEVEL_MUST, "runtime.md", "runtimeDelete", "1.0.0", NULL,
    "delete MUST generate an error if it is not provided the container ID" },
  { "base.runtime.delete.not-stopped", OCI_LEVEL_MUST, "runtime.md", "runtimeDelete", "1.0.0", NULL,
    "deleting a container that is not stopped MUST have no effect and MUST generate an error" },
  { "base.runtime.delete.resources", OCI_LEVEL_MUST, "runtime.md", "runtimeDelete", "1.0.0", NULL,
    "deleting a container MUST delete the resources created during create" },
  { "base.runtime.delete.only-created", OCI_LEVEL_MUST_NOT, "runtime.md", "runtimeDelete", "1.0.0", NULL,
    "resources associated with the container but not created by it MUST NOT be deleted" },
  /* features.md */
  { "base.runtime.features.version-range", OCI_LEVEL_MUST_NOT, "features.md", "featuresSpecificationVersion",
    "1.1.0", NULL, "ociVersionMax MUST NOT be less than ociVersionMin" },
  /* config.md, observed from inside the container */
  { "base.runtime.root.readonly", OCI_LEVEL_MUST, "config.md", "configRoot", "1.0.0", NULL,
    "with root.readonly true the root filesystem MUST be read-only inside the container (writable otherwise)" },
  { "base.runtime.mounts.applied", OCI_LEVEL_MUST, "config.md", "configMounts", "1.0.0", NULL,
    "each mount MUST be applied: mounted at its destination with its type and flags" },
  { "base.runtime.mounts.order", OCI_LEVEL_MUST, "config.md", "configMounts", "1.0.0", NULL,
    "the runtime MUST mount entries in the listed order" },
  { "base.runtime.process.args", OCI_LEVEL_MUST, "config.md", "configProcess", "1.0.0", NULL,
    "the container process runs with process.args as its arguments" },
  { "base.runtime.process.cwd", OCI_LEVEL_MUST, "config.md", "configProcess", "1.0.0", NULL,
    "the container process runs in process.cwd" },
  { "base.runtime.process.env", OCI_LEVEL_MUST, "config.md", "configProcess", "1.0.0", NULL,
    "the container process has the variables of process.env" },
  { "base.runtime.process.user", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.0", NULL,
    "the container process runs with process.user.uid and gid" },
  { "base.runtime.process.additional-gids", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.0", NULL,
    "the container process has the supplementary groups of process.user.additionalGids" },
  { "base.runtime.process.umask", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.2", NULL,
    "the container process has the umask of process.user.umask" },
  { "base.runtime.process.rlimits", OCI_LEVEL_MUST, "config.md", "configPOSIXProcess", "1.0.0", NULL,
    "getrlimit on each rlimits type MUST succeed, its soft and hard limits MUST match the configured values" },
  { "base.runtime.hostname", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "processes in the container see the configured hostname" },
  { "base.runtime.domainname", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "processes in the container see the configured domainname" },
};

void
base_register_runtime (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, base_runtime_requirements, G_N_ELEMENTS (base_runtime_requirements));
  oci_plugin_add_runtime_cases (plugin, base_lifecycle_cases, base_n_lifecycle_cases);
  oci_plugin_add_runtime_cases (plugin, base_config_cases, base_n_config_cases);
  base_register_inside (plugin);
}

/* ---- helpers ----------------------------------------------------------- */

/**
 * base_rt_wait_rootfs_file:
 * @rc: the case
 * @name: a path in the container ("/ready")
 * @error: an OCI_RUNTIME_ERROR_STATUS when it does not appear in time
 *
 * Waits until the container process created @name: the moment a shell
 * has installed its traps, for instance.
 *
 * Returns: %TRUE once the file exists
 */
gboolean
base_rt_wait_rootfs_file (OciRuntimeContext *rc, const char *name, GError **error)
{
  g_autofree char *path = oci_runtime_context_rootfs_path (rc, name);
  gint64 deadline = g_get_monotonic_time () + (gint64) oci_runtime_context_get_timeout_ms (rc) * 1000;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () > deadline)
        return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_STATUS,
                            "the container process did not create %s in time", name), FALSE;
      g_usleep (2000);
    }
  return TRUE;
}

/**
 * base_rt_read_rootfs_file:
 * @rc: the case
 * @name: a path in the container
 *
 * Returns: (transfer full) (nullable): its contents, %NULL if it does not exist
 */
char *
base_rt_read_rootfs_file (OciRuntimeContext *rc, const char *name)
{
  g_autofree char *path = oci_runtime_context_rootfs_path (rc, name);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

/**
 * base_rt_check_state:
 * @rc: the case
 * @ctx: where results go
 * @status: (nullable): the status the state must show
 *
 * Checks the last state: id, bundle, status and (while created or
 * running) a pid that is the pid file's.
 *
 * Returns: %TRUE if the state was there to check
 */
gboolean
base_rt_check_state (OciRuntimeContext *rc, OciCheckContext *ctx, const char *status)
{
  JsonObject *state = oci_runtime_context_get_state (rc);
  const char *id, *bundle, *now;
  g_autofree char *pid_text = NULL;
  gint64 pid = 0;

  if (state == NULL)
    return FALSE;
  id = oci_json_object_get_string (state, "id");
  bundle = oci_json_object_get_string (state, "bundle");
  now = oci_json_object_get_string (state, "status");
  if (g_strcmp0 (id, oci_runtime_context_get_id (rc)) != 0)
    oci_check_fail_values (ctx, "base.runtime.state.id", "/id", oci_runtime_context_get_id (rc), id,
                           "the state names another container");
  else
    oci_check_pass (ctx, "base.runtime.state.id");
  if (g_strcmp0 (bundle, oci_runtime_context_get_bundle (rc)) != 0)
    oci_check_fail_values (ctx, "base.runtime.state.bundle", "/bundle", oci_runtime_context_get_bundle (rc),
                           bundle, "the state's bundle is not the bundle's absolute path");
  else
    oci_check_pass (ctx, "base.runtime.state.bundle");
  if (status)
    base_rt_expect_status (rc, ctx, "base.runtime.state.status", status);
  if ((g_strcmp0 (now, "created") == 0 || g_strcmp0 (now, "running") == 0)
      && g_file_get_contents (oci_runtime_context_get_pid_file (rc), &pid_text, NULL, NULL))
    {
      g_autofree char *expected = g_strstrip (g_strdup (pid_text));
      g_autofree char *actual = NULL;
      oci_json_object_get_int (state, "pid", &pid);
      actual = g_strdup_printf ("%" G_GINT64_FORMAT, pid);
      if (strcmp (expected, actual) != 0)
        oci_check_fail_values (ctx, "base.runtime.state.pid", "/pid", expected, actual,
                               "the state's pid is not the container process's (the pid file's)");
      else
        oci_check_pass (ctx, "base.runtime.state.pid");
    }
  return TRUE;
}

/**
 * base_rt_expect_status:
 * @rc: the case
 * @ctx: where results go
 * @requirement: the requirement the status proves
 * @status: the status the last state must show
 *
 * Returns: %TRUE if it shows it
 */
gboolean
base_rt_expect_status (OciRuntimeContext *rc, OciCheckContext *ctx, const char *requirement, const char *status)
{
  const char *now = oci_runtime_context_get_status (rc);

  if (g_strcmp0 (now, status) == 0)
    {
      oci_check_pass (ctx, requirement);
      return TRUE;
    }
  oci_check_fail_values (ctx, requirement, "/status", status, now ? now : "(no state)",
                         "the container is not %s", status);
  return FALSE;
}

/**
 * base_rt_no_features:
 * @rc: the case
 * @reason: (out): why the case cannot run
 *
 * An #OciRuntimeSupportFunc: runs only when the runtime has a features
 * command.
 *
 * Returns: %TRUE if the runtime printed its features
 */
gboolean
base_rt_no_features (OciRuntimeContext *rc, char **reason)
{
  if (oci_runtime_context_get_features (rc) != NULL)
    return TRUE;
  *reason = g_strdup_printf ("%s has no working `features` command",
                             oci_runtime_get_name (oci_runtime_context_get_runtime (rc)));
  return FALSE;
}
