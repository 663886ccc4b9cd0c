/* base-cases-lifecycle.c — runtime.md: the operations and the lifecycle
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "base-runtime.h"

#define S OCI_RUNTIME_EXPECT_SUCCESS
#define F OCI_RUNTIME_EXPECT_FAILURE
#define A OCI_RUNTIME_EXPECT_ANY
#define NO_ID OCI_RUNTIME_ID_NONE
#define UNKNOWN OCI_RUNTIME_ID_UNKNOWN

static const char *const args_sleep[] = { "/bin/sleep", "30", NULL };
static const char *const args_true[] = { "/bin/true", NULL };

/* ---- create ------------------------------------------------------------ */

static gboolean
check_created (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  base_rt_check_state (rc, ctx, "created");
  return TRUE;
}

/* The second create with the same id was refused: the first container is
 * still there, unchanged. */
static gboolean
check_still_one (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  OciRuntime *rt = oci_runtime_context_get_runtime (rc);
  g_autoptr(JsonNode) state = oci_runtime_state (rt, oci_runtime_context_get_id (rc), NULL);
  const char *status = state ? oci_json_object_get_string (json_node_get_object (state), "status") : NULL;

  /* One observation, three statements: the id stays unique, create
   * refuses it, and the refusal leaves everything as it was. */
  static const char *const rows[] = { "base.runtime.create.unique-id", "base.runtime.state.unique-id",
                                      "base.runtime.errors.unchanged" };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    oci_check_expect (ctx, g_strcmp0 (status, "created") == 0, rows[i], NULL,
                      "after a refused create with the same id the first container is %s, not created",
                      status ? status : "gone");
  return TRUE;
}

static const OciRuntimeStep create_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, F, "base.runtime.create.id-required", NO_ID },
  { OCI_RUNTIME_STEP_CREATE, NULL, S, "base.runtime.create.new" },
  { OCI_RUNTIME_STEP_STATE, NULL, S, "base.runtime.state.query", NULL, check_created },
  { OCI_RUNTIME_STEP_CREATE, NULL, F, "base.runtime.create.unique-id", NULL, check_still_one },
  { OCI_RUNTIME_STEP_END },
};

/* ---- start ------------------------------------------------------------- */

static const char *const args_output[] = { "/bin/sh", "-c", "echo process-called >> /output", NULL };

static gboolean
check_not_run (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autofree char *out = base_rt_read_rootfs_file (rc, "/output");

  oci_check_expect (ctx, out == NULL, "base.runtime.create.args-deferred", "/process/args",
                    "the program ran at create: /output exists");
  return TRUE;
}

/* The program of args_output ran, once. */
static void
expect_output (OciRuntimeContext *rc, OciCheckContext *ctx, const char *requirement)
{
  g_autofree char *out = base_rt_read_rootfs_file (rc, "/output");

  if (g_strcmp0 (out, "process-called\n") == 0)
    oci_check_pass (ctx, requirement);
  else
    oci_check_fail_values (ctx, requirement, "/process/args", "process-called\\n", out ? out : "(no /output)",
                           "the program did not run as process says");
}

static gboolean
check_ran_once (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  expect_output (rc, ctx, "base.runtime.start.run");
  return TRUE;
}

/* args[0] without a slash: found as execvp(3) finds it, in the PATH of
 * process.env (the default config's has /bin). */
static const char *const args_path_lookup[] = { "sh", "-c", "echo process-called >> /output", NULL };

static gboolean
check_path_lookup (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  expect_output (rc, ctx, "base.runtime.process.args-path");
  return TRUE;
}

static const OciRuntimeStep path_lookup_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S, NULL, NULL, check_path_lookup },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

static gboolean
check_no_rerun (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autofree char *out = base_rt_read_rootfs_file (rc, "/output");

  if (g_strcmp0 (out, "process-called\n") != 0)
    oci_check_fail_values (ctx, "base.runtime.start.not-created", NULL, "process-called\\n",
                           out ? out : "(no /output)", "a start of a stopped container ran the program again");
  return TRUE;
}

