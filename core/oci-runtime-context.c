/* oci-runtime-context.c — what a runtime case's checks can see of it
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include "oci-runtime-private.h"
#include "oci-semver.h"
#include "oci-spec.h"

/* ---- context accessors ------------------------------------------------- */

/**
 * oci_runtime_context_get_case:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (transfer none): the case's table row
 */
const OciRuntimeCase *
oci_runtime_context_get_case (OciRuntimeContext *rc)
{
  return rc->rcase;
}

/**
 * oci_runtime_context_get_runtime:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (transfer none): the driver, with the case's state root;
 *   checks may make calls of their own (they are recorded)
 */
OciRuntime *
oci_runtime_context_get_runtime (OciRuntimeContext *rc)
{
  return rc->runtime;
}

/**
 * oci_runtime_context_get_id:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: the container id, unique to the case and the run
 */
const char *
oci_runtime_context_get_id (OciRuntimeContext *rc)
{
  return rc->id;
}

/**
 * oci_runtime_context_get_bundle:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: the bundle directory (absolute host path)
 */
const char *
oci_runtime_context_get_bundle (OciRuntimeContext *rc)
{
  return rc->bundle;
}

/**
 * oci_runtime_context_get_rootfs:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: the root filesystem (absolute host path)
 */
const char *
oci_runtime_context_get_rootfs (OciRuntimeContext *rc)
{
  return rc->rootfs;
}

/**
 * oci_runtime_context_get_pid_file:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: the file given to `create --pid-file`
 */
const char *
oci_runtime_context_get_pid_file (OciRuntimeContext *rc)
{
  return rc->pid_file;
}

/**
 * oci_runtime_context_get_cgroups_path:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (nullable): linux.cgroupsPath of the config
 */
const char *
oci_runtime_context_get_cgroups_path (OciRuntimeContext *rc)
{
  return rc->cgroups_path;
}

/**
 * oci_runtime_context_get_config:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (transfer none) (nullable): the config written to the bundle
 */
OciConfig *
oci_runtime_context_get_config (OciRuntimeContext *rc)
{
  return rc->config;
}

/**
 * oci_runtime_context_get_state:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (transfer none) (nullable): the last state a STATE or WAIT step
 *   obtained
 */
JsonObject *
oci_runtime_context_get_state (OciRuntimeContext *rc)
{
  return rc->state ? json_node_get_object (rc->state) : NULL;
}

/**
 * oci_runtime_context_get_status:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (nullable): the status of the last state
 */
const char *
oci_runtime_context_get_status (OciRuntimeContext *rc)
{
  JsonObject *state = oci_runtime_context_get_state (rc);

  return state ? oci_json_object_get_string (state, "status") : NULL;
}

/**
 * oci_runtime_context_get_pid:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: the container process id from the last state, else from the
 *   pid file; 0 if neither has one
 */
gint64
oci_runtime_context_get_pid (OciRuntimeContext *rc)
{
  JsonObject *state = oci_runtime_context_get_state (rc);
  g_autofree char *text = NULL;
  gint64 pid = 0;

  if (state && oci_json_object_get_int (state, "pid", &pid) && pid > 0)
    return pid;
  if (g_file_get_contents (rc->pid_file, &text, NULL, NULL))
    pid = g_ascii_strtoll (text, NULL, 10);
  return pid > 0 ? pid : 0;
}

/**
 * oci_runtime_context_get_last_call:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (transfer none) (nullable): the last runtime call
 */
const OciRuntimeCall *
oci_runtime_context_get_last_call (OciRuntimeContext *rc)
{
  return oci_runtime_get_last_call (rc->runtime);
}

/**
 * oci_runtime_context_last_step_ok:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: %TRUE if the last step's expectation held
 */
gboolean
oci_runtime_context_last_step_ok (OciRuntimeContext *rc)
{
  return rc->last_ok;
}

/**
 * oci_runtime_context_get_features:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (transfer none) (nullable): the runtime's `features` document,
 *   %NULL when the runtime has no features command
 */
JsonObject *
oci_runtime_context_get_features (OciRuntimeContext *rc)
{
  return rc->shared->features ? json_node_get_object (rc->shared->features) : NULL;
}

/**
 * oci_runtime_context_features_list_has:
 * @rc: a running case
 * @pointer: a JSON pointer to an array of strings in the features
 *   document ("/linux/namespaces")
 * @value: the string ("time")
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: %TRUE if the runtime reports features and the list holds
 *   @value; %TRUE as well when the runtime reports no features at all
 *   (nothing says it lacks it)
 */
