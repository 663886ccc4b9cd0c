/* oci-result.h — one outcome of one check
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "oci-requirement.h"

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

/**
 * OciStatus:
 * @OCI_STATUS_PASS: the requirement holds
 * @OCI_STATUS_FAIL: the input breaks the requirement
 * @OCI_STATUS_SKIP: the check could not apply here (reason in the message)
 * @OCI_STATUS_ERROR: the check could not run (a GError turned into a result)
 */
typedef enum
{
  OCI_STATUS_PASS,
  OCI_STATUS_FAIL,
  OCI_STATUS_SKIP,
  OCI_STATUS_ERROR,
} OciStatus;

/**
 * OciResult:
 * @requirement_id: (nullable): the requirement, %NULL for an error without one
 * @level: its level for the subject's release
 * @status: the outcome
 * @message: (nullable): human text
 * @pointer: (nullable): JSON pointer into the subject document
 * @url: (nullable): spec text URL for the subject's release
 * @checker_id: (nullable): the checker that posted it
 * @subject: (nullable): what was checked (a bundle path, a file, a case)
 * @file: (nullable): the file the pointer refers to
 * @line: 1-based line of @pointer in @file, 0 if unknown
 * @column: 1-based column, 0 if unknown
 * @expected: (nullable): for runtime tests, the expected value
 * @actual: (nullable): for runtime tests, the observed value
 * @plugin: (nullable): the plugin whose checker posted it, %NULL for the
 *   core's own results (schema, input errors)
 * @plugin_version: (nullable): that plugin's version, when it states one
 *
 * Results are made and freed by the library (oci_result_copy(),
 * oci_result_free()); fields are only appended.
 */
typedef struct
{
  char *requirement_id;
  OciLevel level;
  OciStatus status;
  char *message;
  char *pointer;
  char *url;
  char *checker_id;
  char *subject;
  char *file;
  guint line;
  guint column;
  char *expected;
  char *actual;
  char *plugin;
  char *plugin_version;
} OciResult;

#define OCI_TYPE_RESULT (oci_result_get_type ())
/**
 * oci_result_get_type:
 *
 * #OciResult as a boxed type (copied with oci_result_copy(), freed with
 * oci_result_free()), for signals and GValues. Safe from any thread.
 *
 * Returns: the #GType
 */
GType oci_result_get_type (void) G_GNUC_CONST;
OciResult *oci_result_new (void);
OciResult *oci_result_copy (const OciResult *result);
void oci_result_free (OciResult *result);
const char *oci_status_to_string (OciStatus status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciResult, oci_result_free)

#pragma GCC visibility pop

G_END_DECLS