static const OciRuntimeStep start_steps[] = {
  { OCI_RUNTIME_STEP_START, NULL, F, "base.runtime.start.id-required", NO_ID },
  { OCI_RUNTIME_STEP_START, NULL, F, "base.runtime.start.not-created", UNKNOWN },
  { OCI_RUNTIME_STEP_CREATE, NULL, S, NULL, NULL, check_not_run },
  { OCI_RUNTIME_STEP_START, NULL, S, "base.runtime.start.run" },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S, NULL, NULL, check_ran_once },
  { OCI_RUNTIME_STEP_START, NULL, F, "base.runtime.start.not-created", NULL, check_no_rerun },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

/* A config without process: the runtime may refuse it at create (it MAY
 * validate the config); if it creates the container, start must fail. */
static gboolean
drop_process (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  oci_config_remove (config, "/process");
  return TRUE;
}

static gboolean
check_start_without_process (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const OciRuntimeCall *create = oci_runtime_context_get_last_call (rc);
  OciRuntime *rt = oci_runtime_context_get_runtime (rc);

  if (create == NULL || create->exit_status != 0)
    {
      oci_check_skip (ctx, "base.runtime.start.no-process", "/process",
                      "the runtime refused the config without process at create (it may validate it there)");
      return TRUE;
    }
  oci_check_expect (ctx, !oci_runtime_start (rt, oci_runtime_context_get_id (rc), NULL),
                    "base.runtime.start.no-process", "/process", "start succeeded without process");
  return TRUE;
}

static const OciRuntimeStep start_no_process_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, check_start_without_process },
  { OCI_RUNTIME_STEP_END },
};

/* ---- state ------------------------------------------------------------- */

static gboolean
check_running (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  base_rt_check_state (rc, ctx, "running");
  return TRUE;
}

static gboolean
check_stopped (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  base_rt_check_state (rc, ctx, "stopped");
  return TRUE;
}

static const OciRuntimeStep state_steps[] = {
  { OCI_RUNTIME_STEP_STATE, NULL, F, "base.runtime.state.id-required", NO_ID },
  { OCI_RUNTIME_STEP_STATE, NULL, F, "base.runtime.state.nonexistent", UNKNOWN },
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_STATE, NULL, S, "base.runtime.state.query", NULL, check_created },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_STATE, NULL, S, "base.runtime.state.query", NULL, check_running },
  { OCI_RUNTIME_STEP_KILL, "KILL", S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_STATE, NULL, S, "base.runtime.state.query", NULL, check_stopped },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_STATE, NULL, F, "base.runtime.state.nonexistent" },
  { OCI_RUNTIME_STEP_END },
};

/* ---- kill -------------------------------------------------------------- */

static const OciRuntimeStep kill_steps[] = {
  { OCI_RUNTIME_STEP_KILL, "KILL", F, "base.runtime.kill.id-required", NO_ID },
  { OCI_RUNTIME_STEP_KILL, "KILL", F, "base.runtime.kill.not-running", UNKNOWN },
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_KILL, "KILL", S, "base.runtime.kill.signal" },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S, "base.runtime.kill.signal" },
  { OCI_RUNTIME_STEP_KILL, "KILL", F, "base.runtime.kill.not-running" },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

static const OciRuntimeStep kill_running_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "running", S },
  { OCI_RUNTIME_STEP_KILL, "KILL", S, "base.runtime.kill.signal" },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S, "base.runtime.kill.signal" },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

/* kill_no_effect: the state of a stopped container is the same before
 * and after a refused kill. */
static gboolean
keep_state (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  JsonObject *state = oci_runtime_context_get_state (rc);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), state);

  oci_runtime_context_set_data (rc, "state-before", json_to_string (node, FALSE), g_free);
  return TRUE;
}

static gboolean
compare_state (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const char *before = oci_runtime_context_get_data (rc, "state-before");
  JsonObject *state = oci_runtime_context_get_state (rc);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), state);
  g_autofree char *after = json_to_string (node, FALSE);

  if (g_strcmp0 (before, after) != 0)
    {
      oci_check_fail_values (ctx, "base.runtime.kill.not-running", NULL, before, after,
                             "the refused kill changed the container's state");
      oci_check_fail_values (ctx, "base.runtime.errors.unchanged", NULL, before, after,
                             "the refused kill changed the container's state");
    }
  else
    oci_check_pass (ctx, "base.runtime.errors.unchanged");
  return TRUE;
}

static const OciRuntimeStep kill_no_effect_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_STATE, NULL, S, NULL, NULL, keep_state },
  { OCI_RUNTIME_STEP_KILL, "KILL", F, "base.runtime.kill.not-running" },
  { OCI_RUNTIME_STEP_STATE, NULL, S, NULL, NULL, compare_state },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

