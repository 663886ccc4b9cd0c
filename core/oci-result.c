/* oci-result.c — one outcome of one check
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include "oci-result.h"

G_DEFINE_BOXED_TYPE (OciResult, oci_result, oci_result_copy, oci_result_free)

/**
 * oci_result_new:
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): an empty result (status pass, level MUST)
 */
OciResult *
oci_result_new (void)
{
  OciResult *r = g_new0 (OciResult, 1);

  r->level = OCI_LEVEL_MUST;
  return r;
}

/**
 * oci_result_copy:
 * @result: a result
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): a deep copy
 */
OciResult *
oci_result_copy (const OciResult *result)
{
  OciResult *r = g_new0 (OciResult, 1);

  *r = *result;
  r->requirement_id = g_strdup (result->requirement_id);
  r->message = g_strdup (result->message);
  r->pointer = g_strdup (result->pointer);
  r->url = g_strdup (result->url);
  r->checker_id = g_strdup (result->checker_id);
  r->subject = g_strdup (result->subject);
  r->file = g_strdup (result->file);
  r->expected = g_strdup (result->expected);
  r->actual = g_strdup (result->actual);
  r->plugin = g_strdup (result->plugin);
  r->plugin_version = g_strdup (result->plugin_version);
  return r;
}

/**
 * oci_result_free:
 * @result: (nullable): a result
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 */
void
oci_result_free (OciResult *result)
{
  if (result == NULL)
    return;
  g_free (result->requirement_id);
  g_free (result->message);
  g_free (result->pointer);
  g_free (result->url);
  g_free (result->checker_id);
  g_free (result->subject);
  g_free (result->file);
  g_free (result->expected);
  g_free (result->actual);
  g_free (result->plugin);
  g_free (result->plugin_version);
  g_free (result);
}

/**
 * oci_status_to_string:
 * @status: a status
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: "pass", "fail", "skip" or "error"
 */
const char *
oci_status_to_string (OciStatus status)
{
  switch (status)
    {
    case OCI_STATUS_PASS: return "pass";
    case OCI_STATUS_FAIL: return "fail";
    case OCI_STATUS_SKIP: return "skip";
    case OCI_STATUS_ERROR: return "error";
    default: return "unknown";
    }
}
