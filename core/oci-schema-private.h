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
} OciSchemaNodeFlags;

/* ---- schema documents as text (oci-schema-parse.c) ---------------------- */

/*
 * A JSON document kept as its text. It is checked once (syntax, UTF-8)
 * and every object and array is indexed, so that a value is skipped in
 * O(log n); nothing else is built until a part is needed. The embedded
 * schemas are held this way: building a json-glib tree of a whole
 * document costs more than validating a config with it.
 */
typedef struct _OciSchemaText OciSchemaText;

OciSchemaText *oci_schema_text_new (const char *data,
                                    gsize       length,
                                    const char *name,
                                    GError    **error);
OciSchemaText *oci_schema_text_new_indexed (const char *data,
                                            gsize       length,
                                            GBytes     *index,
                                            const char *name,
                                            GError    **error);
void           oci_schema_text_free (OciSchemaText *text);
const char    *oci_schema_text_get_data (const OciSchemaText *text,
                                         gsize               *length);

/*
 * One JSON value of a schema document, in either form: a json-glib node
 * (documents added as trees) or a position in an OciSchemaText. The
 * accessors below hide the difference. Text values are only read with the
 * lock of the store that owns the document held (see
 * oci_schema_value_member()).
 */
typedef struct {
  JsonNode            *json;
  const OciSchemaText *text;
  const char          *at;    /* text form: the value's first byte */
} OciSchemaValue;

typedef struct {
  const OciSchemaText *text;
  const char          *p;
  const char          *end;
  JsonObjectIter       object_iter;
  JsonArray           *array;
  guint                index;     /* of the next array element */
  gboolean             is_array;
  GString             *name;      /* text form: the decoded member name */
} OciSchemaValueIter;

OciSchemaKind oci_schema_value_kind (const OciSchemaValue *value);
void          oci_schema_value_init_text (OciSchemaValue      *value,
                                          const OciSchemaText *text);
gconstpointer oci_schema_value_identity (const OciSchemaValue *value);
gboolean      oci_schema_value_member (const OciSchemaValue *object,
                                       const char           *name,
                                       OciSchemaValue       *member);
gboolean      oci_schema_value_element (const OciSchemaValue *array,
                                        guint                 index,
                                        OciSchemaValue       *element);
void          oci_schema_value_iter_init (OciSchemaValueIter   *iter,
                                          const OciSchemaValue *container);
gboolean      oci_schema_value_iter_next (OciSchemaValueIter *iter,
                                          const char        **name,
                                          OciSchemaValue     *value);
void          oci_schema_value_iter_clear (OciSchemaValueIter *iter);
const char   *oci_schema_value_get_string (const OciSchemaValue *value,
                                           GString              *scratch);
const char   *oci_schema_value_keep_string (const OciSchemaValue *value,
                                            GStringChunk         *strings);
gboolean      oci_schema_value_get_boolean (const OciSchemaValue *value);
gboolean      oci_schema_value_get_number (const OciSchemaValue *value,
                                           OciSchemaNumber      *number);
JsonNode     *oci_schema_value_to_json (const OciSchemaValue *value,
                                        GError              **error);

/* ---- compiled schemas ---------------------------------------------------- */

typedef struct _OciSchemaStore OciSchemaStore;
typedef struct _OciSchemaNode OciSchemaNode;

typedef struct {
  const char    *source;   /* the pattern as written */
  GRegex        *regex;
  OciSchemaNode *schema;
} OciSchemaPatternProperty;

/* One member of "dependencies": either a property list or a schema. */
typedef struct {
  const char    *name;
  JsonArray     *properties;
  OciSchemaNode *schema;
} OciSchemaDependency;

typedef enum {
  OCI_SCHEMA_NODE_STUB,       /* known, not compiled yet */
  OCI_SCHEMA_NODE_COMPILING,  /* on the stack of the thread holding the store lock */
  OCI_SCHEMA_NODE_READY,      /* compiled and linked: read-only from now on */
} OciSchemaNodeState;

/*
 * A schema object, compiled when validation first reaches it.
 *
 * A node is created as a stub (identity fields only) when its parent is
 * compiled or when a $ref names it. It is compiled by
 * oci_schema_node_ensure() with its store's lock held; the compiled fields
 * are written before @state becomes READY with an atomic store, and never
 * again, so a validation that reads @state as READY may read them without
 * a lock. Child nodes are borrowed: the store owns every node. Strings are
 * borrowed from the document (tree form) or the store's string chunk.
 */
struct _OciSchemaNode {
  /* identity: set when the node is created */
  OciSchemaStore *store;
  OciSchemaValue  source;
  OciSchemaNode  *parent;     /* lexical parent, when @location is derived */
  const char     *keyword;    /* the parent's keyword holding this schema */
  const char     *token;      /* member name under @keyword, or NULL ... */
  guint           index;      /* ... for an array item: its index */
  gboolean        has_index;
  const char     *scope;      /* resolution scope inherited from the parent */
  char           *location;   /* "document-uri#json-pointer"; built on demand, atomically */
  gint            state;      /* OciSchemaNodeState, atomic */

  /* compiled: written once, before @state becomes READY */
  const char     *base_uri;   /* @scope changed by this schema's "id" */
  const char     *ref;        /* absolute $ref, or NULL */
  OciSchemaNode  *ref_target; /* final non-$ref schema */

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

  GPtrArray     *owned;                 /* JsonNodes made from text for the fields above */
};

/* oci-schema-compile.c */
OciSchemaNode *oci_schema_node_new (OciSchemaStore       *store,
                                    const OciSchemaValue *source);
void           oci_schema_node_free (OciSchemaNode *node);
void           oci_schema_node_reset (OciSchemaNode *node);
const char    *oci_schema_node_location (OciSchemaNode *node);
gboolean       oci_schema_node_compile_keywords (OciSchemaNode *node,
                                                 GError       **error);
void           oci_schema_node_foreach_child (OciSchemaNode *node,
                                              GFunc          func,
                                              gpointer       user_data);
char          *oci_schema_resolve_uri (const char *base,
                                       const char *reference,
                                       GError    **error);
void           oci_schema_pointer_append (GString    *pointer,
                                          const char *token);

/* oci-schema.c: what compiling a node needs from its store */
OciSchemaNode *oci_schema_store_child (OciSchemaStore       *store,
                                       OciSchemaNode        *parent,
                                       const char           *keyword,
                                       const char           *token,
                                       gint                  index,
                                       const OciSchemaValue *value,
                                       GError              **error);
GStringChunk  *oci_schema_store_get_strings (OciSchemaStore *store);
gboolean       oci_schema_node_ensure_slow (OciSchemaNode *node,
                                            GError       **error);

/* Compiles @node on first use; cheap once it is ready. */
static inline gboolean
oci_schema_node_ensure (const OciSchemaNode *node,
                        GError             **error)
{
  if (G_LIKELY (g_atomic_int_get (&node->state) == OCI_SCHEMA_NODE_READY))
    return TRUE;
  return oci_schema_node_ensure_slow ((OciSchemaNode *) node, error);
}

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
