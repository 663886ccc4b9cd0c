/* oci-schema.h: JSON Schema draft-04 validation over json-glib
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

/**
 * OCI_SCHEMA_DRAFT4_URI:
 *
 * The URI of the draft-04 meta-schema. A copy is built in, so it never
 * needs the network; the URI is also known with a trailing `#`.
 */
#define OCI_SCHEMA_DRAFT4_URI "http://json-schema.org/draft-04/schema"

/**
 * OCI_SCHEMA_ERROR:
 *
 * The error domain of #OciSchema; codes are in #OciSchemaErrorCode.
 */
#define OCI_SCHEMA_ERROR (oci_schema_error_quark ())

/**
 * OciSchemaErrorCode:
 * @OCI_SCHEMA_ERROR_INVALID_SCHEMA: a schema document is malformed: a keyword
 *   has the wrong type or an impossible value, a pattern is not a valid
 *   regular expression, `$ref`s form a cycle, or validation recursed without
 *   end
 * @OCI_SCHEMA_ERROR_UNRESOLVED_REF: a `$ref` (or the schema URI given to
 *   oci_schema_validate()) names a document or fragment that cannot be found
 * @OCI_SCHEMA_ERROR_LOAD: a schema document could not be read or parsed
 *
 * Why a schema could not be used. A document that breaks a schema is never
 * an error: it yields #OciSchemaViolation records.
 *
 * When errors are reported: schemas are compiled lazily. Adding a document
 * (oci_schema_add_document(), oci_schema_add_file()) checks its root
 * schema only, including that each of the root's subschemas is an object.
 * Every other subschema is compiled, and every `$ref` resolved, when a
 * validation first reaches it (earlier builds compiled every subschema
 * when the document was added, and resolved every `$ref` reachable from
 * the schema on the first validation against it). So the
 * %OCI_SCHEMA_ERROR_INVALID_SCHEMA of a malformed subschema and the
 * %OCI_SCHEMA_ERROR_UNRESOLVED_REF of a dangling `$ref` come from the
 * first oci_schema_validate() or oci_schema_is_valid() whose instance
 * reaches that part, and again from each later one that reaches it;
 * instances that do not reach it validate normally, and a definition
 * that no `$ref` names is never checked. oci_schema_compile() checks a
 * whole schema up front.
 */
typedef enum {
  OCI_SCHEMA_ERROR_INVALID_SCHEMA,
  OCI_SCHEMA_ERROR_UNRESOLVED_REF,
  OCI_SCHEMA_ERROR_LOAD,
} OciSchemaErrorCode;

/**
 * oci_schema_error_quark:
 *
 * The error domain of JSON Schema loading and validation (#OciSchemaErrorCode); use the OCI_*_ERROR macro. Safe from any
 * thread.
 *
 * Returns: the #GQuark of the domain
 */
GQuark oci_schema_error_quark (void);

/**
 * OciSchemaViolation:
 * @instance_pointer: RFC 6901 JSON pointer into the instance (`""` is the
 *   root). For `additionalProperties` and `additionalItems` it names the
 *   offending member or item; for `required`, `dependencies` and the
 *   count keywords it names the object or array itself.
 * @keyword: the failing keyword: `"type"`, `"required"`,
 *   `"additionalProperties"`, …
 * @schema_location: absolute URI of the schema document, `#`, and the JSON
 *   pointer of the failing keyword inside it (the location where the keyword
 *   is written, after following `$ref`s); the pointer is RFC 6901-escaped
 *   but not percent-encoded
 * @message: one readable sentence, such as `expected integer, got string`
 *
 * One way in which an instance breaks a schema.
 */
typedef struct {
  char *instance_pointer;
  char *keyword;
  char *schema_location;
  char *message;
} OciSchemaViolation;

void oci_schema_violation_free (OciSchemaViolation *violation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciSchemaViolation, oci_schema_violation_free)

/**
 * OciSchemaResolveFunc:
 * @uri: an absolute URI without a fragment
 * @user_data: the data given to oci_schema_set_resolver()
 * @error: return location for a #GError
 *
 * Loads the schema document named by @uri. Once a URI has been loaded, the
 * #OciSchema keeps the document and does not ask again.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error set
 */
typedef JsonNode *(*OciSchemaResolveFunc) (const char *uri,
                                           gpointer    user_data,
                                           GError    **error);

/**
 * OciSchema:
 *
 * A collection of draft-04 schema documents to validate against.
 *
 * Documents given to an #OciSchema (added, or loaded through its
 * resolver) belong to it alone. The built-in draft-04 meta-schema and the
 * `resource://` documents (the embedded runtime-spec schemas) are loaded
 * and compiled once per process and shared by every #OciSchema; they stay
 * in memory until the process exits, so the first validation in a
 * process pays for them and freeing an #OciSchema never walks them.
 * Compiling is lazy (see #OciSchemaErrorCode). Validation may run in
 * several threads at once, also while it compiles what it reaches.
 */
#define OCI_TYPE_SCHEMA (oci_schema_get_type ())
G_DECLARE_FINAL_TYPE (OciSchema, oci_schema, OCI, SCHEMA, GObject)

OciSchema *oci_schema_new (void);

void oci_schema_set_resolver (OciSchema           *self,
                              OciSchemaResolveFunc func,
                              gpointer             user_data,
                              GDestroyNotify       notify);

JsonNode *oci_schema_default_resolve (const char *uri,
                                      gpointer    user_data,
                                      GError    **error);

JsonNode *oci_schema_parse_json (const char *data,
                                 gssize      length,
                                 const char *name,
                                 GError    **error);

gboolean oci_schema_add_document (OciSchema  *self,
                                  const char *uri,
                                  JsonNode   *document,
                                  GError    **error);

gboolean oci_schema_add_file (OciSchema  *self,
                              const char *path,
                              char      **out_uri,
                              GError    **error);

JsonNode *oci_schema_lookup_document (OciSchema  *self,
                                      const char *uri);

gboolean oci_schema_validate (OciSchema  *self,
                              const char *schema_uri,
                              JsonNode   *instance,
                              GPtrArray **violations,
                              GError    **error);

gboolean oci_schema_is_valid (OciSchema  *self,
                              const char *schema_uri,
                              JsonNode   *instance,
                              GError    **error);

gboolean oci_schema_compile (OciSchema  *self,
                             const char *schema_uri,
                             GError    **error);

#pragma GCC visibility pop

G_END_DECLS
