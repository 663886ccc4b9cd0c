/* oci-runtime-case.c — runs one runtime case: prepare, drive, check, clean up
 *
 * A case posts its results on a bus of its own (the subject and checker
 * id are the case id), so checks use the checker API unchanged; the
 * results are collected and the verdict is taken from them.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "oci-error.h"
#include "oci-generate.h"
#include "oci-plugin-private.h"
#include "oci-runtime-private.h"
#include "oci-spec.h"
#include "oci-validator.h"

/* ---- results ----------------------------------------------------------- */

/**
 * oci_runtime_case_result_free:
 * @result: (nullable): a case result
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 */
void
oci_runtime_case_result_free (OciRuntimeCaseResult *result)
{
  if (result == NULL)
    return;
  g_free (result->case_id);
  g_free (result->description);
  g_free (result->reason);
  g_ptr_array_unref (result->results);
  g_ptr_array_unref (result->calls);
  g_ptr_array_unref (result->notes);
  g_free (result);
}

OciRuntimeCaseResult *
oci_runtime_case_result_new (const OciRuntimeCase *rcase)
{
  OciRuntimeCaseResult *r = g_new0 (OciRuntimeCaseResult, 1);

  r->case_id = g_strdup (rcase->id);
  r->description = g_strdup (rcase->description);
  r->status = OCI_STATUS_PASS;
  r->results = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
  r->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_runtime_call_free);
  r->notes = g_ptr_array_new_with_free_func (g_free);
  return r;
}

static void
set_str (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static char *
replace_all (const char *text, const char *token, const char *value)
{
  GString *s = g_string_new (text);

  g_string_replace (s, token, value, 0);
  return g_string_free (s, FALSE);
}

/* ---- posting ----------------------------------------------------------- */

static void
on_result (OciResultBus *bus, const OciResult *r, OciRuntimeContext *rc)
{
  g_ptr_array_add (rc->results, oci_result_copy (r));
}

static void
post_error (OciRuntimeContext *rc, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
post_error (OciRuntimeContext *rc, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  oci_check_post (&rc->check, OCI_STATUS_ERROR, NULL, NULL, NULL, NULL, message);
}

/* ---- the TAP of oci-runtimetest --------------------------------------- */

static gboolean
parse_status (const char *text, OciStatus *status)
{
  static const OciStatus all[] = { OCI_STATUS_PASS, OCI_STATUS_FAIL, OCI_STATUS_SKIP, OCI_STATUS_ERROR };

  for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (text, oci_status_to_string (all[i])) == 0)
      {
        *status = all[i];
        return TRUE;
      }
  return FALSE;
}

/* A YAML line "  key: VALUE" as the TAP reporter writes it: VALUE is a
 * JSON string or a number. */
static void
parse_yaml_field (OciResult *r, const char *line)
{
  const char *colon = strstr (line, ": ");
  g_autofree char *key = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *value;

  if (colon == NULL)
    return;
  key = g_strstrip (g_strndup (line, colon - line));
  node = oci_json_load_data (colon + 2, strlen (colon + 2), "yaml", NULL);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return;
  value = json_node_get_string (node);
  if (strcmp (key, "requirement") == 0)
    set_str (&r->requirement_id, value);
  else if (strcmp (key, "level") == 0)
    oci_level_parse (value, &r->level);
  else if (strcmp (key, "status") == 0)
    parse_status (value, &r->status);
  else if (strcmp (key, "message") == 0)
    set_str (&r->message, value);
  else if (strcmp (key, "checker") == 0)
    set_str (&r->checker_id, value);
  else if (strcmp (key, "pointer") == 0)
    set_str (&r->pointer, value);
  else if (strcmp (key, "expected") == 0)
    set_str (&r->expected, value);
  else if (strcmp (key, "actual") == 0)
    set_str (&r->actual, value);
  else if (strcmp (key, "url") == 0)
    set_str (&r->url, value);
}

/**
 * oci_runtime_parse_inside_tap:
 * @text: what oci-runtimetest printed
 * @results: (element-type OciResult): where the results go
 * @problem: (out) (optional): why the output is not complete TAP
 *
 * Returns: %TRUE when @text is complete TAP (a plan matching the tests)
 */
gboolean
oci_runtime_parse_inside_tap (const char *text, GPtrArray *results, char **problem)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  OciResult *current = NULL;
  gboolean in_yaml = FALSE, have_version = FALSE;
  int planned = -1;
  guint tests = 0;

  for (char **l = lines; *l; l++)
    {
      const char *line = *l;
      gboolean ok = g_str_has_prefix (line, "ok ");

      if (g_str_has_prefix (line, "TAP version"))
        have_version = TRUE;
      else if (in_yaml && g_str_has_prefix (line, "  ..."))
        in_yaml = FALSE;
      else if (in_yaml && current)
        parse_yaml_field (current, line);
      else if (current && g_str_has_prefix (line, "  ---"))
        in_yaml = TRUE;
      else if (ok || g_str_has_prefix (line, "not ok "))
        {
          const char *dash = strstr (line, " - ");
          g_auto(GStrv) words = g_strsplit (dash ? dash + 3 : "", " ", 2);
          current = oci_result_new ();
          current->status = ok ? (strstr (line, "# SKIP") ? OCI_STATUS_SKIP : OCI_STATUS_PASS) : OCI_STATUS_FAIL;
          current->level = OCI_LEVEL_MUST;
          if (words[0] && *words[0] && !strchr (words[0], ':'))
            current->requirement_id = g_strdup (words[0]);
          g_ptr_array_add (results, current);
          tests++;
        }
      else if (g_str_has_prefix (line, "1.."))
        planned = (int) g_ascii_strtoll (line + 3, NULL, 10);
      else if (g_str_has_prefix (line, "Bail out!"))
        {
          if (problem)
            *problem = g_strdup_printf ("oci-runtimetest gave up: %s", line);
          return FALSE;
        }
    }
  if (!have_version || planned < 0)
    {
      if (problem)
        *problem = g_strdup (have_version ? "oci-runtimetest stopped before its plan line (it crashed or was killed)"
                                          : "oci-runtimetest printed no TAP");
      return FALSE;
    }
  if ((guint) planned != tests)
    {
      if (problem)
        *problem = g_strdup_printf ("oci-runtimetest planned %d tests but printed %u", planned, tests);
      return FALSE;
    }
  return TRUE;
}

