/* fuzz-schema.c — libFuzzer target: the JSON Schema validator with fuzzed
 * schemas. The input is "SCHEMA\0INSTANCE" (no NUL: schema and instance
 * are the same document).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <string.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  const char *nul = memchr (text, '\0', size);
  gsize schema_len = nul ? (gsize) (nul - text) : size;
  g_autoptr(JsonNode) schema_node = oci_json_load_data (text, schema_len, "schema", NULL);
  g_autoptr(JsonNode) instance = NULL;
  g_autoptr(OciSchema) schema = NULL;
  g_autoptr(GPtrArray) violations = NULL;

  if (schema_node == NULL)
    return 0;
  instance = nul ? oci_json_load_data (nul + 1, size - schema_len - 1, "instance", NULL)
                 : json_node_copy (schema_node);
  if (instance == NULL)
    return 0;
  schema = oci_schema_new ();
  if (!oci_schema_add_document (schema, "urn:fuzz", schema_node, NULL))
    return 0;
  oci_schema_validate (schema, "urn:fuzz", instance, &violations, NULL);
  /* And the document against the draft-04 meta-schema. */
  g_clear_pointer (&violations, g_ptr_array_unref);
  oci_schema_validate (schema, "http://json-schema.org/draft-04/schema#", schema_node, &violations, NULL);
  return 0;
}
