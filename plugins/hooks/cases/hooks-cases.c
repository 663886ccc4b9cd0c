/* hooks-cases.c — lifecycle hooks run by a real runtime: when, in which
 * order, with the state on stdin, and what a failing hook does
 *
 * Every hook of a case runs one script written into the bundle: it logs
 * its name to /ort-hooks.log of the root filesystem (the container
 * program logs "program" there too), keeps what it read on stdin, and
 * exits with the status it is given. startContainer hooks run in the
 * container, where the bundle is not visible: they are a shell line.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <glib/gstdio.h>

#include "hooks-runtime.h"

#define S OCI_RUNTIME_EXPECT_SUCCESS
#define F OCI_RUNTIME_EXPECT_FAILURE
#define A OCI_RUNTIME_EXPECT_ANY

#define LOG "/ort-hooks.log"

static const OciRequirement hooks_runtime_requirements[] = {
  { "hooks.runtime.prestart", OCI_LEVEL_MUST, "config.md", "configHooksPrestart", "1.0.0", NULL,
    "prestart hooks MUST be called before the user-specified program runs" },
  { "hooks.runtime.prestart.before-create-runtime", OCI_LEVEL_MUST, "config.md", "configHooksPrestart", "1.1.0",
    NULL, "prestart hooks MUST be called before the createRuntime hooks" },
  { "hooks.runtime.create-runtime", OCI_LEVEL_MUST, "config.md", "configHooksCreateRuntime", "1.0.2", NULL,
    "createRuntime hooks MUST be called as part of create" },
  { "hooks.runtime.create-container", OCI_LEVEL_MUST, "config.md", "configHooksCreateContainer", "1.0.2", NULL,
    "createContainer hooks MUST be called as part of create, after the createRuntime hooks" },
  { "hooks.runtime.start-container", OCI_LEVEL_MUST, "config.md", "configHooksStartContainer", "1.0.2", NULL,
    "startContainer hooks MUST be called as part of start, before the user-specified program, in the container" },
  { "hooks.runtime.poststart", OCI_LEVEL_MUST, "config.md", "configHooksPoststart", "1.0.0", NULL,
    "poststart hooks MUST be called after the user-specified process is executed, before start returns" },
  { "hooks.runtime.poststop", OCI_LEVEL_MUST, "config.md", "configHooksPoststop", "1.0.0", NULL,
    "poststop hooks MUST be called after the container is deleted, before delete returns" },
  { "hooks.runtime.listed-order", OCI_LEVEL_MUST, "config.md", "configHooks", "1.0.0", NULL,
    "hooks MUST be called in the listed order" },
  { "hooks.runtime.stdin", OCI_LEVEL_MUST, "config.md", "configHooks", "1.0.0", NULL,
    "the state of the container MUST be passed to hooks over stdin" },
  { "hooks.runtime.prestart.fail", OCI_LEVEL_MUST, "runtime.md", "runtimeLifecycle", "1.0.0", NULL,
    "if a prestart hook fails the runtime MUST generate an error and stop the container" },
  { "hooks.runtime.create-runtime.fail", OCI_LEVEL_MUST, "runtime.md", "runtimeLifecycle", "1.0.2", NULL,
    "if a createRuntime hook fails the runtime MUST generate an error and stop the container" },
  { "hooks.runtime.create-container.fail", OCI_LEVEL_MUST, "runtime.md", "runtimeLifecycle", "1.0.2", NULL,
    "if a createContainer hook fails the runtime MUST generate an error and stop the container" },
  { "hooks.runtime.start-container.fail", OCI_LEVEL_MUST, "runtime.md", "runtimeLifecycle", "1.0.2", NULL,
    "if a startContainer hook fails the runtime MUST generate an error and stop the container" },
  { "hooks.runtime.poststart.fail-warns", OCI_LEVEL_MUST, "runtime.md", "runtimeLifecycle", "1.0.0", "1.3.0",
    "if a poststart hook fails the runtime MUST log a warning and continue as if it had succeeded" },
  { "hooks.runtime.poststart.fail-errors", OCI_LEVEL_MUST, "runtime.md", "runtimeLifecycle", "1.3.0", NULL,
    "if a poststart hook fails the runtime MUST generate an error and stop the container" },
  { "hooks.runtime.poststop.fail-warns", OCI_LEVEL_MUST, "runtime.md", "runtimeLifecycle", "1.0.0", NULL,
    "if a poststop hook fails the runtime MUST log a warning, and the remaining hooks and lifecycle continue" },
};

/* ---- the hook script and its log --------------------------------------- */