/* ---- preparing the bundle ---------------------------------------------- */

static char *
substitute (OciRuntimeContext *rc, const char *value)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (value == NULL)
    return NULL;
  a = replace_all (value, "@BUNDLE@", rc->bundle);
  b = replace_all (a, "@ROOTFS@", rc->rootfs);
  return replace_all (b, "@ID@", rc->id);
}

/* Applies the case's option strings as `generate` applies a command line. */
static gboolean
apply_options (OciRuntimeContext *rc, OciGenerateContext *gen, GError **error)
{
  const char *const *opts = rc->rcase->options;

  for (guint i = 0; opts && opts[i]; i++)
    {
      const char *arg = opts[i];
      const char *eq;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      const OciOption *option;

      if (!g_str_has_prefix (arg, "--"))
        return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP,
                            "case option \"%s\" does not start with --", arg), FALSE;
      eq = strchr (arg, '=');
      name = eq ? g_strndup (arg + 2, eq - arg - 2) : g_strdup (arg + 2);
      option = oci_registry_lookup_option (rc->shared->registry, name);
      if (option == NULL)
        return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP,
                            "the generate option --%s is unknown (no active plugin provides it)", name), FALSE;
      if (eq)
        value = substitute (rc, eq + 1);
      else if (!(option->flags & OCI_OPTION_FLAG))
        {
          if (opts[i + 1] == NULL)
            return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP,
                                "case option --%s needs a value", name), FALSE;
          value = substitute (rc, opts[++i]);
        }
      /* an isolated plugin's option is applied in a plugin host */
      if (!oci_registry_apply_option (rc->shared->registry, gen, option, value, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
runs_runtimetest (OciConfig *config)
{
  JsonArray *args = oci_config_get_array (config, "/process/args");
  JsonNode *first = args && json_array_get_length (args) ? json_array_get_element (args, 0) : NULL;

  return first && JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING
         && strcmp (json_node_get_string (first), OCI_RUNTIMETEST_PATH) == 0;
}

static void
set_args (OciConfig *config, const char *const *args)
{
  JsonArray *array = json_array_new ();

  if (args == NULL)
    json_array_add_string_element (array, OCI_RUNTIMETEST_PATH);
  for (guint i = 0; args && args[i]; i++)
    json_array_add_string_element (array, args[i]);
  oci_config_set_node (config, "/process/args", json_node_init_array (json_node_alloc (), array));
  json_array_unref (array);
}

static void
add_library_path (OciConfig *config)
{
  JsonArray *env = oci_config_ensure_array (config, "/process/env");

  for (guint i = 0; i < json_array_get_length (env); i++)
    {
      JsonNode *e = json_array_get_element (env, i);
      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
          && g_str_has_prefix (json_node_get_string (e), "LD_LIBRARY_PATH="))
        return;
    }
  json_array_add_string_element (env, "LD_LIBRARY_PATH=" OCI_RUNTIMETEST_LIBS);
}

/* The plugins' defaults; an isolated plugin's run in a plugin host. */
static gboolean
run_defaults (OciRuntimeContext *rc, OciGenerateContext *gen, GError **error)
{
  return oci_registry_apply_defaults (rc->shared->registry, gen, error);
}

/* The config: the plugins' defaults, the harness's basics, the case's
 * options in order, its configure function, then what isolation needs. */
static OciConfig *
build_config (OciRuntimeContext *rc, GError **error)
{
  const OciSuiteShared *sh = rc->shared;
  g_autoptr(OciConfig) config = oci_config_new ();
  g_autoptr(OciGenerateContext) gen = oci_generate_context_new (config, sh->os, sh->arch, sh->release, FALSE);

  if (!run_defaults (rc, gen, error))
    return NULL;
  oci_config_set_string (config, "/ociVersion", sh->release);
  oci_config_set_string (config, "/root/path", "rootfs");
  oci_config_set_boolean (config, "/process/terminal", FALSE);
  if (!oci_config_has (config, "/process/cwd"))
    oci_config_set_string (config, "/process/cwd", "/");
  set_args (config, rc->rcase->args);
  if (!apply_options (rc, gen, error))
    return NULL;
  oci_generate_context_finish (gen);
  if (rc->rcase->configure && !rc->rcase->configure (rc, config, error))
    return NULL;
  if (runs_runtimetest (config))
    add_library_path (config);
  if (g_strcmp0 (sh->os, "linux") == 0 && !oci_config_has (config, "/linux/cgroupsPath"))
    {
      g_autofree char *path = g_strdup_printf ("/%s-%u", sh->cgroup_prefix, rc->index);
      oci_config_set_string (config, "/linux/cgroupsPath", path);
    }
  rc->cgroups_path = g_strdup (oci_config_get_string (config, "/linux/cgroupsPath"));
  oci_config_set_field_order (config, oci_registry_get_field_orders (sh->registry));
  return g_steal_pointer (&config);
}

static gboolean
write_inside_files (OciRuntimeContext *rc, GError **error)
{
  g_autofree char *config_path = oci_runtime_context_rootfs_path (rc, OCI_RUNTIMETEST_CONFIG);
  g_autofree char *inside_path = oci_runtime_context_rootfs_path (rc, OCI_RUNTIMETEST_INSIDE);
  g_autofree char *settings_path = oci_runtime_context_rootfs_path (rc, OCI_RUNTIMETEST_SETTINGS);
  g_autofree char *settings = oci_registry_settings_to_data (rc->shared->registry);
  g_autoptr(GString) globs = g_string_new (NULL);
  const char *const *inside = rc->rcase->inside;

  if (!oci_config_save (rc->config, config_path, NULL, error))
    return FALSE;
  /* the inside checkers read the settings of this run, not defaults */
  if (!g_file_set_contents_full (settings_path, settings, -1, G_FILE_SET_CONTENTS_NONE, 0644, error))
    return FALSE;
  if (inside == NULL && rc->rcase->args == NULL)
    g_string_append (globs, "*\n");
  for (guint i = 0; inside && inside[i]; i++)
    g_string_append_printf (globs, "%s\n", inside[i]);
  return g_file_set_contents_full (inside_path, globs->str, globs->len, G_FILE_SET_CONTENTS_NONE, 0644, error);
}

/* Prepares the bundle. An option the release lacks is no failure: the
 * case does not apply (@skip set, %FALSE returned without error). */
static gboolean
prepare (OciRuntimeContext *rc, char **skip, GError **error)
{
  g_autofree char *config_path = NULL;
  g_autoptr(GError) local = NULL;

  if (g_mkdir_with_parents (rc->bundle, 0755) != 0 || g_mkdir_with_parents (rc->state_root, 0700) != 0)
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, "%s: cannot create the case directory: %s",
                        rc->case_dir, g_strerror (errno)), FALSE;
  if (!oci_rootfs_clone (rc->shared->template_dir, rc->rootfs, error))
    return FALSE;
  rc->config = build_config (rc, &local);
  if (rc->config == NULL && g_error_matches (local, OCI_OPTION_ERROR, OCI_OPTION_ERROR_UNSUPPORTED))
    {
      *skip = g_strdup (local->message);
      return FALSE;
    }
  if (rc->config == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  config_path = g_build_filename (rc->bundle, "config.json", NULL);
  if (!oci_config_save (rc->config, config_path, NULL, error))
    return FALSE;
  if (runs_runtimetest (rc->config) && !write_inside_files (rc, error))
    return FALSE;
  return TRUE;
}

/* ---- steps ------------------------------------------------------------- */

static const OciRuntimeStep default_steps[] = {
  { OCI_RUNTIME_STEP_CREATE },
  { OCI_RUNTIME_STEP_START },
  { OCI_RUNTIME_STEP_INSIDE },
  { OCI_RUNTIME_STEP_DELETE },
  { OCI_RUNTIME_STEP_END },
};

static const OciRuntimeStep default_steps_no_inside[] = {
  { OCI_RUNTIME_STEP_CREATE },
  { OCI_RUNTIME_STEP_START },
  { OCI_RUNTIME_STEP_WAIT, "stopped" },
  { OCI_RUNTIME_STEP_DELETE },
  { OCI_RUNTIME_STEP_END },
};

static const char *const step_names[] = {
  "end", "create", "start", "state", "kill", "delete", "delete --force", "wait", "inside", "check", "sleep",
};

static gboolean
is_fault (const GError *error)
{
  return error && error->domain == OCI_RUNTIME_ERROR
         && (error->code == OCI_RUNTIME_ERROR_SPAWN || error->code == OCI_RUNTIME_ERROR_TIMEOUT
             || error->code == OCI_RUNTIME_ERROR_SIGNALED || error->code == OCI_RUNTIME_ERROR_SETUP
             || error->code == OCI_RUNTIME_ERROR_CAPTURE);
}

static gboolean
cancelled (OciRuntimeContext *rc)
{
  return g_atomic_int_get (rc->shared->cancel) != 0;
}

static const char *
step_id (OciRuntimeContext *rc, const OciRuntimeStep *step, char **owned)
{
  if (step->id == NULL)
    return rc->id;
  if (strcmp (step->id, OCI_RUNTIME_ID_UNKNOWN) == 0)
    return (*owned = g_strconcat (rc->id, "-unknown", NULL));
  return step->id;
}

/* Validates a state document against the state schema of the release:
 * results of the core's "schema" requirement, pointers into the state. */
static void
validate_state (OciRuntimeContext *rc, JsonNode *state)
{
  g_autofree char *uri = oci_spec_schema_uri (rc->shared->release, "state");
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;

  if (!oci_schema_validate (rc->shared->schema, uri, state, &violations, &error))
    {
      post_error (rc, "the state schema could not be used: %s", error->message);
      return;
    }
  for (guint i = 0; i < violations->len; i++)
    {
      OciSchemaViolation *v = violations->pdata[i];
      g_autofree char *actual = NULL;
      JsonNode *at = oci_json_pointer_lookup (state, v->instance_pointer);
      if (at)
        actual = json_to_string (at, FALSE);
      oci_check_post (&rc->check, OCI_STATUS_FAIL, OCI_SCHEMA_CHECKER_ID, v->instance_pointer,
                      "a state document matching the state schema", actual,
                      v->message);
    }
  if (violations->len == 0)
    oci_check_pass (&rc->check, OCI_SCHEMA_CHECKER_ID);
}

static gboolean
do_inside (OciRuntimeContext *rc, GError **error)
{
  g_autofree char *out = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
  gboolean complete;

  if (!oci_runtime_wait_status_pid (rc->runtime, rc->id, "stopped", oci_runtime_context_get_pid (rc),
                                    oci_runtime_get_timeout (rc->runtime), error))
    return FALSE;
  out = oci_runtime_context_read_stdout (rc);
  complete = oci_runtime_parse_inside_tap (out, results, &problem);
  for (guint i = 0; i < results->len; i++)
    {
      OciResult *r = results->pdata[i];
      set_str (&r->subject, rc->rcase->id);
      oci_result_bus_post (rc->bus, r);
    }
  if (!complete)
    {
      g_autofree char *err = oci_runtime_context_read_stderr (rc);
      g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_OUTPUT, "%s; its stderr: %s", problem,
                   *g_strstrip (err) ? err : "(empty)");
      return FALSE;
    }
  return TRUE;
}