/* killsig: a shell traps the signal and leaves a file named after it.
 * The case waits for /ready, written once the trap is in place. */
static gboolean
wait_ready (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return base_rt_wait_rootfs_file (rc, "/ready", error);
}

static gboolean
check_trapped (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const OciRuntimeStep *step = oci_runtime_context_get_case (rc)->steps;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  const char *sig;

  /* The signal is the one the case's kill step sends. */
  while (step->kind != OCI_RUNTIME_STEP_KILL)
    step++;
  sig = step->arg;
  name = g_strconcat ("/", sig, NULL);
  path = oci_runtime_context_rootfs_path (rc, name);

  oci_check_expect (ctx, g_file_test (path, G_FILE_TEST_EXISTS), "base.runtime.kill.signal", NULL,
                    "the container process did not receive SIG%s (its trap left no %s)", sig, name);
  return TRUE;
}

/* The trap exits: a signal that lands before `wait` began must not leave
 * the shell waiting for the sleep. */
#define KILLSIG_ARGS(sig) \
  { "/bin/sh", "-c", "trap 'touch /" sig "; exit 0' " sig "; sleep 30 & touch /ready; wait $!", NULL }
#define KILLSIG_STEPS(sig) \
  { { OCI_RUNTIME_STEP_CREATE, NULL, S }, \
    { OCI_RUNTIME_STEP_START, NULL, S }, \
    { OCI_RUNTIME_STEP_CHECK, NULL, S, NULL, NULL, wait_ready }, \
    { OCI_RUNTIME_STEP_KILL, sig, S, "base.runtime.kill.signal" }, \
    { OCI_RUNTIME_STEP_WAIT, "stopped", S, NULL, NULL, check_trapped }, \
    { OCI_RUNTIME_STEP_DELETE, NULL, S }, \
    { OCI_RUNTIME_STEP_END } }

static const char *const args_term[] = KILLSIG_ARGS ("TERM");
static const char *const args_usr1[] = KILLSIG_ARGS ("USR1");
static const char *const args_usr2[] = KILLSIG_ARGS ("USR2");
static const OciRuntimeStep killsig_term_steps[] = KILLSIG_STEPS ("TERM");
static const OciRuntimeStep killsig_usr1_steps[] = KILLSIG_STEPS ("USR1");
static const OciRuntimeStep killsig_usr2_steps[] = KILLSIG_STEPS ("USR2");

/* ---- delete ------------------------------------------------------------ */

static gboolean
check_still_created (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  base_rt_expect_status (rc, ctx, "base.runtime.delete.not-stopped", "created");
  return TRUE;
}

static gboolean
check_still_running (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  base_rt_expect_status (rc, ctx, "base.runtime.delete.not-stopped", "running");
  return TRUE;
}

/* The container stops by itself (its program ends): delete is judged
 * alone, not through kill of a created container, which runtimes treat
 * differently (runsc refuses it). */
static const OciRuntimeStep delete_steps[] = {
  { OCI_RUNTIME_STEP_DELETE, NULL, F, "base.runtime.delete.id-required", NO_ID },
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S, "base.runtime.delete.resources" },
  { OCI_RUNTIME_STEP_STATE, NULL, F, "base.runtime.delete.resources" },
  { OCI_RUNTIME_STEP_END },
};

static const OciRuntimeStep delete_created_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_DELETE, NULL, F, "base.runtime.delete.not-stopped" },
  { OCI_RUNTIME_STEP_STATE, NULL, S, "base.runtime.delete.not-stopped", NULL, check_still_created },
  { OCI_RUNTIME_STEP_END },
};

static const OciRuntimeStep delete_running_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "running", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, F, "base.runtime.delete.not-stopped" },
  { OCI_RUNTIME_STEP_STATE, NULL, S, "base.runtime.delete.not-stopped", NULL, check_still_running },
  { OCI_RUNTIME_STEP_END },
};

/* delete_resources: the container's cgroup exists after create and is
 * gone after delete, in every hierarchy. */
static char *
cgroup_dir (OciRuntimeContext *rc, const char *controller)
{
  g_autofree char *mount = oci_host_cgroup_mount (controller);
  const char *path = oci_runtime_context_get_cgroups_path (rc);

  if (mount == NULL || path == NULL || !g_path_is_absolute (path))
    return NULL;
  return g_build_filename (mount, path, NULL);
}