static gboolean
write_hook_script (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *path = oci_runtime_context_bundle_path (rc, "ort-hook");
  g_autofree char *script = g_strdup_printf (
    "#!/bin/sh\n"
    "# ort-hook NAME [STATUS]: logs NAME, keeps the state read on stdin, exits STATUS\n"
    "cat > '%s/stdin-'\"$1\"'.json'\n"
    "echo \"$1\" >> '%s" LOG "' 2>/dev/null || echo \"$1\" >> " LOG "\n"
    "exit \"${2:-0}\"\n",
    oci_runtime_context_get_bundle (rc), oci_runtime_context_get_rootfs (rc));

  if (!g_file_set_contents_full (path, script, -1, G_FILE_SET_CONTENTS_NONE, 0755, error))
    return FALSE;
  return TRUE;
}

#define HOOK(kind, name, status) \
  "--hooks-" kind "-add={\"path\": \"@BUNDLE@/ort-hook\", \"args\": [\"ort-hook\", \"" name "\", \"" status "\"]}"
#define START_HOOK(name, status) \
  "--hooks-startContainer-add={\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"echo " name " >> " LOG "; exit " status "\"]}"

static const char *const args_program[] = { "/bin/sh", "-c", "echo program >> " LOG, NULL };
static const char *const args_sleep[] = { "/bin/sh", "-c", "echo program >> " LOG "; exec sleep 30", NULL };

/* The log as lines; missing: none. */
static GStrv
read_log (OciRuntimeContext *rc)
{
  g_autofree char *path = oci_runtime_context_rootfs_path (rc, LOG);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_new0 (char *, 1);
  g_strstrip (text);
  return *text ? g_strsplit (text, "\n", -1) : g_new0 (char *, 1);
}

static int
position (char **lines, const char *name)
{
  for (int i = 0; lines[i]; i++)
    if (strcmp (lines[i], name) == 0)
      return i;
  return -1;
}

static gboolean
configured (OciRuntimeContext *rc, const char *kind)
{
  g_autofree char *pointer = g_strconcat ("/hooks/", kind, NULL);
  JsonArray *hooks = oci_config_get_array (oci_runtime_context_get_config (rc), pointer);

  return hooks && json_array_get_length (hooks) > 0;
}

/* Posts the requirement: @name is in the log (before @before, when given). */
static void
expect_logged (OciRuntimeContext *rc, OciCheckContext *ctx, const char *requirement, const char *name,
               const char *before)
{
  g_auto(GStrv) lines = read_log (rc);
  g_autofree char *actual = g_strjoinv (", ", lines);
  int at = position (lines, name), other = before ? position (lines, before) : -1;
  g_autofree char *expected = before ? g_strdup_printf ("%s before %s", name, before) : g_strdup (name);

  if (at >= 0 && (other < 0 || at < other))
    oci_check_pass (ctx, requirement);
  else
    oci_check_fail_values (ctx, requirement, NULL, expected, *actual ? actual : "(nothing logged)",
                           at < 0 ? "the %s hook was not called" : "the %s hook was called too late", name);
}

/* Posts the requirement: @name is not (yet) in the log. */
static void
expect_not_logged (OciRuntimeContext *rc, OciCheckContext *ctx, const char *requirement, const char *name)
{
  g_auto(GStrv) lines = read_log (rc);
  g_autofree char *actual = g_strjoinv (", ", lines);

  if (position (lines, name) < 0)
    oci_check_pass (ctx, requirement);
  else
    oci_check_fail_values (ctx, requirement, NULL, "no poststart hook before start", actual,
                           "the %s hook was called during create, before any process could be executed", name);
}