static gboolean
do_step (OciRuntimeContext *rc, const OciRuntimeStep *step, GError **error)
{
  g_autofree char *owned = NULL;
  const char *id = step_id (rc, step, &owned);
  OciRuntime *rt = rc->runtime;
  guint timeout = oci_runtime_get_timeout (rt);
  g_autoptr(JsonNode) state = NULL;
  gboolean ok;

  switch (step->kind)
    {
    case OCI_RUNTIME_STEP_CREATE:
      if (id == rc->id)
        rc->created = TRUE;
      ok = oci_runtime_create (rt, id, rc->bundle, rc->pid_file, rc->stdout_path, rc->stderr_path, error);
      if (id == rc->id && ok)
        rc->create_succeeded = TRUE;
      else if (id == rc->id && !rc->create_succeeded && !is_fault (*error))
        rc->create_refused = TRUE;
      return ok;
    case OCI_RUNTIME_STEP_START:
      return oci_runtime_start (rt, id, error);
    case OCI_RUNTIME_STEP_STATE:
      state = oci_runtime_state (rt, id, error);
      if (state == NULL)
        return FALSE;
      validate_state (rc, state);
      g_clear_pointer (&rc->state, json_node_unref);
      rc->state = g_steal_pointer (&state);
      return TRUE;
    case OCI_RUNTIME_STEP_KILL:
      return oci_runtime_kill (rt, id, step->arg, error);
    case OCI_RUNTIME_STEP_DELETE:
    case OCI_RUNTIME_STEP_DELETE_FORCE:
      ok = oci_runtime_delete (rt, id, step->kind == OCI_RUNTIME_STEP_DELETE_FORCE, error);
      if (ok && id == rc->id)
        rc->created = FALSE;
      return ok;
    case OCI_RUNTIME_STEP_WAIT:
      ok = oci_runtime_wait_status_pid (rt, id, step->arg ? step->arg : "stopped", id == rc->id ? oci_runtime_context_get_pid (rc) : 0,
                                        timeout, error);
      if (ok)
        {
          g_clear_pointer (&rc->state, json_node_unref);
          rc->state = oci_runtime_state (rt, id, NULL);
        }
      return ok;
    case OCI_RUNTIME_STEP_INSIDE:
      return do_inside (rc, error);
    case OCI_RUNTIME_STEP_SLEEP:
      g_usleep ((step->arg ? g_ascii_strtoull (step->arg, NULL, 10) : 100) * 1000);
      return TRUE;
    case OCI_RUNTIME_STEP_CHECK:
    case OCI_RUNTIME_STEP_END:
      return TRUE;
    }
  return TRUE;
}

