/* base-documents.c — a runtime's state and features documents, beyond
 * their schemas (runtime.md#runtimeState, features.md)
 *
 * These checkers run on `validate --state` and `--features` documents
 * (phases OCI_PHASE_STATE and OCI_PHASE_FEATURES), never on a config.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "base-checks.h"

/* A created or running container has a process: its pid (REQUIRED on
 * Linux); every state names its bundle by an absolute path. */
gboolean
base_check_state (OciCheckContext *ctx, GError **error)
{
  OciConfig *state = oci_check_context_get_config (ctx);
  const char *status = oci_config_get_string (state, "/status");
  const char *bundle = oci_config_get_string (state, "/bundle");
  gint64 pid = 0;

  if (g_strcmp0 (status, "created") == 0 || g_strcmp0 (status, "running") == 0)
    {
      gboolean has_pid = oci_config_get_int (state, "/pid", &pid) && pid > 0;
      if (g_strcmp0 (oci_check_context_get_os (ctx), "linux") == 0)
        oci_check_expect (ctx, has_pid, "base.state.pid", "/pid",
                          "the container is %s, but the state has no pid of its process", status);
    }
  if (bundle)
    oci_check_expect (ctx, g_path_is_absolute (bundle), "base.state.bundle.absolute", "/bundle",
                      "bundle \"%s\" is not an absolute path", bundle);
  return TRUE;
}

/* ociVersionMax MUST NOT be less than ociVersionMin. */
gboolean
base_check_features (OciCheckContext *ctx, GError **error)
{
  OciConfig *features = oci_check_context_get_config (ctx);
  const char *min = oci_config_get_string (features, "/ociVersionMin");
  const char *max = oci_config_get_string (features, "/ociVersionMax");
  g_auto(OciSemver) a = { 0 };
  g_auto(OciSemver) b = { 0 };

  /* absent or not SemVer: the schema says so */
  if (min == NULL || max == NULL || !oci_semver_parse (min, &a, NULL) || !oci_semver_parse (max, &b, NULL))
    return TRUE;
  oci_check_expect (ctx, oci_semver_compare (&b, &a) >= 0, "base.features.version.order", "/ociVersionMax",
                    "ociVersionMax %s is less than ociVersionMin %s", max, min);
  return TRUE;
}