/* ---- checks at each point of the lifecycle ----------------------------- */

static gboolean
after_create (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  if (configured (rc, "createRuntime"))
    expect_logged (rc, ctx, "hooks.runtime.create-runtime", "createRuntime", NULL);
  if (configured (rc, "createContainer"))
    expect_logged (rc, ctx, "hooks.runtime.create-container", "createContainer", NULL);
  if (configured (rc, "createRuntime") && configured (rc, "createContainer"))
    expect_logged (rc, ctx, "hooks.runtime.create-container", "createRuntime", "createContainer");
  if (configured (rc, "prestart") && configured (rc, "createRuntime"))
    expect_logged (rc, ctx, "hooks.runtime.prestart.before-create-runtime", "prestart", "createRuntime");
  if (configured (rc, "poststart"))
    expect_not_logged (rc, ctx, "hooks.runtime.poststart", "poststart");
  return TRUE;
}

static gboolean
after_start (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  if (configured (rc, "poststart"))
    expect_logged (rc, ctx, "hooks.runtime.poststart", "poststart", NULL);
  return TRUE;
}

static gboolean
after_stop (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  if (configured (rc, "prestart"))
    expect_logged (rc, ctx, "hooks.runtime.prestart", "prestart", "program");
  if (configured (rc, "startContainer"))
    expect_logged (rc, ctx, "hooks.runtime.start-container", "startContainer", "program");
  return TRUE;
}

static gboolean
after_delete (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  if (configured (rc, "poststop"))
    expect_logged (rc, ctx, "hooks.runtime.poststop", "poststop", NULL);
  if (configured (rc, "createRuntime"))
    expect_logged (rc, ctx, "hooks.runtime.listed-order", "createRuntime", "createRuntime-2");
  return TRUE;
}

static const OciRuntimeStep lifecycle_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, NULL, NULL, after_create },
  { OCI_RUNTIME_STEP_START, NULL, S, NULL, NULL, after_start },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S, NULL, NULL, after_stop },
  { OCI_RUNTIME_STEP_DELETE, NULL, S, NULL, NULL, after_delete },
  { OCI_RUNTIME_STEP_END },
};

static const char *const opts_prestart[] = { HOOK ("prestart", "prestart", "0"), NULL };
static const char *const opts_create_runtime[] = { HOOK ("createRuntime", "createRuntime", "0"), NULL };
static const char *const opts_create_container[] = { HOOK ("createContainer", "createContainer", "0"), NULL };
static const char *const opts_start_container[] = { START_HOOK ("startContainer", "0"), NULL };
static const char *const opts_poststart[] = { HOOK ("poststart", "poststart", "0"), NULL };
static const char *const opts_poststop[] = { HOOK ("poststop", "poststop", "0"), NULL };
static const char *const opts_all[] = {
  HOOK ("prestart", "prestart", "0"),
  HOOK ("createRuntime", "createRuntime", "0"),
  HOOK ("createRuntime", "createRuntime-2", "0"),
  HOOK ("createContainer", "createContainer", "0"),
  START_HOOK ("startContainer", "0"),
  HOOK ("poststart", "poststart", "0"),
  HOOK ("poststop", "poststop", "0"),
  NULL,
};

/* ---- the state on stdin ------------------------------------------------ */