static char *
describe_outcome (OciRuntimeContext *rc, const GError *error)
{
  const OciRuntimeCall *call = oci_runtime_get_last_call (rc->runtime);

  if (error)
    return g_strdup (error->message);
  return call ? oci_runtime_call_describe (call) : g_strdup ("success");
}

/* Judges one step against its expectation; returns FALSE when the
 * remaining steps cannot mean anything. */
static gboolean
judge_step (OciRuntimeContext *rc, const OciRuntimeStep *step, const GError *error)
{
  const char *name = step_names[step->kind];
  gboolean refused = error && error->domain == OCI_RUNTIME_ERROR && error->code == OCI_RUNTIME_ERROR_EXIT;
  g_autofree char *actual = describe_outcome (rc, error);

  rc->last_ok = FALSE;
  if (is_fault (error))
    {
      post_error (rc, "%s%s: %s", cancelled (rc) ? "interrupted: " : "", name, error->message);
      return FALSE;
    }
  switch (step->expect)
    {
    case OCI_RUNTIME_EXPECT_SUCCESS:
      if (error == NULL)
        break;
      if (step->requirement)
        oci_check_fail_values (&rc->check, step->requirement, NULL, "success (exit status 0)", actual,
                               "%s did not succeed", name);
      else
        post_error (rc, "%s failed: %s", name, error->message);
      return FALSE;
    case OCI_RUNTIME_EXPECT_FAILURE:
      if (refused)
        break;
      if (error == NULL && step->requirement)
        oci_check_fail_values (&rc->check, step->requirement, NULL, "an error (non-zero exit status)", actual,
                               "%s succeeded where the runtime must generate an error", name);
      else if (error == NULL)
        oci_runtime_context_note (rc, "%s succeeded where an error was expected", name);
      else
        post_error (rc, "%s: %s", name, error->message);
      return error == NULL;
    case OCI_RUNTIME_EXPECT_ANY:
      break;
    case OCI_RUNTIME_EXPECT_SUPPORTED:
      if (error == NULL)
        break;
      if (refused)
        {
          g_autofree char *err = g_strstrip (g_strdup (rc->runtime ? oci_runtime_get_last_call (rc->runtime)->err : ""));
          rc->unsupported = g_strdup_printf ("the runtime refused the configured value cleanly (%s failed: %s), "
                                             "which the spec allows for a value it does not support",
                                             name, *err ? err : "no message");
          return FALSE;
        }
      post_error (rc, "%s failed: %s", name, error->message);
      return FALSE;
    }
  if (step->requirement)
    oci_check_pass (&rc->check, step->requirement);
  rc->last_ok = TRUE;
  return TRUE;
}