static gboolean
has_cgroup (OciRuntimeContext *rc, char **reason)
{
  if (oci_host_get_cgroup_mode () == OCI_CGROUP_NONE || oci_host_cgroup_controller_version ("pids") == 0)
    {
      *reason = g_strdup ("the host has no pids cgroup controller");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_cgroup_created (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autofree char *dir = cgroup_dir (rc, "pids");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP,
                        "the container's pids cgroup %s does not exist after create: nothing to watch",
                        dir ? dir : "(none)"), FALSE;
  return TRUE;
}

static gboolean
check_cgroup_removed (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autofree char *dir = cgroup_dir (rc, "pids");

  gboolean gone = !g_file_test (dir, G_FILE_TEST_EXISTS);

  oci_check_expect (ctx, gone, "base.runtime.delete.resources", "/linux/cgroupsPath",
                    "the container's cgroup %s still exists after delete", dir);
  oci_check_expect (ctx, gone, "base.runtime.lifecycle.destroy", "/linux/cgroupsPath",
                    "delete did not undo create: the cgroup %s is still there", dir);
  return TRUE;
}

static const char *const opts_pids[] = { "--linux-pids-limit=1000", NULL };

static const OciRuntimeStep delete_resources_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, NULL, NULL, check_cgroup_created },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S, NULL, NULL, check_cgroup_removed },
  { OCI_RUNTIME_STEP_END },
};

/* delete_only_create_resources: a cgroup made by us, which the container
 * process joins, survives the delete. */
static char *
extra_cgroup (OciRuntimeContext *rc)
{
  g_autofree char *dir = cgroup_dir (rc, "pids");

  return dir ? g_strconcat (dir, "-keep", NULL) : NULL;
}

static gboolean
join_extra_cgroup (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autofree char *extra = extra_cgroup (rc);
  g_autofree char *procs = NULL;
  g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT, oci_runtime_context_get_pid (rc));

  if (extra == NULL || (g_mkdir (extra, 0755) != 0 && errno != EEXIST))
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, "cannot create the cgroup %s",
                        extra ? extra : "(none)"), FALSE;
  procs = g_build_filename (extra, "cgroup.procs", NULL);
  return g_file_set_contents_full (procs, pid, -1, G_FILE_SET_CONTENTS_NONE, 0644, error);
}

static gboolean
check_extra_kept (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autofree char *extra = extra_cgroup (rc);

  oci_check_expect (ctx, g_file_test (extra, G_FILE_TEST_IS_DIR), "base.runtime.delete.only-created", NULL,
                    "delete removed the cgroup %s, which the container did not create", extra);
  g_rmdir (extra);
  return TRUE;
}

static const OciRuntimeStep delete_only_created_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, NULL, NULL, join_extra_cgroup },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S, NULL, NULL, check_extra_kept },
  { OCI_RUNTIME_STEP_END },
};

/* ---- pidfile, config updates, unknown properties, invalid values ------- */

static gboolean
check_pid_file (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (oci_runtime_context_get_pid_file (rc), &text, NULL, NULL))
    {
      oci_check_fail_values (ctx, "base.runtime.state.pid", NULL, "a pid file", "none",
                             "create --pid-file wrote no pid file");
      return TRUE;
    }
  base_rt_check_state (rc, ctx, "created");
  return TRUE;
}

static const OciRuntimeStep pidfile_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_STATE, NULL, S, NULL, NULL, check_pid_file },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

/* After create the bundle's config.json is replaced by one the runtime
 * could not run; start and the inside checks must see the original. */
static gboolean
spoil_config (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autofree char *path = oci_runtime_context_bundle_path (rc, "config.json");
  static const char spoiled[] = "{\"ociVersion\": \"1.0.0\", \"process\": {\"cwd\": \"/nonexistent\", "
                                "\"args\": [\"/nonexistent\"]}, \"root\": {\"path\": \"nonexistent\"}}\n";

  return g_file_set_contents (path, spoiled, -1, error);
}

static const OciRuntimeStep config_updates_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, NULL, NULL, spoil_config },
  { OCI_RUNTIME_STEP_START, NULL, S, "base.runtime.create.config-frozen" },
  { OCI_RUNTIME_STEP_INSIDE, NULL, S, "base.runtime.create.config-frozen" },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};