static gboolean
check_stdin (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  static const char *const kinds[] = { "prestart", "createRuntime", "poststart", "poststop" };

  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *name = g_strdup_printf ("stdin-%s.json", kinds[k]);
      g_autofree char *path = oci_runtime_context_bundle_path (rc, name);
      g_autoptr(GError) local = NULL;
      g_autoptr(JsonNode) state = NULL;
      JsonObject *o;
      const char *id, *bundle;

      if (!configured (rc, kinds[k]) || !g_file_test (path, G_FILE_TEST_EXISTS))
        continue; /* not called: the other cases report it */
      state = oci_json_load_file (path, &local);
      if (state == NULL || !JSON_NODE_HOLDS_OBJECT (state))
        {
          oci_check_fail_values (ctx, "hooks.runtime.stdin", NULL, "the state as JSON",
                                 local ? local->message : "not an object", "the %s hook read no state", kinds[k]);
          continue;
        }
      o = json_node_get_object (state);
      id = oci_json_object_get_string (o, "id");
      bundle = oci_json_object_get_string (o, "bundle");
      if (g_strcmp0 (id, oci_runtime_context_get_id (rc)) != 0)
        oci_check_fail_values (ctx, "hooks.runtime.stdin", "/id", oci_runtime_context_get_id (rc), id,
                               "the %s hook's state names another container", kinds[k]);
      else if (g_strcmp0 (bundle, oci_runtime_context_get_bundle (rc)) != 0)
        oci_check_fail_values (ctx, "hooks.runtime.stdin", "/bundle", oci_runtime_context_get_bundle (rc), bundle,
                               "the %s hook's state has another bundle", kinds[k]);
      else
        oci_check_pass (ctx, "hooks.runtime.stdin");
    }
  return TRUE;
}

static const OciRuntimeStep stdin_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S, NULL, NULL, check_stdin },
  { OCI_RUNTIME_STEP_END },
};
static const char *const opts_stdin[] = {
  HOOK ("prestart", "prestart", "0"), HOOK ("createRuntime", "createRuntime", "0"),
  HOOK ("poststart", "poststart", "0"), HOOK ("poststop", "poststop", "0"), NULL,
};

/* ---- failing hooks ----------------------------------------------------- */

/* A failed create/start hook: one of create or start generated an error
 * (prestart ran at start before 1.1.0, at create since), the program never
 * ran, and the container is stopped or gone. */
static gboolean
keep_outcome (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const OciRuntimeCall *call = oci_runtime_context_get_last_call (rc);

  if (call && call->exit_status != 0)
    oci_runtime_context_set_data (rc, "refused", GINT_TO_POINTER (1), NULL);
  return TRUE;
}

static const char *
failed_requirement (OciRuntimeContext *rc)
{
  const char *id = oci_runtime_context_get_case (rc)->id;

  if (strstr (id, "create_runtime"))
    return "hooks.runtime.create-runtime.fail";
  if (strstr (id, "create_container"))
    return "hooks.runtime.create-container.fail";
  if (strstr (id, "start_container"))
    return "hooks.runtime.start-container.fail";
  return "hooks.runtime.prestart.fail";
}

static gboolean
check_stopped_by_failure (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const char *requirement = failed_requirement (rc);
  OciRuntime *rt = oci_runtime_context_get_runtime (rc);
  g_autoptr(JsonNode) state = NULL;
  g_auto(GStrv) lines = NULL;
  const char *status;

  /* If start went through, give the program its chance to show it ran. */
  oci_runtime_wait_status (rt, oci_runtime_context_get_id (rc), "stopped", 2000, NULL);
  state = oci_runtime_state (rt, oci_runtime_context_get_id (rc), NULL);
  status = state ? oci_json_object_get_string (json_node_get_object (state), "status") : NULL;
  lines = read_log (rc);
  oci_check_expect (ctx, oci_runtime_context_get_data (rc, "refused") != NULL, requirement, NULL,
                    "neither create nor start generated an error");
  oci_check_expect (ctx, position (lines, "program") < 0, requirement, "/process/args",
                    "the user-specified program ran although a hook failed");
  oci_check_expect (ctx, status == NULL || strcmp (status, "stopped") == 0, requirement, NULL,
                    "the container is %s after the failed hook, not stopped", status);
  return TRUE;
}

