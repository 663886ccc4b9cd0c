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
  { "base.runtime.state.status.created", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "after create, before the program runs, the state's status is created" },
  { "base.runtime.state.status.running", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "while the program runs, the state's status is running" },
  { "base.runtime.state.status.stopped", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "once the container process exited, the state's status is stopped" },
  { "base.runtime.state.pid", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "while created or running, the state's pid is the ID of the container process (the one create --pid-file names)" },
  { "base.runtime.state.bundle", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "the state's bundle is the absolute path of the container's bundle directory" },
  { "base.runtime.state.oci-version", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "the state has ociVersion, the release of the spec the state complies with" },
  { "base.runtime.state.annotations", OCI_LEVEL_OPTIONAL, "runtime.md", "runtimeState", "1.0.0", NULL,
    "where the state has annotations, they are the container's (those of the config)" },
  { "base.runtime.state.unique-id", OCI_LEVEL_MUST, "runtime.md", "runtimeState", "1.0.0", NULL,
    "the state's id MUST be unique across all containers on this host: a second container cannot take it" },
  { "base.runtime.state.new-status", OCI_LEVEL_MUST, "runtime.md", "runtimeState", "1.0.0", NULL,
    "a status value the runtime adds MUST stand for a new state, not one of created, running, stopped" },
  { "base.runtime.state.schema", OCI_LEVEL_MUST, "runtime.md", "runtimeState", "1.0.0", NULL,
    "the state serialised in JSON MUST adhere to the release's state schema" },
  /* runtime.md: scope, errors, warnings, operations */
  { "base.runtime.scope.operations", OCI_LEVEL_MUST, "runtime.md", "runtimeScopeContainer", "1.0.0", NULL,
    "the entity that created a container MUST be able to use the operations against it" },
  { "base.runtime.errors.unchanged", OCI_LEVEL_MUST, "runtime.md", "runtimeErrors", "1.0.0", NULL,
    "an operation that generates an error MUST leave the environment as if it had never been attempted" },
  { "base.runtime.warnings.continue", OCI_LEVEL_MUST, "runtime.md", "runtimeWarnings", "1.0.0", NULL,
    "an operation that logs a warning MUST continue as if the warning had not been logged" },
  { "base.runtime.operations.supported", OCI_LEVEL_MUST, "runtime.md", "runtimeOperations", "1.0.0", NULL,
    "runtimes MUST support the operations state, create, start, kill and delete" },
  /* runtime.md: create */
  { "base.runtime.create.id-required", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "create MUST generate an error if it is not provided a bundle path and a container ID" },
  { "base.runtime.create.unique-id", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "an ID that is not unique MUST generate an error, and a new container MUST NOT be created" },
  { "base.runtime.create.new", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "create MUST create a new container" },
  { "base.runtime.create.args-deferred", OCI_LEVEL_MUST_NOT, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "process.args MUST NOT be applied until triggered by start" },
  { "base.runtime.create.applied", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "create MUST apply every property of config.json except process" },
  { "base.runtime.create.cannot-apply", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "a property the runtime cannot apply as specified MUST generate an error, and no container is created" },
  { "base.runtime.lifecycle.create-env", OCI_LEVEL_MUST, "runtime.md", "runtimeLifecycle", "1.0.0", NULL,
    "the container's runtime environment MUST be created according to config.json (lifecycle step 2)" },
  { "base.runtime.lifecycle.destroy", OCI_LEVEL_MUST, "runtime.md", "runtimeLifecycle", "1.0.0", NULL,
    "at delete the container MUST be destroyed by undoing what create did" },
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
  { "base.runtime.process.args-path", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.0", NULL,
    "args[0] without a slash is found as execvp(3) finds its file: in the PATH of process.env" },
  { "base.runtime.process.terminal", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.0", NULL,
    "with process.terminal true the process runs with a pseudoterminal as its stdio" },
  { "base.runtime.process.cwd", OCI_LEVEL_MUST, "config.md", "configProcess", "1.0.0", NULL,
    "the container process runs in process.cwd" },
  { "base.runtime.process.env", OCI_LEVEL_MUST, "config.md", "configProcess", "1.0.0", NULL,
    "the container process has the variables of process.env" },
  { "base.runtime.process.user.uid", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.0", NULL,
    "the container process runs with process.user.uid as its real and effective user id" },
  { "base.runtime.process.user.gid", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.0", NULL,
    "the container process runs with process.user.gid as its real and effective group id" },
  { "base.runtime.process.additional-gids", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.0", NULL,
    "the container process has the supplementary groups of process.user.additionalGids" },
  { "base.runtime.process.umask", OCI_LEVEL_MUST, "runtime.md", "runtimeStart", "1.0.2", NULL,
    "the container process has the umask of process.user.umask" },
  { "base.runtime.process.rlimits.getrlimit", OCI_LEVEL_MUST, "config.md", "configPOSIXProcess", "1.0.0", NULL,
    "for each rlimits entry, getrlimit on its type MUST succeed in the container" },
  { "base.runtime.process.rlimits.soft", OCI_LEVEL_MUST, "config.md", "configPOSIXProcess", "1.0.0", NULL,
    "rlim_cur of each rlimits type MUST match the configured soft value" },
  { "base.runtime.process.rlimits.hard", OCI_LEVEL_MUST, "config.md", "configPOSIXProcess", "1.0.0", NULL,
    "rlim_max of each rlimits type MUST match the configured hard value" },
  { "base.runtime.hostname", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "processes in the container see the configured hostname" },
  { "base.runtime.domainname", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "processes in the container see the configured domainname" },
};