static const char *const opts_updates[] = { "--hostname=ort-frozen", "--env=ORT_FROZEN=1", NULL };
static const char *const inside_updates[] = { "base.hostname", "base.process", NULL };

static gboolean
add_unknown_property (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  oci_config_set_string (config, "/ortUnknownProperty", "ignored");
  oci_config_set_string (config, "/process/ortUnknownProperty", "ignored");
  return TRUE;
}

static gboolean
set_invalid_version (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  oci_config_set_string (config, "/ociVersion", "invalid");
  return TRUE;
}

static const OciRuntimeStep runs_steps_unknown[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, "base.runtime.create.unknown-property" },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};
static const OciRuntimeStep runs_steps_annotation[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, "base.runtime.create.unknown-annotation" },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};
static const OciRuntimeStep refused_steps_invalid[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, F, "base.runtime.create.invalid-value" },
  { OCI_RUNTIME_STEP_END },
};
static const char *const opts_annotation[] = { "--label=org.opencontainers.ort.unknown-key=value", NULL };

/* ---- features ---------------------------------------------------------- */

static gboolean
check_features (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  JsonObject *features = oci_runtime_context_get_features (rc);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), features);
  const char *release = oci_runtime_context_get_features_release (rc);
  const char *min = oci_json_object_get_string (features, "ociVersionMin");
  const char *max = oci_json_object_get_string (features, "ociVersionMax");
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autofree char *uri = oci_spec_schema_uri (release ? release : oci_spec_get_newest_release (), "features");
  g_autoptr(GPtrArray) violations = NULL;

  if (!oci_schema_validate (schema, uri, node, &violations, error))
    return FALSE;
  for (guint i = 0; i < violations->len; i++)
    {
      OciSchemaViolation *v = violations->pdata[i];
      oci_check_fail (ctx, OCI_SCHEMA_CHECKER_ID, v->instance_pointer, "features: %s (schema keyword '%s')",
                      v->message, v->keyword);
    }
  if (violations->len == 0)
    oci_check_pass (ctx, OCI_SCHEMA_CHECKER_ID);
  if (min && max && oci_semver_compare_strings (max, min) >= 0)
    oci_check_pass (ctx, "base.runtime.features.version-range");
  else if (min && max)
    oci_check_fail_values (ctx, "base.runtime.features.version-range", "/ociVersionMax", min, max,
                           "ociVersionMax is less than ociVersionMin");
  return TRUE;
}

static const OciRuntimeStep features_steps[] = {
  { OCI_RUNTIME_STEP_CHECK, NULL, S, NULL, NULL, check_features },
  { OCI_RUNTIME_STEP_END },
};

/* ---- the table --------------------------------------------------------- */

/* The requirement rows each case tests beyond those its steps and inside
 * checkers name (see OciRuntimeCase.requirements). */
static const char *const rq_create[] = {
  "base.runtime.state.id", "base.runtime.state.status", "base.runtime.state.pid", "base.runtime.state.bundle",
  "base.runtime.state.oci-version", "base.runtime.state.annotations", "base.runtime.state.unique-id",
  "base.runtime.errors.unchanged", "base.runtime.state.status.created", NULL,
};
static const char *const rq_start[] = {
  "base.runtime.create.args-deferred", "base.runtime.start.run", "base.runtime.start.id-required",
  "base.runtime.start.not-created", NULL,
};
static const char *const rq_path_lookup[] = { "base.runtime.process.args-path", NULL };
static const char *const rq_start_no_process[] = { "base.runtime.start.no-process", NULL };
static const char *const rq_state[] = {
  "base.runtime.state.id", "base.runtime.state.status", "base.runtime.state.pid", "base.runtime.state.bundle",
  "base.runtime.state.oci-version", "base.runtime.state.annotations", "base.runtime.state.status.created",
  "base.runtime.state.status.running", "base.runtime.state.status.stopped", NULL,
};
static const char *const rq_kill_no_effect[] = { "base.runtime.errors.unchanged", NULL };
static const char *const rq_killsig_term[] = { "base.runtime.kill.signal", NULL };
static const char *const rq_killsig_usr1[] = { "base.runtime.kill.signal", NULL };
static const char *const rq_killsig_usr2[] = { "base.runtime.kill.signal", NULL };
static const char *const rq_delete_resources[] = {
  "base.runtime.delete.resources", "base.runtime.lifecycle.destroy", NULL,
};
static const char *const rq_delete_only_create_resources[] = { "base.runtime.delete.only-created", NULL };
static const char *const rq_pidfile[] = {
  "base.runtime.state.id", "base.runtime.state.status", "base.runtime.state.pid", "base.runtime.state.bundle",
  "base.runtime.state.oci-version", "base.runtime.state.annotations", "base.runtime.state.status.created", NULL,
};
static const char *const rq_features[] = { "base.runtime.features.version-range", NULL };