static const OciRuntimeStep failed_hook_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, keep_outcome },
  { OCI_RUNTIME_STEP_START, NULL, A, NULL, NULL, keep_outcome },
  { OCI_RUNTIME_STEP_CHECK, NULL, S, NULL, NULL, check_stopped_by_failure },
  { OCI_RUNTIME_STEP_END },
};
static const char *const opts_prestart_fail[] = { HOOK ("prestart", "prestart", "1"), NULL };
static const char *const opts_create_runtime_fail[] = { HOOK ("createRuntime", "createRuntime", "1"), NULL };
static const char *const opts_create_container_fail[] = { HOOK ("createContainer", "createContainer", "1"), NULL };
static const char *const opts_start_container_fail[] = { START_HOOK ("startContainer", "1"), NULL };

/* poststart: until 1.3.0 a warning and the lifecycle goes on; from 1.3.0
 * an error and the container stops. Both are checked: the core keeps the
 * one of the config's release. */
static gboolean
check_poststart_failed (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const OciRuntimeCall *start = oci_runtime_context_get_last_call (rc);
  gboolean refused = start && start->exit_status != 0;

  /* A runtime that runs poststart hooks at create fails there. */
  if (oci_runtime_context_get_data (rc, "refused"))
    {
      oci_check_fail_values (ctx, "hooks.runtime.poststart", NULL, "create succeeds, the hook runs after start",
                             "create failed", "the failing poststart hook made create fail");
      return TRUE;
    }
  OciRuntime *rt = oci_runtime_context_get_runtime (rc);
  g_autoptr(JsonNode) state = oci_runtime_state (rt, oci_runtime_context_get_id (rc), NULL);
  const char *status = state ? oci_json_object_get_string (json_node_get_object (state), "status") : NULL;
  g_autofree char *actual = g_strdup_printf ("start %s, container %s", refused ? "failed" : "succeeded",
                                             status ? status : "gone");

  if (!refused && g_strcmp0 (status, "running") == 0)
    oci_check_pass (ctx, "hooks.runtime.poststart.fail-warns");
  else
    oci_check_fail_values (ctx, "hooks.runtime.poststart.fail-warns", NULL, "start succeeded, container running",
                           actual, "the failed poststart hook changed the lifecycle");
  if (refused && (status == NULL || strcmp (status, "stopped") == 0))
    oci_check_pass (ctx, "hooks.runtime.poststart.fail-errors");
  else
    oci_check_fail_values (ctx, "hooks.runtime.poststart.fail-errors", NULL, "start failed, container stopped",
                           actual, "the failed poststart hook did not stop the container");
  return TRUE;
}

static const OciRuntimeStep poststart_fail_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, keep_outcome },
  { OCI_RUNTIME_STEP_START, NULL, A, NULL, NULL, check_poststart_failed },
  { OCI_RUNTIME_STEP_END },
};
static const char *const opts_poststart_fail[] = { HOOK ("poststart", "poststart", "1"), NULL };

static gboolean
check_poststop_went_on (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  expect_logged (rc, ctx, "hooks.runtime.poststop.fail-warns", "poststop-2", NULL);
  return TRUE;
}

static const OciRuntimeStep poststop_fail_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S, "hooks.runtime.poststop.fail-warns", NULL, check_poststop_went_on },
  { OCI_RUNTIME_STEP_END },
};
static const char *const opts_poststop_fail[] = {
  HOOK ("poststop", "poststop", "1"), HOOK ("poststop", "poststop-2", "0"), NULL,
};

/* ---- the table --------------------------------------------------------- */

#define HOOK_CASE(id, what, opts, args, steps, rows) \
  { id, what, opts, args, NULL, steps, 0, NULL, write_hook_script, .requirements = rows }

/* The requirement rows each case tests. */
#define ROWS(name, ...) static const char *const name[] = { __VA_ARGS__, NULL }
ROWS (rows_prestart, "hooks.runtime.prestart");
ROWS (rows_create_runtime, "hooks.runtime.create-runtime");
ROWS (rows_create_container, "hooks.runtime.create-container");
ROWS (rows_start_container, "hooks.runtime.start-container");
ROWS (rows_poststart, "hooks.runtime.poststart");
ROWS (rows_poststop, "hooks.runtime.poststop");
ROWS (rows_all, "hooks.runtime.prestart", "hooks.runtime.prestart.before-create-runtime",
      "hooks.runtime.create-runtime", "hooks.runtime.create-container", "hooks.runtime.start-container",
      "hooks.runtime.poststart", "hooks.runtime.poststop", "hooks.runtime.listed-order");