static gboolean
run_check (OciRuntimeContext *rc, OciRuntimeCheckFunc check)
{
  g_autoptr(GError) error = NULL;

  if (check == NULL || check (rc, &rc->check, &error))
    return TRUE;
  post_error (rc, "a check could not run: %s", error ? error->message : "no reason given");
  return FALSE;
}


static void
run_steps (OciRuntimeContext *rc)
{
  const OciRuntimeStep *steps = rc->rcase->steps;

  if (steps == NULL)
    steps = runs_runtimetest (rc->config) ? default_steps : default_steps_no_inside;
  for (const OciRuntimeStep *s = steps; s->kind != OCI_RUNTIME_STEP_END; s++)
    {
      g_autoptr(GError) error = NULL;
      gboolean go_on;

      if (cancelled (rc))
        {
          post_error (rc, "interrupted");
          return;
        }
      if ((guint) s->kind >= G_N_ELEMENTS (step_names))
        {
          post_error (rc, "step %u has an unknown kind %d", (guint) (s - steps), s->kind);
          return;
        }
      do_step (rc, s, &error);
      go_on = judge_step (rc, s, error);
      if (rc->last_ok && !run_check (rc, s->check))
        return;
      if (!go_on)
        return;
    }
  if (!cancelled (rc))
    run_check (rc, rc->rcase->check);
}

/* ---- clean-up ---------------------------------------------------------- */

/* The case oci_runtime_probe_release() creates containers of. */
static const char *const probe_args[] = { "/bin/true", NULL };
static const OciRuntimeCase probe_case = { "probe", "the newest release the runtime accepts", NULL, probe_args };

/* Kills the processes still in a cgroup folder (the container's, left
 * after delete); each is described in @problems. */
static void
kill_cgroup_procs (const char *dir, GPtrArray *problems)
{
  g_autofree char *procs = g_build_filename (dir, "cgroup.procs", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) pids = NULL;

  if (!g_file_get_contents (procs, &text, NULL, NULL))
    return;
  pids = g_strsplit (g_strstrip (text), "\n", -1);
  for (char **p = pids; *p && **p; p++)
    {
      GPid pid = (GPid) g_ascii_strtoll (*p, NULL, 10);
      g_autofree char *what = oci_procs_describe (pid);
      if (problems)
        g_ptr_array_add (problems, g_strdup_printf ("%s was still in cgroup %s (killed)", what, dir));
      if (pid > 0)
        kill (pid, SIGKILL);
    }
}

/* Removes @path's folders below @mount, deepest first, up to the path's
 * first component (never above it). A folder that stays is described in
 * @problems; one already gone is fine. */
static void
rmdir_chain (const char *mount, const char *base, const char *path, GPtrArray *problems)
{
  g_autofree char *full = g_build_filename (mount, base ? base : "", path, NULL);
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint depth = 0;

  for (char **p = parts; *p; p++)
    if (**p)
      depth++;
  kill_cgroup_procs (full, problems);
  for (guint i = 0; i < depth; i++)
    {
      int tries = 0;
      int r;

      /* Killed processes leave their cgroup a moment later. */
      while ((r = rmdir (full)) != 0 && errno == EBUSY && tries++ < 50)
        g_usleep (2000);
      if (r != 0 && errno == ENOTEMPTY && i > 0)
        return; /* a parent shared with other cases: not ours to judge */
      if (r != 0 && errno != ENOENT)
        {
          if (problems)
            g_ptr_array_add (problems, g_strdup_printf ("cgroup %s could not be removed: %s", full,
                                                        g_strerror (errno)));
          return;
        }
      {
        char *slash = strrchr (full, '/');
        if (slash)
          *slash = '\0';
      }
    }
}

/**
 * oci_runtime_remove_cgroup:
 * @shared: the suite
 * @cgroups_path: a linux.cgroupsPath ("/ort-1-2" or relative "ort/x")
 * @problems: (nullable) (element-type utf8): what could not be removed,
 *   and processes that were still in it
 *
 * Removes the cgroup directories a case's container had, in every
 * hierarchy, when the runtime left them behind, killing what is still in
 * them. Relative paths are taken below this process's own cgroup, as the
 * runtimes do.
 */
void
oci_runtime_remove_cgroup (const OciSuiteShared *shared, const char *cgroups_path, GPtrArray *problems)
{
  g_auto(GStrv) mounts = NULL;

  if (cgroups_path == NULL || *cgroups_path == '\0' || strstr (cgroups_path, "..") || strchr (cgroups_path, ':'))
    return;
  mounts = oci_host_cgroup_mounts ();
  for (char **m = mounts; *m; m++)
    rmdir_chain (*m, g_path_is_absolute (cgroups_path) ? NULL : shared->cgroup_self, cgroups_path, problems);
}

/* Every leftover of the calls: processes a call left (already killed when
 * it ended). */