gboolean
oci_runtime_context_features_list_has (OciRuntimeContext *rc, const char *pointer, const char *value)
{
  JsonNode *node;
  JsonArray *array;

  if (rc->shared->features == NULL)
    return TRUE;
  node = oci_json_pointer_lookup (rc->shared->features, pointer);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
          && g_strcmp0 (json_node_get_string (e), value) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * oci_runtime_context_get_host:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: the host's features
 */
OciHostFeatures
oci_runtime_context_get_host (OciRuntimeContext *rc)
{
  return rc->shared->host;
}

/**
 * oci_runtime_context_get_release:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: the spec release of the case's config
 */
const char *
oci_runtime_context_get_release (OciRuntimeContext *rc)
{
  return rc->shared->release;
}

/**
 * oci_runtime_context_get_timeout_ms:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: the timeout of one call or wait, in milliseconds
 */
guint
oci_runtime_context_get_timeout_ms (OciRuntimeContext *rc)
{
  return oci_runtime_get_timeout (rc->runtime);
}

static char *
read_text (const char *path)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, NULL))
    return g_strdup ("");
  return g_utf8_make_valid (text, len);
}

/**
 * oci_runtime_context_read_stdout:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (transfer full): what the container process (and `create`)
 *   wrote on stdout so far
 */
char *
oci_runtime_context_read_stdout (OciRuntimeContext *rc)
{
  return read_text (rc->stdout_path);
}

/**
 * oci_runtime_context_read_stderr:
 * @rc: a running case
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (transfer full): what the container process (and `create`)
 *   wrote on stderr so far
 */
char *
oci_runtime_context_read_stderr (OciRuntimeContext *rc)
{
  return read_text (rc->stderr_path);
}

/**
 * oci_runtime_context_bundle_path:
 * @rc: a running case
 * @name: a relative path
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (transfer full): @name in the bundle directory
 */
char *
oci_runtime_context_bundle_path (OciRuntimeContext *rc, const char *name)
{
  return g_build_filename (rc->bundle, name, NULL);
}

/**
 * oci_runtime_context_rootfs_path:
 * @rc: a running case
 * @name: a path inside the container ("/output")
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (transfer full): the host path of @name in the root filesystem
 */
char *
oci_runtime_context_rootfs_path (OciRuntimeContext *rc, const char *name)
{
  return g_build_filename (rc->rootfs, name, NULL);
}

/**
 * oci_runtime_context_get_data:
 * @rc: a running case
 * @key: a name
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (transfer none) (nullable): what a step's check kept for a later one
 */
gpointer
oci_runtime_context_get_data (OciRuntimeContext *rc, const char *key)
{
  return g_datalist_get_data (&rc->data, key);
}

/**
 * oci_runtime_context_set_data:
 * @rc: a running case
 * @key: a name
 * @data: (nullable): a value
 * @destroy: (nullable): frees @data when replaced or when the case ends
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 */
void
oci_runtime_context_set_data (OciRuntimeContext *rc, const char *key, gpointer data, GDestroyNotify destroy)
{
  g_datalist_set_data_full (&rc->data, key, data, destroy);
}

/**
 * oci_runtime_context_note:
 * @rc: a running case
 * @format: printf-style text
 * @...: arguments
 *
 * Adds a line to the case's diagnostics (no result).
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 */
void
oci_runtime_context_note (OciRuntimeContext *rc, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (rc->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

/**
 * oci_runtime_context_get_features_release:
 * @rc: a running case
 *
 * The release whose features.md binds the runtime's `features` document:
 * the one its ociVersionMax names, and at least 1.1.0, the first release
 * with a features document (runc 1.1 prints one while claiming
 * 1.0.2-dev).
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: (nullable): a known release, %NULL without a features
 *   document or with an ociVersionMax that names no release
 */
const char *
oci_runtime_context_get_features_release (OciRuntimeContext *rc)
{
  JsonObject *features = oci_runtime_context_get_features (rc);
  const char *max = features ? oci_json_object_get_string (features, "ociVersionMax") : NULL;
  const char *release = NULL;

  if (max == NULL || oci_spec_match_release (max, &release) == OCI_RELEASE_INVALID)
    return NULL;
  return oci_semver_compare_strings (release, "1.1.0") < 0 ? "1.1.0" : release;
}

/**
 * oci_runtime_context_judge_by_features:
 * @rc: a running case that tests what the features document promises
 *
 * From now on the case's own results (its steps and outside checks) are
 * judged by the release of the features document
 * (oci_runtime_context_get_features_release()), not by the release of
 * the configs: a runtime that prints the document is bound by the text
 * that defines it. The configs and the inside checkers keep the suite's
 * release.
 *
 * Thread safety: call it from the functions of the case that owns @rc (its
 * configure, steps and check, run on that case's thread), never from
 * `validate --jobs` checker threads.
 *
 * Returns: %TRUE if the case has a features release to be judged by
 */
gboolean
oci_runtime_context_judge_by_features (OciRuntimeContext *rc)
{
  const char *release = oci_runtime_context_get_features_release (rc);

  if (release == NULL)
    return FALSE;
  rc->check.release = g_intern_string (release);
  return TRUE;
}
