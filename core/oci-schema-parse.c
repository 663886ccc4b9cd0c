/* oci-schema-parse.c: JSON text to JsonNode for schemas and instances
 *
 * json-glib 1.6 reads an integer literal beyond the gint64 range by
 * wrapping it: 18446744073709551615 (the runtime-spec's uint64 maximum)
 * becomes -1. The core's own reader keeps such literals as the nearest
 * double, which OciSchema counts as an integer; it is also strict and much
 * faster than json-glib's parser, which matters for the first validation
 * of a run (the embedded schemas are parsed then).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oci-schema-private.h"

#include <string.h>

#include "oci-error.h"
#include "oci-json-private.h"

/**
 * oci_schema_parse_json:
 * @data: (array length=length) (element-type guint8): JSON text
 * @length: length of @data in bytes, or -1 when it is nul-terminated
 * @name: the name of the input for messages, usually a file name
 * @error: return location for a #GError
 *
 * Parses JSON text with the core's strict reader; integer literals beyond
 * the #gint64 range become the nearest double, which #OciSchema validation
 * still counts as an integer. The tree is sealed (immutable).
 *
 * Returns: (transfer full) (nullable): the immutable root node, or %NULL
 *   with @error set to %OCI_SCHEMA_ERROR_LOAD, the message starting with
 *   @name:line:column
 */
JsonNode *
oci_schema_parse_json (const char *data,
                       gssize      length,
                       const char *name,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  root = oci_json_parse (data, length < 0 ? strlen (data) : (gsize) length, name, &local_error);
  if (root == NULL)
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD, "%s", local_error->message);
      return NULL;
    }
  json_node_seal (root);
  return root;
}