static void
report_call_leftovers (OciRuntimeContext *rc)
{
  GPtrArray *calls = oci_runtime_get_calls (rc->runtime);

  for (guint i = 0; i < calls->len; i++)
    {
      const OciRuntimeCall *call = calls->pdata[i];
      g_autofree char *cmd = NULL;
      g_autofree char *procs = NULL;

      if (call->leftovers == NULL)
        continue;
      cmd = g_strjoinv (" ", call->argv);
      procs = g_strjoinv (", ", call->leftovers);
      post_error (rc, "`%s` left processes running after it ended (killed): %s", cmd, procs);
    }
}

/* After a refused create: what the runtime kept of it is a leftover. */
static void
check_refused_create (OciRuntimeContext *rc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;

  if (!rc->create_refused || cancelled (rc))
    return;
  state = oci_runtime_state (rc->runtime, rc->id, &error);
  if (state)
    post_error (rc, "clean-up: the refused create left container %s known to the runtime (status %s)", rc->id,
                oci_json_object_get_string (json_node_get_object (state), "status"));
}

/* Clean-up verifies what it cleaned: no container known to the runtime,
 * no state folder, no process of the case, no cgroup folder. Every
 * leftover is an error of the case. */
static void
clean_up (OciRuntimeContext *rc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) procs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tag = g_strconcat (rc->id, "/", NULL);
  g_autofree char *state_dir = g_build_filename (rc->state_root, rc->id, NULL);
  gboolean probing = rc->rcase == &probe_case;

  /* Interrupted: the user is waiting; no call of the clean-up may take long. */
  if (cancelled (rc))
    oci_runtime_set_timeout (rc->runtime, MIN (oci_runtime_get_timeout (rc->runtime), CANCEL_TIMEOUT_MS));
  if (!probing)
    check_refused_create (rc);
  if (rc->created)
    {
      g_autoptr(GError) state_error = NULL;
      g_autoptr(JsonNode) left = NULL;

      oci_runtime_cleanup (rc->runtime, rc->id);
      if (!cancelled (rc) && !probing)
        left = oci_runtime_state (rc->runtime, rc->id, &state_error);
      if (left)
        g_ptr_array_add (problems, g_strdup_printf ("container %s is still known to the runtime after delete --force",
                                                    rc->id));
      rc->created = FALSE;
    }
  oci_procs_kill_tagged (tag, TRUE, procs);
  if (procs->len)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (procs, NULL);
      list = g_strjoinv (", ", (char **) procs->pdata);
      g_ptr_array_add (problems, g_strdup_printf ("processes started by the case's runtime calls were still running "
                                                  "after delete --force (killed): %s", list));
    }
  oci_runtime_reap_orphans ();
  oci_runtime_remove_cgroup (rc->shared, rc->cgroups_path, problems);
  if (!probing && g_file_test (state_dir, G_FILE_TEST_EXISTS))
    g_ptr_array_add (problems, g_strdup_printf ("the runtime's state folder %s is still there after delete",
                                                state_dir));
  if (!probing)
    {
      g_autoptr(GPtrArray) mounts = oci_mounts_below (rc->case_dir, rc->shared->mountinfo);

      for (guint i = 0; i < mounts->len; i++)
        g_ptr_array_add (problems, g_strdup_printf ("%s is still mounted (detached)", (char *) mounts->pdata[i]));
      report_call_leftovers (rc);
      for (guint i = 0; i < problems->len; i++)
        post_error (rc, "clean-up: %s", (char *) problems->pdata[i]);
    }
  if (!rc->shared->keep && !oci_rm_rf (rc->case_dir, &error))
    post_error (rc, "clean-up: %s", error->message);
}

/* ---- the case ---------------------------------------------------------- */

static OciRuntimeContext *
context_new (const OciSuiteShared *shared, const OciRuntimeCase *rcase, guint index, const char *case_dir)
{
  OciRuntimeContext *rc = g_new0 (OciRuntimeContext, 1);

  rc->shared = shared;
  rc->rcase = rcase;
  rc->index = index;
  rc->id = g_strdup_printf ("%s-%u", shared->cgroup_prefix, index);
  rc->case_dir = g_strdup (case_dir);
  rc->bundle = g_build_filename (case_dir, "bundle", NULL);
  rc->rootfs = g_build_filename (rc->bundle, "rootfs", NULL);
  rc->state_root = g_build_filename (case_dir, "state", NULL);
  rc->pid_file = g_build_filename (case_dir, "pid", NULL);
  rc->stdout_path = g_build_filename (case_dir, "stdout", NULL);
  rc->stderr_path = g_build_filename (case_dir, "stderr", NULL);
  rc->runtime = oci_runtime_new (shared->runtime_path, rc->state_root);
  oci_runtime_set_timeout (rc->runtime, rcase->timeout ? rcase->timeout * 1000 : shared->timeout_ms);
  oci_runtime_set_tag (rc->runtime, rc->id);
  oci_runtime_set_mount_namespace (rc->runtime, shared->mount_ns_fd);
  oci_runtime_set_global_args (rc->runtime, (const char *const *) shared->runtime_args);
  rc->bus = oci_result_bus_new (shared->compliance);
  oci_result_bus_set_want_passes (rc->bus, TRUE);
  rc->results = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
  rc->notes = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (rc->bus, "result", G_CALLBACK (on_result), rc);
  g_datalist_init (&rc->data);
  oci_check_context_init (&rc->check, shared->registry, rc->bus, NULL, rc->bundle, rcase->id);
  rc->check.os = shared->os;
  rc->check.arch = shared->arch;
  rc->check.release = shared->release;
  rc->check.checker_id = rcase->id;
  rc->check.phase = OCI_PHASE_HOST;
  return rc;
}