const OciRuntimeCase base_lifecycle_cases[] = {
  { "base.create", "create: needs an id, makes a new container, refuses a duplicate id",
    NULL, args_sleep, NULL, create_steps, .requirements = rq_create },
  { "base.start", "start: needs a created container, runs the program once, not at create",
    NULL, args_output, NULL, start_steps, .requirements = rq_start },
  { "base.start.path_lookup", "a program named without a slash is found in the PATH of process.env", NULL,
    args_path_lookup, NULL, path_lookup_steps, .requirements = rq_path_lookup },
  { "base.start.no_process", "start of a container without process generates an error",
    NULL, NULL, NULL, start_no_process_steps, 0, NULL, drop_process, .requirements = rq_start_no_process },
  { "base.state", "state: needs an existing container, reports created, running, stopped",
    NULL, args_sleep, NULL, state_steps, .requirements = rq_state },
  { "base.kill", "kill: needs an id, signals a created container, refuses a stopped one",
    NULL, args_sleep, NULL, kill_steps },
  { "base.kill.running", "kill KILL stops a running container",
    NULL, args_sleep, NULL, kill_running_steps },
  { "base.kill_no_effect", "a refused kill of a stopped container leaves its state unchanged",
    NULL, args_true, NULL, kill_no_effect_steps, .requirements = rq_kill_no_effect },
  { "base.killsig.term", "kill TERM reaches the container process", NULL, args_term, NULL, killsig_term_steps,
    .requirements = rq_killsig_term },
  { "base.killsig.usr1", "kill USR1 reaches the container process", NULL, args_usr1, NULL, killsig_usr1_steps,
    .requirements = rq_killsig_usr1 },
  { "base.killsig.usr2", "kill USR2 reaches the container process", NULL, args_usr2, NULL, killsig_usr2_steps,
    .requirements = rq_killsig_usr2 },
  { "base.delete", "delete: needs an id, removes a stopped container",
    NULL, args_true, NULL, delete_steps },
  { "base.delete.created", "delete refuses a created container and leaves it as it was",
    NULL, args_sleep, NULL, delete_created_steps },
  { "base.delete.running", "delete refuses a running container and leaves it as it was",
    NULL, args_sleep, NULL, delete_running_steps },
  { "base.delete_resources", "delete removes the container's cgroup",
    opts_pids, args_true, NULL, delete_resources_steps, OCI_HOST_ROOT, has_cgroup,
    .requirements = rq_delete_resources },
  { "base.delete_only_create_resources", "delete keeps a cgroup the container joined but did not create",
    NULL, args_true, NULL, delete_only_created_steps, OCI_HOST_ROOT, has_cgroup,
    .requirements = rq_delete_only_create_resources },
  { "base.pidfile", "create --pid-file writes the pid the state reports",
    NULL, args_true, NULL, pidfile_steps, .requirements = rq_pidfile },
  { "base.config_updates_without_affect", "changing config.json after create does not affect the container",
    opts_updates, NULL, inside_updates, config_updates_steps },
  { "base.misc_props.unknown_property", "unknown config properties are ignored",
    NULL, args_true, NULL, runs_steps_unknown, 0, NULL, add_unknown_property },
  { "base.misc_props.unknown_annotation", "unknown annotation keys are ignored",
    opts_annotation, args_true, NULL, runs_steps_annotation },
  { "base.misc_props.invalid_value", "an invalid ociVersion is refused",
    NULL, args_true, NULL, refused_steps_invalid, 0, NULL, set_invalid_version },
  { "base.features", "the runtime's features document matches the features schema",
    NULL, args_true, NULL, features_steps, 0, base_rt_no_features, .requirements = rq_features },
};

const gsize base_n_lifecycle_cases = G_N_ELEMENTS (base_lifecycle_cases);