ROWS (rows_stdin, "hooks.runtime.stdin");
ROWS (rows_prestart_fail, "hooks.runtime.prestart.fail");
ROWS (rows_create_runtime_fail, "hooks.runtime.create-runtime.fail");
ROWS (rows_create_container_fail, "hooks.runtime.create-container.fail");
ROWS (rows_start_container_fail, "hooks.runtime.start-container.fail");
ROWS (rows_poststart_fail, "hooks.runtime.poststart", "hooks.runtime.poststart.fail-warns",
      "hooks.runtime.poststart.fail-errors");
ROWS (rows_poststop_fail, "hooks.runtime.poststop.fail-warns");
#undef ROWS

static const OciRuntimeCase hooks_cases[] = {
  HOOK_CASE ("hooks.prestart", "prestart hooks run before the program", opts_prestart, args_program,
             lifecycle_steps, rows_prestart),
  HOOK_CASE ("hooks.create_runtime", "createRuntime hooks run during create", opts_create_runtime, args_program,
             lifecycle_steps, rows_create_runtime),
  HOOK_CASE ("hooks.create_container", "createContainer hooks run during create", opts_create_container,
             args_program, lifecycle_steps, rows_create_container),
  HOOK_CASE ("hooks.start_container", "startContainer hooks run in the container before the program",
             opts_start_container, args_program, lifecycle_steps, rows_start_container),
  HOOK_CASE ("hooks.poststart", "poststart hooks run after the program is executed, before start returns",
             opts_poststart, args_program, lifecycle_steps, rows_poststart),
  HOOK_CASE ("hooks.poststop", "poststop hooks run before delete returns", opts_poststop, args_program,
             lifecycle_steps, rows_poststop),
  HOOK_CASE ("hooks.hooks", "every kind of hook, in the lifecycle's order and the listed order", opts_all,
             args_program, lifecycle_steps, rows_all),
  HOOK_CASE ("hooks.hooks_stdin", "hooks read the container's state on stdin", opts_stdin, args_program,
             stdin_steps, rows_stdin),
  HOOK_CASE ("hooks.prestart_fail", "a failing prestart hook is an error and stops the container",
             opts_prestart_fail, args_program, failed_hook_steps, rows_prestart_fail),
  HOOK_CASE ("hooks.create_runtime_fail", "a failing createRuntime hook is an error and stops the container",
             opts_create_runtime_fail, args_program, failed_hook_steps, rows_create_runtime_fail),
  HOOK_CASE ("hooks.create_container_fail", "a failing createContainer hook is an error and stops the container",
             opts_create_container_fail, args_program, failed_hook_steps, rows_create_container_fail),
  HOOK_CASE ("hooks.start_container_fail", "a failing startContainer hook is an error and stops the container",
             opts_start_container_fail, args_program, failed_hook_steps, rows_start_container_fail),
  HOOK_CASE ("hooks.poststart_fail", "a failing poststart hook: a warning (before 1.3.0) or an error",
             opts_poststart_fail, args_sleep, poststart_fail_steps, rows_poststart_fail),
  HOOK_CASE ("hooks.poststop_fail", "a failing poststop hook is a warning; the other hooks still run",
             opts_poststop_fail, args_program, poststop_fail_steps, rows_poststop_fail),
};

void
hooks_register_runtime (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, hooks_runtime_requirements, G_N_ELEMENTS (hooks_runtime_requirements));
  oci_plugin_add_runtime_cases (plugin, hooks_cases, G_N_ELEMENTS (hooks_cases));
  hooks_register_ns (plugin);
}