static void
context_free (OciRuntimeContext *rc)
{
  oci_check_context_clear (&rc->check);
  g_signal_handlers_disconnect_by_data (rc->bus, rc);
  g_object_unref (rc->bus);
  g_object_unref (rc->runtime);
  g_clear_pointer (&rc->state, json_node_unref);
  g_clear_object (&rc->config);
  g_datalist_clear (&rc->data);
  g_ptr_array_unref (rc->results);
  g_ptr_array_unref (rc->notes);
  g_free (rc->id);
  g_free (rc->case_dir);
  g_free (rc->bundle);
  g_free (rc->rootfs);
  g_free (rc->state_root);
  g_free (rc->pid_file);
  g_free (rc->stdout_path);
  g_free (rc->stderr_path);
  g_free (rc->cgroups_path);
  g_free (rc->unsupported);
  g_free (rc);
}

/* Why the case cannot run here, or NULL. */
static char *
skip_reason (OciRuntimeContext *rc)
{
  const OciSuiteShared *sh = rc->shared;
  /* Containers are run as root: rootless runtimes are not driven (yet). */
  OciHostFeatures missing = (rc->rcase->requires | OCI_HOST_ROOT) & ~sh->host;
  char *reason = NULL;

  if (missing)
    {
      g_autofree char *names = oci_host_features_to_string (missing);
      return g_strdup_printf ("the host lacks: %s", names);
    }
  if (rc->rcase->supported && !rc->rcase->supported (rc, &reason))
    return reason ? reason : g_strdup ("not supported here");
  g_free (reason);
  if (!sh->have_runtimetest && (rc->rcase->args == NULL || rc->rcase->inside))
    return g_strdup ("oci-runtimetest was not found (--runtimetest)");
  return NULL;
}

static void
take_verdict (OciRuntimeContext *rc, OciRuntimeCaseResult *result)
{
  for (guint i = 0; i < rc->results->len; i++)
    {
      OciResult *r = rc->results->pdata[i];
      OciStatus s = OCI_STATUS_PASS;

      if (r->status == OCI_STATUS_ERROR)
        s = OCI_STATUS_ERROR;
      else if (oci_result_bus_is_failing (rc->bus, r))
        s = OCI_STATUS_FAIL;
      if (s == OCI_STATUS_PASS)
        continue;
      if (result->status == OCI_STATUS_PASS || (s == OCI_STATUS_ERROR && result->status == OCI_STATUS_FAIL))
        {
          result->status = s;
          g_free (result->reason);
          result->reason = g_strdup_printf ("%s%s%s", r->requirement_id ? r->requirement_id : "error",
                                            r->message ? ": " : "", r->message ? r->message : "");
        }
    }
}

/* A case whose results are all skips proved nothing either way: it is a
 * skip with the first reason, never an ok. */
static void
take_unproven (OciRuntimeContext *rc, OciRuntimeCaseResult *result)
{
  const OciResult *first_skip = NULL;

  for (guint i = 0; i < rc->results->len; i++)
    {
      const OciResult *r = rc->results->pdata[i];

      if (r->status != OCI_STATUS_SKIP)
        return;
      if (first_skip == NULL)
        first_skip = r;
    }
  if (first_skip == NULL)
    return;
  result->status = OCI_STATUS_SKIP;
  g_free (result->reason);
  result->reason = g_strdup_printf ("nothing proven either way: %s%s%s",
                                    first_skip->requirement_id ? first_skip->requirement_id : "",
                                    first_skip->requirement_id ? ": " : "",
                                    first_skip->message ? first_skip->message : "no reason given");
}

static void
hand_over (OciRuntimeContext *rc, OciRuntimeCaseResult *result)
{
  GPtrArray *calls = oci_runtime_get_calls (rc->runtime);

  g_ptr_array_extend_and_steal (result->results, g_steal_pointer (&rc->results));
  rc->results = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
  for (guint i = 0; i < calls->len; i++)
    g_ptr_array_add (result->calls, oci_runtime_call_copy (calls->pdata[i]));
  for (guint i = 0; i < rc->notes->len; i++)
    g_ptr_array_add (result->notes, g_strdup (rc->notes->pdata[i]));
}

/**
 * oci_runtime_case_run:
 * @shared: the suite
 * @rcase: the case
 * @index: its number in the run (for ids and cgroup paths)
 * @case_dir: a directory of its own (created, removed afterwards unless --keep)
 *
 * Runs one case to the end, clean-up included. Safe to call from several
 * threads at once for different cases.
 *
 * Returns: (transfer full): the outcome
 */
