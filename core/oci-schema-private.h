/* oci-schema-private.h: the compiled form of draft-04 schemas
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "oci-runtime-tools/oci-schema.h"

G_BEGIN_DECLS

/* Instance and "type" keyword kinds, as bits so that a "type" array is a mask. */
typedef enum {
  OCI_SCHEMA_KIND_NULL    = 1 << 0,
  OCI_SCHEMA_KIND_BOOLEAN = 1 << 1,
  OCI_SCHEMA_KIND_INTEGER = 1 << 2,
  OCI_SCHEMA_KIND_NUMBER  = 1 << 3,
  OCI_SCHEMA_KIND_STRING  = 1 << 4,
  OCI_SCHEMA_KIND_ARRAY   = 1 << 5,
  OCI_SCHEMA_KIND_OBJECT  = 1 << 6,
} OciSchemaKind;

/* A JSON number as json-glib holds it: an exact gint64 or a double. */
typedef struct {
  gboolean is_int;
  gint64   i;
  double   d;
} OciSchemaNumber;

typedef enum {
  OCI_SCHEMA_HAS_MINIMUM       = 1 << 0,
  OCI_SCHEMA_HAS_MAXIMUM       = 1 << 1,
  OCI_SCHEMA_EXCLUSIVE_MINIMUM = 1 << 2,
  OCI_SCHEMA_EXCLUSIVE_MAXIMUM = 1 << 3,
  OCI_SCHEMA_HAS_MULTIPLE_OF   = 1 << 4,
  OCI_SCHEMA_UNIQUE_ITEMS      = 1 << 5,
  OCI_SCHEMA_NO_ADDITIONAL_PROPERTIES = 1 << 6,
  OCI_SCHEMA_NO_ADDITIONAL_ITEMS      = 1 << 7,
  /* set once every $ref reachable from the node is resolved */
  OCI_SCHEMA_LINKED            = 1 << 8,
} OciSchemaNodeFlags;

typedef struct _OciSchemaNode OciSchemaNode;

typedef struct {
  const char    *source;   /* borrowed from the schema document */
  GRegex        *regex;
  OciSchemaNode *schema;
} OciSchemaPatternProperty;

/* One member of "dependencies": either a property list or a schema. */
typedef struct {
  const char    *name;
  JsonArray     *properties;
  OciSchemaNode *schema;
} OciSchemaDependency;

/*
 * A schema object compiled once. Child nodes are borrowed: every node is
 * owned by the cache of its OciSchema, keyed by its canonical location.
 * Strings and arrays taken from the schema document are borrowed too; the
 * document outlives its nodes.
 */
struct _OciSchemaNode {
  char          *location;   /* "document-uri#json-pointer" */
  char          *base_uri;   /* resolution scope after any "id" */
  JsonObject    *object;

  char          *ref;        /* absolute $ref, or NULL */
  OciSchemaNode *ref_target; /* final non-$ref node, once linked */

  guint          flags;
  guint          types;      /* OciSchemaKind mask, 0 for any */
  JsonArray     *enum_values;
  GHashTable    *enum_set;   /* of enum_values, when there are many */

  OciSchemaNumber minimum;
  OciSchemaNumber maximum;
  OciSchemaNumber multiple_of;
  gint64         min_length, max_length;         /* -1 when absent */
  gint64         min_items, max_items;
  gint64         min_properties, max_properties;

  GRegex        *pattern;
  const char    *pattern_source;

  GHashTable    *properties;            /* name -> OciSchemaNode */
  GArray        *pattern_properties;    /* OciSchemaPatternProperty */
  OciSchemaNode *additional_properties;
  JsonArray     *required;
  GArray        *dependencies;          /* OciSchemaDependency */

  OciSchemaNode *items;
  GPtrArray     *tuple_items;
  OciSchemaNode *additional_items;

  GPtrArray     *all_of;
  GPtrArray     *any_of;
  GPtrArray     *one_of;
  OciSchemaNode *not_schema;
};

/* oci-schema-compile.c */
void           oci_schema_node_free (OciSchemaNode *node);
OciSchemaNode *oci_schema_node_compile (GHashTable *cache,
                                        const char *location,
                                        JsonNode   *json,
                                        const char *base_uri,
                                        GError    **error);
void           oci_schema_node_foreach_child (OciSchemaNode *node,
                                              GFunc          func,
                                              gpointer       user_data);
char          *oci_schema_resolve_uri (const char *base,
                                       const char *reference,
                                       GError    **error);
void           oci_schema_pointer_append (GString    *pointer,
                                          const char *token);

/* oci-schema-value.c */
OciSchemaKind  oci_schema_kind_of (JsonNode *node);
const char    *oci_schema_kind_name (OciSchemaKind kind);
gboolean       oci_schema_number_from_node (JsonNode        *node,
                                            OciSchemaNumber *number);
int            oci_schema_number_compare (const OciSchemaNumber *a,
                                          const OciSchemaNumber *b);
gboolean       oci_schema_number_is_multiple (const OciSchemaNumber *value,
                                              const OciSchemaNumber *divisor);
char          *oci_schema_number_to_string (const OciSchemaNumber *number);
gboolean       oci_schema_json_equal (JsonNode *a,
                                      JsonNode *b);
guint          oci_schema_json_hash (JsonNode *node);

/* oci-schema-validate.c */
gboolean       oci_schema_node_validate (OciSchemaNode *root,
                                         JsonNode      *instance,
                                         GPtrArray     *violations,
                                         gboolean      *out_valid,
                                         GError       **error);

/* oci-schema-meta.c */
extern const char oci_schema_draft4_metaschema[];

G_END_DECLS