/* Runtime rows no case of this plugin tests, and why. */
static const OciRuntimeGap base_runtime_gaps[] = {
  { "base.runtime.state.new-status", "not observable: what a status of the runtime's own stands for is known only "
    "to the runtime" },
  { "base.runtime.state.schema", "every state step validates the state against the release's state schema; "
    "results are posted under the core's \"schema\" requirement" },
  { "base.runtime.scope.operations", "every case uses the operations on the container it created; a refusal "
    "fails the row of that operation" },
  { "base.runtime.operations.supported", "every case drives create, start, state, kill and delete; a missing "
    "operation fails the row of that operation" },
  { "base.runtime.warnings.continue", "tested where the spec asks for a warning: "
    "linux.runtime.process.capabilities.unknown-warning, hooks.runtime.poststop.fail-warns" },
  { "base.runtime.process.terminal", "needs a terminal: the suite runs every container without one (it has no "
    "console socket to receive the pseudoterminal)" },
  { "base.runtime.create.applied", "tested property by property under the row of each property" },
  { "base.runtime.create.cannot-apply", "which properties a runtime cannot apply is its own choice; a refusal "
    "is judged under the row of each property (steps that accept a clean refusal)" },
  { "base.runtime.lifecycle.create-env", "tested property by property under the row of each property" },
};

void
base_register_runtime (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, base_runtime_requirements, G_N_ELEMENTS (base_runtime_requirements));
  oci_plugin_add_runtime_gaps (plugin, base_runtime_gaps, G_N_ELEMENTS (base_runtime_gaps));
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

/* The statuses of runtime.md, each with a row of its own (results keep
 * the id: static strings only). */
static const struct
{
  const char *status;
  const char *row;
} state_statuses[] = {
  { "created", "base.runtime.state.status.created" },
  { "running", "base.runtime.state.status.running" },
  { "stopped", "base.runtime.state.status.stopped" },
};

static void
check_state_version (OciCheckContext *ctx, JsonObject *state)
{
  const char *version = oci_json_object_get_string (state, "ociVersion");

  oci_check_expect (ctx, version != NULL && *version != '\0', "base.runtime.state.oci-version", "/ociVersion",
                    "the state has no ociVersion");
}

/* The state's annotations, where it has them, are the config's. */
static void
check_state_annotations (OciRuntimeContext *rc, OciCheckContext *ctx, JsonObject *state)
{
  JsonObject *configured = oci_config_get_object (oci_runtime_context_get_config (rc), "/annotations");
  JsonNode *node = json_object_get_member (state, "annotations");
  g_autoptr(GList) keys = NULL;
  JsonObject *shown;

  if (node == NULL || configured == NULL || json_object_get_size (configured) == 0)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      oci_check_fail (ctx, "base.runtime.state.annotations", "/annotations", "the state's annotations are no map");
      return;
    }
  shown = json_node_get_object (node);
  keys = json_object_get_members (configured);
  for (GList *k = keys; k; k = k->next)
    {
      const char *want = oci_json_object_get_string (configured, k->data);
      const char *have = oci_json_object_get_string (shown, k->data);

      if (g_strcmp0 (want, have) != 0)
        {
          oci_check_fail_values (ctx, "base.runtime.state.annotations", "/annotations", want, have ? have : "(none)",
                                 "the state's annotation %s is not the config's", (const char *) k->data);
          return;
        }
    }
  oci_check_pass (ctx, "base.runtime.state.annotations");
}

/**
 * base_rt_check_state:
 * @rc: the case
 * @ctx: where results go
 * @status: (nullable): the status the state must show
 *
 * Checks the last state: id, bundle, ociVersion, annotations (where the
 * state has them), status and (while created or running) a pid that is
 * the pid file's.
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
  check_state_version (ctx, state);
  check_state_annotations (rc, ctx, state);
  if (status)
    {
      base_rt_expect_status (rc, ctx, "base.runtime.state.status", status);
      for (gsize i = 0; i < G_N_ELEMENTS (state_statuses); i++)
        if (strcmp (status, state_statuses[i].status) == 0)
          base_rt_expect_status (rc, ctx, state_statuses[i].row, status);
    }
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