OciRuntimeCaseResult *
oci_runtime_case_run (const OciSuiteShared *shared, const OciRuntimeCase *rcase, guint index,
                      const char *case_dir)
{
  OciRuntimeCaseResult *result = oci_runtime_case_result_new (rcase);
  OciRuntimeContext *rc = context_new (shared, rcase, index, case_dir);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;

  if (shared->runtime_error)
    post_error (rc, "%s", shared->runtime_error->message);
  else if ((skip = skip_reason (rc)) != NULL)
    {
      result->status = OCI_STATUS_SKIP;
      result->reason = g_steal_pointer (&skip);
    }
  else
    {
      if (!prepare (rc, &skip, &error))
        {
          if (skip == NULL)
            post_error (rc, "the case could not be prepared: %s", error->message);
        }
      else
        {
          rc->check.config = rc->config;
          g_free (rc->check.rootfs);
          rc->check.rootfs = g_strdup (rc->rootfs);
          run_steps (rc);
        }
      oci_check_context_flush_passes (&rc->check);
      clean_up (rc);
    }
  if (skip && result->status != OCI_STATUS_SKIP)
    {
      result->status = OCI_STATUS_SKIP;
      result->reason = g_steal_pointer (&skip);
    }
  if (result->status != OCI_STATUS_SKIP)
    take_verdict (rc, result);
  if (result->status == OCI_STATUS_PASS)
    take_unproven (rc, result);
  if (result->status == OCI_STATUS_PASS && rc->unsupported)
    {
      result->status = OCI_STATUS_SKIP;
      result->reason = g_strdup (rc->unsupported);
    }
  /* Every rule the case checks is newer (or older) than the release: it
   * proved nothing, so it must not look like a pass. */
  if (result->status == OCI_STATUS_PASS && rc->results->len == 0)
    {
      result->status = OCI_STATUS_SKIP;
      result->reason = g_strdup_printf ("the case checked nothing: none of its requirements applies to "
                                        "runtime-spec %s, or no inside checker matched its globs",
                                        shared->release);
    }
  hand_over (rc, result);
  result->seconds = (g_get_monotonic_time () - start) / 1e6;
  context_free (rc);
  return result;
}

/**
 * oci_runtime_context_recreate:
 * @rc: a running case whose config a check edited
 *   (oci_runtime_context_get_config())
 * @error: an %OCI_RUNTIME_ERROR on failure
 *
 * Makes the case's container again from its edited config: the config is
 * saved to the bundle (and for oci-runtimetest), the old container is
 * deleted, and `create` runs as the create step does (the case's pid
 * file, stdout and stderr), so that the steps after the check go on with
 * the new container.
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: %TRUE when the runtime created it
 */
gboolean
oci_runtime_context_recreate (OciRuntimeContext *rc, GError **error)
{
  g_autofree char *path = g_build_filename (rc->bundle, "config.json", NULL);
  gboolean ok;

  if (!oci_config_save (rc->config, path, NULL, error)
      || (runs_runtimetest (rc->config) && !write_inside_files (rc, error)))
    return FALSE;
  oci_runtime_delete (rc->runtime, rc->id, TRUE, NULL);
  rc->created = TRUE;
  ok = oci_runtime_create (rc->runtime, rc->id, rc->bundle, rc->pid_file, rc->stdout_path, rc->stderr_path, error);
  if (ok)
    rc->create_succeeded = TRUE;
  return ok;
}

/* ---- which release the runtime accepts --------------------------------- */


/* Rewrites the bundle's config with another ociVersion. */
static gboolean
write_oci_version (OciRuntimeContext *rc, const char *oci_version, GError **error)
{
  g_autofree char *path = g_build_filename (rc->bundle, "config.json", NULL);

  oci_config_set_string (rc->config, "/ociVersion", oci_version);
  return oci_config_save (rc->config, path, NULL, error);
}

/* Creates (and deletes) one container from a default config of @release
 * (with ociVersion @oci_version instead, when not %NULL):
 * TRUE if the runtime accepted it; *fault set when it did not even answer. */
static gboolean
probe_one (const OciSuiteShared *shared, const char *release, const char *oci_version, const char *dir,
           gboolean *fault)
{
  OciSuiteShared copy = *shared;
  OciRuntimeContext *rc;
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;
  gboolean ok;

  copy.release = (char *) release;
  rc = context_new (&copy, &probe_case, 0, dir);
  g_free (rc->id);
  rc->id = g_strdup_printf ("%s-probe", shared->cgroup_prefix);
  oci_runtime_set_tag (rc->runtime, rc->id);
  ok = prepare (rc, &skip, &error)
       && (oci_version == NULL || write_oci_version (rc, oci_version, &error))
       && oci_runtime_create (rc->runtime, rc->id, rc->bundle, rc->pid_file, rc->stdout_path, rc->stderr_path, &error);
  *fault = is_fault (error);
  if (ok || (error && error->domain == OCI_RUNTIME_ERROR))
    rc->created = TRUE;
  if (!*fault)
    clean_up (rc);
  else
    oci_rm_rf (rc->case_dir, NULL);
  context_free (rc);
  return ok;
}

/**
 * oci_runtime_probe_release:
 * @shared: the suite (its release is not used)
 * @dir: a directory for the probe bundles
 * @lax: (out): set when the runtime accepts a config whose ociVersion is
 *   "invalid": then it proves nothing by accepting, and %NULL is returned
 *
 * For a runtime that does not say which releases it supports (no
 * `features`, no spec version in `--version`): the newest known release
 * whose default config it accepts.
 *
 * Returns: (transfer full) (nullable): the release, %NULL if it accepted none
 *   or did not answer
 */
char *
oci_runtime_probe_release (const OciSuiteShared *shared, const char *dir, gboolean *lax)
{
  const char *const *releases = oci_spec_get_releases ();
  guint n = g_strv_length ((char **) releases);
  g_autofree char *invalid_dir = g_build_filename (dir, "invalid", NULL);
  gboolean fault = FALSE;

  *lax = probe_one (shared, releases[n - 1], "invalid", invalid_dir, &fault);
  if (*lax || fault)
    return NULL;
  for (guint i = n; i > 0; i--)
    {
      g_autofree char *sub = g_strdup_printf ("%s/%s", dir, releases[i - 1]);

      if (probe_one (shared, releases[i - 1], NULL, sub, &fault))
        return g_strdup (releases[i - 1]);
      if (fault)
        return NULL;
    }
  return NULL;
}
