/* oci-schema.c: JSON Schema draft-04 documents, references and validation
 *
 * Schema documents live in stores. A store holds documents by URI, the
 * draft-04 "id"s declared inside them, and the compiled nodes, each keyed
 * by the schema object it compiles. Every OciSchema has a store of its own
 * for the documents it is given or loads through its resolver; the
 * built-in draft-04 meta-schema and the embedded `resource://` schemas
 * live in one process-wide store instead, shared by every OciSchema and
 * never freed, so that they are loaded and compiled once per process and
 * tearing an OciSchema down never walks them.
 *
 * Compiling is lazy. Adding a document compiles its root object alone;
 * any other subschema is a stub until a validation first reaches it, and
 * a $ref is resolved (loading its document if needed) when the node that
 * holds it is compiled. A node is compiled with its store's lock held and
 * published with an atomic store of its state; after that validations
 * only read it, from any number of threads.
 *
 * Lock order: an OciSchema's store, then the shared store. The shared
 * store never refers to an OciSchema's documents.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oci-file.h"
#include "oci-schema-private.h"
#include "oci-schema-embedded.h"

#include <stdlib.h>
#include <string.h>

/* A schema document, as a json-glib tree or as text. */
typedef struct {
  char          *uri;
  const char    *base;       /* @uri, kept in the store's strings */
  const char    *root_scope; /* @base changed by the root's "id" */
  JsonNode      *json;       /* the tree; for a text document, parsed when asked for */
  OciSchemaText *text;
  GBytes        *bytes;      /* what @text reads, if it is not static */
  gboolean       ids_scanned;
} Document;

/* Where an "id" points: a document and a pointer inside it. */
typedef struct {
  const char *document;
  const char *pointer;
} IdTarget;

struct _OciSchemaStore
{
  /* recursive: compiling may load documents, and a resolver may add some */
  GRecMutex     lock;
  gboolean      shared;
  OciSchema    *owner;       /* an OciSchema's store: whose resolver to call */
  GHashTable   *documents;   /* uri -> Document */
  GHashTable   *ids;         /* absolute id uri -> IdTarget */
  GHashTable   *by_source;   /* oci_schema_value_identity () -> node, for the
                              * roots and the nodes $refs name */
  GPtrArray    *nodes;       /* owns every node of the store */
  GHashTable   *targets;     /* absolute uri -> OciSchemaNode, found before */
  GHashTable   *resolved;    /* "base\x1freference" -> absolute uri */
  GHashTable   *entries;     /* schema uri as given to oci_schema_validate () -> node */
  GStringChunk *strings;     /* URIs and names the nodes borrow */
  guint         unscanned;   /* documents whose nested ids are not recorded yet */
};

struct _OciSchema
{
  GObject              parent_instance;

  OciSchemaStore       store;

  OciSchemaResolveFunc resolve;
  gpointer             resolve_data;
  GDestroyNotify       resolve_notify;
};

G_DEFINE_TYPE (OciSchema, oci_schema, G_TYPE_OBJECT)

G_DEFINE_QUARK (oci-schema-error-quark, oci_schema_error)

static void
document_free (Document *doc)
{
  g_free (doc->uri);
  g_clear_pointer (&doc->json, json_node_unref);
  oci_schema_text_free (doc->text);
  g_clear_pointer (&doc->bytes, g_bytes_unref);
  g_free (doc);
}

static void
document_root (const Document *doc,
               OciSchemaValue *value)
{
  if (doc->text != NULL)
    oci_schema_value_init_text (value, doc->text);
  else
    *value = (OciSchemaValue) { doc->json, NULL, NULL };
}

static void
store_init (OciSchemaStore *store,
            gboolean        shared,
            OciSchema      *owner)
{
  g_rec_mutex_init (&store->lock);
  store->shared = shared;
  store->owner = owner;
  store->documents = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) document_free);
  store->ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  store->by_source = g_hash_table_new (NULL, NULL);
  store->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_schema_node_free);
  store->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  store->resolved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  store->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  store->strings = g_string_chunk_new (1024);
}

static void
store_clear (OciSchemaStore *store)
{
  g_hash_table_unref (store->entries);
  g_hash_table_unref (store->targets);
  g_hash_table_unref (store->resolved);
  g_hash_table_unref (store->by_source);
  g_ptr_array_unref (store->nodes);
  g_hash_table_unref (store->ids);
  g_hash_table_unref (store->documents);
  g_string_chunk_free (store->strings);
  g_rec_mutex_clear (&store->lock);
}

/* The store of the built-in and embedded documents: created on first
 * use, never freed (it stays reachable for leak checkers). Published
 * with a compare-and-swap rather than g_once_init_enter(), whose store
 * happens inside GLib where ThreadSanitizer cannot see it. */
static OciSchemaStore *
shared_store (void)
{
  static OciSchemaStore *store;
  OciSchemaStore *created;

  if (G_LIKELY ((created = g_atomic_pointer_get (&store)) != NULL))
    return created;
  created = g_new0 (OciSchemaStore, 1);
  store_init (created, TRUE, NULL);
  if (!g_atomic_pointer_compare_and_exchange (&store, NULL, created))
    {
      /* another thread came first */
      store_clear (created);
      g_free (created);
    }
  return g_atomic_pointer_get (&store);
}

/* Documents that are the same for every OciSchema of the process. */
static gboolean
is_shared_uri (const char *document)
{
  return g_str_has_prefix (document, "resource:") || strcmp (document, OCI_SCHEMA_DRAFT4_URI) == 0;
}

GStringChunk *
oci_schema_store_get_strings (OciSchemaStore *store)
{
  return store->strings;
}

/**
 * oci_schema_violation_free:
 * @violation: (transfer full) (nullable): a violation
 *
 * Frees @violation and its strings.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 */
void
oci_schema_violation_free (OciSchemaViolation *violation)
{
  if (violation == NULL)
    return;
  g_free (violation->instance_pointer);
  g_free (violation->keyword);
  g_free (violation->schema_location);
  g_free (violation->message);
  g_free (violation);
}

static void
oci_schema_finalize (GObject *object)
{
  OciSchema *self = OCI_SCHEMA (object);

  store_clear (&self->store);
  if (self->resolve_notify != NULL)
    self->resolve_notify (self->resolve_data);

  G_OBJECT_CLASS (oci_schema_parent_class)->finalize (object);
}

static void
oci_schema_class_init (OciSchemaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oci_schema_finalize;
}

static void
oci_schema_init (OciSchema *self)
{
  store_init (&self->store, FALSE, self);
}

/**
 * oci_schema_new:
 *
 * Creates an empty schema collection. It knows the draft-04 meta-schema
 * (%OCI_SCHEMA_DRAFT4_URI) and loads `file://` and `resource://` documents
 * on demand; add others with oci_schema_add_document() or a resolver.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full): a new #OciSchema
 */
OciSchema *
oci_schema_new (void)
{
  return g_object_new (OCI_TYPE_SCHEMA, NULL);
}

/**
 * oci_schema_set_resolver:
 * @self: an #OciSchema
 * @func: (nullable) (scope notified): loads documents that are not
 *   registered, or %NULL for oci_schema_default_resolve()
 * @user_data: (closure func): data for @func
 * @notify: (nullable): frees @user_data
 *
 * Replaces the function that loads documents named by `$ref`s. To keep
 * `file://` support, let @func fall back to oci_schema_default_resolve().
 * @func may add documents to @self. It is never asked for the draft-04
 * meta-schema nor for `resource://` URIs: those are loaded by the library
 * itself, once per process (see oci_schema_validate()).
 *
 * Thread safety: it changes the schema: not while other threads validate
 * with it (oci_schema_validate() and oci_schema_is_valid() are the calls
 * threads may share); never from checker threads under `validate --jobs`.
 */
void
oci_schema_set_resolver (OciSchema           *self,
                         OciSchemaResolveFunc func,
                         gpointer             user_data,
                         GDestroyNotify       notify)
{
  g_return_if_fail (OCI_IS_SCHEMA (self));

  g_rec_mutex_lock (&self->store.lock);
  if (self->resolve_notify != NULL)
    self->resolve_notify (self->resolve_data);
  self->resolve = func;
  self->resolve_data = user_data;
  self->resolve_notify = notify;
  g_rec_mutex_unlock (&self->store.lock);
}

/* ---- loading ----------------------------------------------------------- */

/* Reads a schema file with the bound every document has; @flags says
 * whether a pipe is fine (a file named on the command line) or not (a
 * `$ref` target). A missing file is an unresolved reference. */
static JsonNode *
load_file (GFile           *file,
           OciFileReadFlags flags,
           GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = g_file_get_path (file);
  gsize length;

  if (path == NULL || !oci_file_read_bounded (path, OCI_FILE_MAX_SIZE, flags, &contents, &length, &local_error))
    {
      g_set_error (error, OCI_SCHEMA_ERROR,
                   path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)
                   ? OCI_SCHEMA_ERROR_UNRESOLVED_REF : OCI_SCHEMA_ERROR_LOAD,
                   "%s", local_error ? local_error->message : "not a local file");
      return NULL;
    }
  return oci_schema_parse_json (contents, length, path, error);
}

static int
compare_embedded (const void *key, const void *member)
{
  return strcmp (key, ((const OciEmbeddedSchema *) member)->path);
}

/* The schema the library embeds at @path ("/org/ocirt/schemas/…"), or NULL. */
const OciEmbeddedSchema *
oci_embedded_schema_lookup (const char *path)
{
  return bsearch (path, oci_embedded_schemas, oci_embedded_schemas_count, sizeof (OciEmbeddedSchema),
                  compare_embedded);
}

/* The embedded schema a resource:// URI names, or NULL. */
static const OciEmbeddedSchema *
embedded_for_uri (const char *uri)
{
  if (!g_str_has_prefix (uri, "resource:///") || strchr (uri, '%') != NULL)
    return NULL;
  return oci_embedded_schema_lookup (uri + strlen ("resource://"));
}

/* A resource:// URI's bytes: the embedded schemas first, then any
 * registered GResource. */
static GBytes *
load_resource_bytes (const char *uri,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) parsed = NULL;
  GBytes *bytes = NULL;
  const OciEmbeddedSchema *embedded = embedded_for_uri (uri);

  if (embedded != NULL)
    return g_bytes_new_static (embedded->text, embedded->length);
  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, &local_error);
  if (parsed != NULL)
    bytes = g_resources_lookup_data (g_uri_get_path (parsed), G_RESOURCE_LOOKUP_FLAGS_NONE,
                                     &local_error);
  if (bytes == NULL)
    g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF,
                 "cannot load %s: %s", uri, local_error->message);
  return bytes;
}

/**
 * oci_schema_default_resolve:
 * @uri: an absolute URI without a fragment
 * @user_data: unused
 * @error: return location for a #GError
 *
 * Reads `file://` URIs from disk, and `resource://` URIs from the schemas
 * the library embeds or the registered #GResources. Other schemes are not
 * fetched.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full) (nullable): the parsed document, or %NULL with
 *   @error set: %OCI_SCHEMA_ERROR_UNRESOLVED_REF when there is no such
 *   document, %OCI_SCHEMA_ERROR_LOAD when it cannot be read or parsed
 */
JsonNode *
oci_schema_default_resolve (const char *uri,
                            gpointer    user_data G_GNUC_UNUSED,
                            GError    **error)
{
  const char *scheme = g_uri_peek_scheme (uri);

  if (g_strcmp0 (scheme, "file") == 0)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uri);

      return load_file (file, OCI_FILE_READ_REGULAR, error);
    }
  if (g_strcmp0 (scheme, "resource") == 0)
    {
      g_autoptr(GBytes) bytes = load_resource_bytes (uri, error);
      gsize length;
      const char *data;

      if (bytes == NULL)
        return NULL;
      data = g_bytes_get_data (bytes, &length);
      return oci_schema_parse_json (data, length, uri, error);
    }

  g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF,
               "%s is not registered and %s URIs are not fetched", uri,
               scheme != NULL ? scheme : "relative");
  return NULL;
}

/* ---- URIs -------------------------------------------------------------- */

/* Characters RFC 3986 allows in a fragment as they are, which GUri
 * therefore leaves alone ('%' is left out: GUri checks escapes). */
static gboolean
is_plain_fragment (const char *fragment)
{
  for (const char *p = fragment; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-._~!$&'()*+,;=:@/?", *p) == NULL)
      return FALSE;
  return TRUE;
}

/*
 * Resolves @reference against @base. "#fragment", what nearly every $ref
 * is, needs no parsing: it replaces the base's fragment. Other references
 * go through GUri once per (base, reference) pair.
 *
 * Returns: (transfer none): the absolute URI, kept in the store's strings
 */
static const char *
store_resolve (OciSchemaStore *store,
               const char     *base,
               const char     *reference,
               GError        **error)
{
  g_autofree char *key = NULL;
  g_autofree char *resolved = NULL;
  const char *kept;

  if (reference[0] == '#' && base != NULL && is_plain_fragment (reference + 1))
    {
      const char *hash = strchr (base, '#');
      gsize base_length = hash ? (gsize) (hash - base) : strlen (base);
      gsize reference_length = reference[1] != '\0' ? strlen (reference) : 0;
      char *joined = g_alloca (base_length + reference_length + 1);

      memcpy (joined, base, base_length);
      memcpy (joined + base_length, reference, reference_length);
      joined[base_length + reference_length] = '\0';
      return g_string_chunk_insert_len (store->strings, joined, base_length + reference_length);
    }

  key = g_strconcat (base ? base : "", "\x1f", reference, NULL);
  kept = g_hash_table_lookup (store->resolved, key);
  if (kept != NULL)
    return kept;
  resolved = oci_schema_resolve_uri (base, reference, error);
  if (resolved == NULL)
    return NULL;
  kept = g_string_chunk_insert_const (store->strings, resolved);
  g_hash_table_insert (store->resolved, g_steal_pointer (&key), (gpointer) kept);
  return kept;
}

static char *
document_uri (const char *uri,
              GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *resolved = oci_schema_resolve_uri (NULL, uri, &local_error);

  if (resolved == NULL || strchr (resolved, '#') != NULL)
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD,
                   "\"%s\" is not an absolute URI without a fragment", uri);
      return NULL;
    }
  return g_steal_pointer (&resolved);
}

static gboolean G_GNUC_PRINTF (2, 3)
fail_unresolved (GError    **error,
                 const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF, message);
  return FALSE;
}

/* ---- "id" discovery ---------------------------------------------------- */

/* keywords whose value is a schema or an array of schemas */
static const char *const subschema_keywords[] = {
  "additionalItems", "additionalProperties", "items", "not", "allOf", "anyOf", "oneOf",
};

/* keywords whose value maps names to schemas */
static const char *const subschema_map_keywords[] = {
  "properties", "patternProperties", "definitions", "dependencies",
};

typedef struct {
  OciSchemaStore *store;
  const char     *document;
  GString        *pointer;
} IdScan;

static void
record_id (OciSchemaStore *store,
           const char     *id,
           const char     *document,
           const char     *pointer)
{
  IdTarget *target;

  /* the first declaration of an id wins */
  if (g_hash_table_contains (store->ids, id))
    return;
  target = g_new (IdTarget, 1);
  target->document = g_string_chunk_insert_const (store->strings, document);
  target->pointer = g_string_chunk_insert_const (store->strings, pointer);
  g_hash_table_insert (store->ids, (gpointer) g_string_chunk_insert_const (store->strings, id), target);
}

/* The scope inside the object @value: @base changed by its "id", which
 * draft-04 ignores next to "$ref". Returns @base when there is none. */
static const char *
scope_of (OciSchemaStore       *store,
          const OciSchemaValue *value,
          const char           *base,
          GError              **error)
{
  g_autoptr(GString) scratch = NULL;
  OciSchemaValue id, ref;

  if (!oci_schema_value_member (value, "id", &id)
      || oci_schema_value_kind (&id) != OCI_SCHEMA_KIND_STRING
      || oci_schema_value_member (value, "$ref", &ref))
    return base;
  scratch = g_string_new (NULL);
  return store_resolve (store, base, oci_schema_value_get_string (&id, scratch), error);
}

static gboolean scan_ids (IdScan               *scan,
                          const OciSchemaValue *value,
                          const char           *base,
                          GError              **error);

static gboolean
scan_child (IdScan               *scan,
            const OciSchemaValue *value,
            const char           *base,
            const char           *keyword,
            const char           *token,
            GError              **error)
{
  gsize saved = scan->pointer->len;
  gboolean ok;

  oci_schema_pointer_append (scan->pointer, keyword);
  if (token != NULL)
    oci_schema_pointer_append (scan->pointer, token);
  ok = scan_ids (scan, value, base, error);
  g_string_truncate (scan->pointer, saved);
  return ok;
}

/* Each schema of an array, or each schema of a map (with its name). */
static gboolean
scan_members (IdScan               *scan,
              const OciSchemaValue *container,
              const char           *base,
              const char           *keyword,
              GError              **error)
{
  OciSchemaValueIter iter;
  OciSchemaValue member;
  const char *name;
  gboolean ok = TRUE;

  oci_schema_value_iter_init (&iter, container);
  while (ok && oci_schema_value_iter_next (&iter, &name, &member))
    {
      char token[16];

      if (name == NULL)
        g_snprintf (token, sizeof token, "%u", iter.index - 1);
      ok = scan_child (scan, &member, base, keyword, name ? name : token, error);
    }
  oci_schema_value_iter_clear (&iter);
  return ok;
}

/* Walks the schema positions of a document; wrong types are left for the
 * compiler to report. */
static gboolean
scan_ids (IdScan               *scan,
          const OciSchemaValue *value,
          const char           *base,
          GError              **error)
{
  const char *scope;
  OciSchemaValue member;

  if (oci_schema_value_kind (value) != OCI_SCHEMA_KIND_OBJECT
      || oci_schema_value_member (value, "$ref", &member))
    return TRUE;

  scope = scope_of (scan->store, value, base, error);
  if (scope == NULL)
    return FALSE;
  if (strcmp (scope, base) != 0)
    record_id (scan->store, scope, scan->document, scan->pointer->str);

  for (gsize i = 0; i < G_N_ELEMENTS (subschema_keywords); i++)
    {
      if (!oci_schema_value_member (value, subschema_keywords[i], &member))
        continue;
      if (oci_schema_value_kind (&member) == OCI_SCHEMA_KIND_ARRAY
          ? !scan_members (scan, &member, scope, subschema_keywords[i], error)
          : !scan_child (scan, &member, scope, subschema_keywords[i], NULL, error))
        return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (subschema_map_keywords); i++)
    if (oci_schema_value_member (value, subschema_map_keywords[i], &member)
        && oci_schema_value_kind (&member) == OCI_SCHEMA_KIND_OBJECT
        && !scan_members (scan, &member, scope, subschema_map_keywords[i], error))
      return FALSE;
  return TRUE;
}

/* Records the ids nested anywhere in the documents of @store. Only the
 * root's id is recorded when a document is added: a walk of every schema
 * of a document is needed only when a URI is not found otherwise. */
static gboolean
scan_all_ids (OciSchemaStore *store,
              GError        **error)
{
  GHashTableIter iter;
  gpointer value;

  if (store->unscanned == 0)
    return TRUE;
  g_hash_table_iter_init (&iter, store->documents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Document *doc = value;
      g_autoptr(GString) pointer = NULL;
      IdScan scan = { store, doc->uri, NULL };
      OciSchemaValue root;

      if (doc->ids_scanned)
        continue;
      pointer = g_string_new (NULL);
      scan.pointer = pointer;
      document_root (doc, &root);
      if (!scan_ids (&scan, &root, doc->base, error))
        return FALSE;
      doc->ids_scanned = TRUE;
      store->unscanned--;
    }
  return TRUE;
}

/* ---- nodes ------------------------------------------------------------- */

static void
register_node (OciSchemaStore *store,
               OciSchemaNode  *node)
{
  g_ptr_array_add (store->nodes, node);
  g_hash_table_insert (store->by_source, (gpointer) oci_schema_value_identity (&node->source), node);
}

/* Drops the nodes created after the first @mark ones: they belong to a
 * document that is not kept. */
static void
forget_nodes (OciSchemaStore *store,
              guint           mark)
{
  for (guint i = mark; i < store->nodes->len; i++)
    {
      OciSchemaNode *node = g_ptr_array_index (store->nodes, i);

      g_hash_table_remove (store->by_source, oci_schema_value_identity (&node->source));
    }
  g_ptr_array_set_size (store->nodes, mark);
}

static gboolean
fail_not_object (GError              **error,
                 const char           *location,
                 const OciSchemaValue *value)
{
  g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
               "%s: a schema must be an object, not %s", location,
               oci_schema_kind_name (oci_schema_value_kind (value)));
  return FALSE;
}

/* The stub of a subschema met while compiling @parent, or its node if it
 * has one already (a $ref reached it first). */
OciSchemaNode *
oci_schema_store_child (OciSchemaStore       *store,
                        OciSchemaNode        *parent,
                        const char           *keyword,
                        const char           *token,
                        gint                  index,
                        const OciSchemaValue *value,
                        GError              **error)
{
  OciSchemaNode *node;

  if (oci_schema_value_kind (value) != OCI_SCHEMA_KIND_OBJECT)
    {
      g_autoptr(GString) location = g_string_new (oci_schema_node_location (parent));

      oci_schema_pointer_append (location, keyword);
      if (token != NULL)
        oci_schema_pointer_append (location, token);
      else if (index >= 0)
        g_string_append_printf (location, "/%d", index);
      fail_not_object (error, location->str, value);
      return NULL;
    }

  node = g_hash_table_lookup (store->by_source, oci_schema_value_identity (value));
  if (node != NULL)
    return node;
  node = oci_schema_node_new (store, value);
  node->parent = parent;
  node->keyword = keyword;
  node->token = token;
  node->index = MAX (index, 0);
  node->has_index = token == NULL && index >= 0;
  node->scope = parent->base_uri;
  /* Not indexed by source: $refs reach nodes through node_at(), which
   * indexes what it creates; a $ref to a subschema that is also reached
   * from its parent (rare: "#/properties/x") gets a node of its own. */
  g_ptr_array_add (store->nodes, node);
  return node;
}

/* RFC 6901: "~1" is "/", "~0" is "~"; any other "~" is malformed. */
static char *
unescape_token (const char *token,
                gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (token[i] != '~')
        g_string_append_c (out, token[i]);
      else if (i + 1 < length && (token[i + 1] == '0' || token[i + 1] == '1'))
        g_string_append_c (out, token[++i] == '0' ? '~' : '/');
      else
        return (g_string_free (out, TRUE), NULL);
    }
  return g_string_free (out, FALSE);
}

static gboolean
step_into (const OciSchemaValue *value,
           const char           *token,
           OciSchemaValue       *child)
{
  guint64 index;

  if (oci_schema_value_kind (value) == OCI_SCHEMA_KIND_OBJECT)
    return oci_schema_value_member (value, token, child);
  if (token[0] == '\0' || (token[0] == '0' && token[1] != '\0')
      || !g_ascii_string_to_unsigned (token, 10, 0, G_MAXUINT, &index, NULL))
    return FALSE;
  return oci_schema_value_element (value, index, child);
}

/* What a position reached by a JSON pointer holds, as far as draft-04
 * keywords tell: only a schema's "id" changes the resolution scope. */
typedef enum {
  POSITION_SCHEMA,
  POSITION_SCHEMA_MAP,    /* "properties", "definitions"…: name -> schema */
  POSITION_SCHEMA_LIST,   /* "allOf", "items" as an array…: schemas */
  POSITION_OTHER,
} Position;

static Position
position_after (Position              position,
                const char           *token,
                const OciSchemaValue *value)
{
  switch (position)
    {
    case POSITION_SCHEMA:
      for (gsize i = 0; i < G_N_ELEMENTS (subschema_map_keywords); i++)
        if (strcmp (token, subschema_map_keywords[i]) == 0)
          return POSITION_SCHEMA_MAP;
      for (gsize i = 0; i < G_N_ELEMENTS (subschema_keywords); i++)
        if (strcmp (token, subschema_keywords[i]) == 0)
          return oci_schema_value_kind (value) == OCI_SCHEMA_KIND_ARRAY
                 ? POSITION_SCHEMA_LIST : POSITION_SCHEMA;
      return POSITION_OTHER;
    case POSITION_SCHEMA_MAP:
    case POSITION_SCHEMA_LIST:
      return POSITION_SCHEMA;
    case POSITION_OTHER:
    default:
      return POSITION_OTHER;
    }
}

/* The node of the schema at @pointer in a registered document. */
static OciSchemaNode *
node_at (OciSchemaStore *store,
         const char     *document,
         const char     *pointer,
         GError        **error)
{
  Document *doc = g_hash_table_lookup (store->documents, document);
  g_autoptr(GString) location = g_string_new (document);
  const char *base = doc->base;
  const char *p = pointer;
  Position position = POSITION_SCHEMA;
  OciSchemaValue value;
  OciSchemaNode *node;

  g_string_append_c (location, '#');
  if (p[0] != '\0' && p[0] != '/')
    return (fail_unresolved (error, "\"%s\" is not a JSON pointer", pointer), NULL);

  document_root (doc, &value);
  while (*p == '/')
    {
      const char *end = strchr (p + 1, '/');
      g_autofree char *token = NULL;
      OciSchemaValue child;

      if (end == NULL)
        end = p + strlen (p);
      token = unescape_token (p + 1, end - (p + 1));
      if (token == NULL)
        return (fail_unresolved (error, "malformed JSON pointer \"%s\"", pointer), NULL);
      if (p == pointer)
        base = doc->root_scope;
      else if (position == POSITION_SCHEMA && (base = scope_of (store, &value, base, error)) == NULL)
        return NULL;
      if (!step_into (&value, token, &child))
        return (fail_unresolved (error, "nothing at \"#%s\"", pointer), NULL);
      position = position_after (position, token, &child);
      value = child;
      oci_schema_pointer_append (location, token);
      p = end;
    }

  if (oci_schema_value_kind (&value) != OCI_SCHEMA_KIND_OBJECT)
    return (fail_not_object (error, location->str, &value), NULL);
  node = g_hash_table_lookup (store->by_source, oci_schema_value_identity (&value));
  if (node != NULL)
    return node;
  node = oci_schema_node_new (store, &value);
  node->location = g_string_free (g_steal_pointer (&location), FALSE);
  node->scope = base;
  register_node (store, node);
  return node;
}

/* ---- compiling --------------------------------------------------------- */

static gboolean compile_node_locked (OciSchemaStore *store,
                                     OciSchemaNode  *node,
                                     gboolean        link,
                                     GError        **error);
static OciSchemaNode *store_lookup (OciSchemaStore *store,
                                    const char     *uri,
                                    GError        **error);

static gboolean
compile_ref (OciSchemaStore       *store,
             OciSchemaNode        *node,
             const OciSchemaValue *ref,
             gboolean              link,
             GError              **error)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  OciSchemaNode *target;
  gboolean ok;

  if (oci_schema_value_kind (ref) != OCI_SCHEMA_KIND_STRING)
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
                   "%s: \"$ref\" must be a string", oci_schema_node_location (node));
      return FALSE;
    }
  /* even an "id" next to $ref is ignored: it resolves in the parent's scope */
  node->base_uri = node->scope;
  node->ref = store_resolve (store, node->scope, oci_schema_value_get_string (ref, scratch), error);
  if (node->ref == NULL || !link)
    return node->ref != NULL;

  target = store_lookup (store, node->ref, error);
  if (target == NULL)
    {
      g_prefix_error (error, "%s: cannot resolve $ref \"%s\": ", oci_schema_node_location (node), node->ref);
      return FALSE;
    }
  /* follow a chain of $refs to its end now, which also finds cycles */
  if (target->store == store)
    ok = compile_node_locked (store, target, TRUE, error);
  else
    ok = oci_schema_node_ensure (target, error);
  if (!ok)
    return FALSE;
  node->ref_target = target->ref_target != NULL ? target->ref_target : target;
  return TRUE;
}

static gboolean
apply_id (OciSchemaStore *store,
          OciSchemaNode  *node,
          GError        **error)
{
  g_autoptr(GString) scratch = NULL;
  OciSchemaValue id;

  node->base_uri = node->scope;
  if (!oci_schema_value_member (&node->source, "id", &id))
    return TRUE;
  if (oci_schema_value_kind (&id) != OCI_SCHEMA_KIND_STRING)
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
                   "%s: \"id\" must be a string", oci_schema_node_location (node));
      return FALSE;
    }
  scratch = g_string_new (NULL);
  node->base_uri = store_resolve (store, node->scope, oci_schema_value_get_string (&id, scratch), error);
  return node->base_uri != NULL;
}

/*
 * Compiles @node with @store's lock held. With @link unset, a $ref is only
 * checked, not resolved, and the node stays a stub (adding a document must
 * not load others). On failure the node is a stub again: the next
 * validation that reaches it tries again and fails the same way.
 */
static gboolean
compile_node_locked (OciSchemaStore *store,
                     OciSchemaNode  *node,
                     gboolean        link,
                     GError        **error)
{
  OciSchemaValue ref;
  gboolean ok;

  switch (g_atomic_int_get (&node->state))
    {
    case OCI_SCHEMA_NODE_READY:
      return TRUE;
    case OCI_SCHEMA_NODE_COMPILING:
      /* only a $ref chain recurses: it came back here */
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
                   "%s: $ref \"%s\" leads back to itself", oci_schema_node_location (node),
                   node->ref);
      return FALSE;
    default:
      break;
    }

  g_atomic_int_set (&node->state, OCI_SCHEMA_NODE_COMPILING);
  if (oci_schema_value_member (&node->source, "$ref", &ref))
    ok = compile_ref (store, node, &ref, link, error);
  else
    ok = apply_id (store, node, error) && oci_schema_node_compile_keywords (node, error);

  if (!ok || (node->ref != NULL && !link))
    {
      oci_schema_node_reset (node);
      g_atomic_int_set (&node->state, OCI_SCHEMA_NODE_STUB);
      return ok;
    }
  /* publishes every field written above */
  g_atomic_int_set (&node->state, OCI_SCHEMA_NODE_READY);
  return TRUE;
}

/* Compiles a node that validation reached for the first time. */
gboolean
oci_schema_node_ensure_slow (OciSchemaNode *node,
                             GError       **error)
{
  OciSchemaStore *store = node->store;
  gboolean ok;

  g_rec_mutex_lock (&store->lock);
  ok = compile_node_locked (store, node, TRUE, error);
  g_rec_mutex_unlock (&store->lock);
  return ok;
}

/* ---- documents --------------------------------------------------------- */

/* Registers @doc, checking its root schema (alone) first: a document that
 * fails leaves nothing behind. Takes @doc. */
static gboolean
add_document_locked (OciSchemaStore *store,
                     Document       *doc,
                     GError        **error)
{
  guint mark = store->nodes->len;
  OciSchemaValue root;
  OciSchemaNode *node;

  doc->base = g_string_chunk_insert_const (store->strings, doc->uri);
  doc->root_scope = doc->base;
  document_root (doc, &root);
  if (oci_schema_value_kind (&root) == OCI_SCHEMA_KIND_OBJECT)
    {
      node = oci_schema_node_new (store, &root);
      node->location = g_strconcat (doc->uri, "#", NULL);
      node->scope = doc->base;
      register_node (store, node);
      if (!compile_node_locked (store, node, FALSE, error))
        {
          forget_nodes (store, mark);
          document_free (doc);
          return FALSE;
        }
      if (node->base_uri != NULL && strcmp (node->base_uri, doc->base) != 0)
        {
          record_id (store, node->base_uri, doc->uri, "");
          doc->root_scope = node->base_uri;
        }
    }
  g_hash_table_insert (store->documents, doc->uri, doc);
  store->unscanned++;
  return TRUE;
}

static Document *
document_new (const char *uri)
{
  Document *doc = g_new0 (Document, 1);

  doc->uri = g_strdup (uri);
  return doc;
}

/* The built-in meta-schema or an embedded resource, kept as text. */
static gboolean
load_shared_document (OciSchemaStore *store,
                      const char     *uri,
                      GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) index = NULL;
  const OciEmbeddedSchema *embedded = NULL;
  Document *doc;
  const char *data;
  gsize length;

  if (strcmp (uri, OCI_SCHEMA_DRAFT4_URI) == 0)
    {
      data = oci_schema_draft4_metaschema;
      length = strlen (data);
    }
  else if ((embedded = embedded_for_uri (uri)) != NULL)
    {
      data = embedded->text;
      length = embedded->length;
      /* the build's index of the text's containers */
      if (embedded->index)
        index = g_bytes_new_static (embedded->index, embedded->index_length);
    }
  else if (g_str_has_prefix (uri, "resource:"))
    {
      if ((bytes = load_resource_bytes (uri, error)) == NULL)
        return FALSE;
      data = g_bytes_get_data (bytes, &length);
    }
  else
    return fail_unresolved (error, "%s: the embedded schemas refer only to embedded schemas", uri);

  doc = document_new (uri);
  doc->text = oci_schema_text_new_indexed (data, length, index, uri, error);
  if (doc->text == NULL)
    {
      document_free (doc);
      return FALSE;
    }
  doc->bytes = g_steal_pointer (&bytes);
  return add_document_locked (store, doc, error);
}

static JsonNode *
call_resolver (OciSchema  *self,
               const char *uri,
               GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *document;

  if (self->resolve != NULL)
    document = self->resolve (uri, self->resolve_data, &local_error);
  else
    document = oci_schema_default_resolve (uri, NULL, &local_error);
  if (document != NULL)
    return document;

  if (local_error == NULL)
    g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF,
                 "no document found at %s", uri);
  else if (local_error->domain == OCI_SCHEMA_ERROR)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, OCI_SCHEMA_ERROR,
                 g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                 ? OCI_SCHEMA_ERROR_UNRESOLVED_REF : OCI_SCHEMA_ERROR_LOAD,
                 "cannot load %s: %s", uri, local_error->message);
  return NULL;
}

static gboolean
add_tree_locked (OciSchemaStore *store,
                 const char     *uri,
                 JsonNode       *json,
                 GError        **error)
{
  Document *doc = document_new (uri);

  doc->json = json_node_ref (json);
  return add_document_locked (store, doc, error);
}

static gboolean
ensure_document (OciSchemaStore *store,
                 const char     *uri,
                 GError        **error)
{
  g_autoptr(JsonNode) json = NULL;

  if (g_hash_table_contains (store->documents, uri))
    return TRUE;
  if (store->shared)
    return load_shared_document (store, uri, error);
  json = call_resolver (store->owner, uri, error);
  if (json == NULL)
    return FALSE;
  /* a resolver may have registered it itself */
  if (g_hash_table_contains (store->documents, uri))
    return TRUE;
  return add_tree_locked (store, uri, json, error);
}

/* ---- references -------------------------------------------------------- */

static OciSchemaNode *
shared_lookup (const char *uri,
               GError    **error)
{
  OciSchemaStore *shared = shared_store ();
  OciSchemaNode *node;

  g_rec_mutex_lock (&shared->lock);
  node = store_lookup (shared, uri, error);
  g_rec_mutex_unlock (&shared->lock);
  return node;
}

/* Whether an embedded document loaded by now declares @id. */
static gboolean
shared_declares (const char *id)
{
  OciSchemaStore *shared = shared_store ();
  gboolean found;

  g_rec_mutex_lock (&shared->lock);
  found = g_hash_table_contains (shared->ids, id);
  g_rec_mutex_unlock (&shared->lock);
  return found;
}

/* An OciSchema's own documents come first; then the shared ones. */
static gboolean
belongs_to_shared (OciSchemaStore *store,
                   const char     *document)
{
  return !store->shared && !g_hash_table_contains (store->documents, document)
         && (is_shared_uri (document) || shared_declares (document));
}

/* "…#name": a location-independent id, declared somewhere. */
static OciSchemaNode *
lookup_plain_name (OciSchemaStore *store,
                   const char     *uri,
                   const char     *document,
                   GError        **error)
{
  IdTarget *target = g_hash_table_lookup (store->ids, uri);

  if (target == NULL && !scan_all_ids (store, error))
    return NULL;
  target = g_hash_table_lookup (store->ids, uri);
  if (target == NULL && belongs_to_shared (store, document))
    return shared_lookup (uri, error);
  if (target == NULL && !g_hash_table_contains (store->ids, document))
    {
      if (!ensure_document (store, document, error) || !scan_all_ids (store, error))
        return NULL;
      target = g_hash_table_lookup (store->ids, uri);
    }
  if (target == NULL)
    return (fail_unresolved (error, "no schema declares the id \"%s\"", uri), NULL);
  return node_at (store, target->document, target->pointer, error);
}

/* "…#/pointer" (or no fragment): a document, or an id, and a pointer. */
static OciSchemaNode *
lookup_pointer (OciSchemaStore *store,
                const char     *uri,
                const char     *document,
                const char     *fragment,
                GError        **error)
{
  IdTarget *target = g_hash_table_lookup (store->ids, document);
  g_autofree char *pointer = NULL;

  if (target == NULL && !g_hash_table_contains (store->documents, document))
    {
      if (belongs_to_shared (store, document))
        return shared_lookup (uri, error);
      /* an embedded document is found by its URI: no need to walk the
       * others for ids */
      if (!(store->shared && is_shared_uri (document)) && !scan_all_ids (store, error))
        return NULL;
      target = g_hash_table_lookup (store->ids, document);
    }
  if (target != NULL)
    {
      pointer = g_strconcat (target->pointer, fragment, NULL);
      return node_at (store, target->document, pointer, error);
    }
  if (!ensure_document (store, document, error))
    return NULL;
  return node_at (store, document, fragment, error);
}

static OciSchemaNode *
lookup_uncached (OciSchemaStore *store,
                 const char     *uri,
                 GError        **error)
{
  const char *hash = strchr (uri, '#');
  g_autofree char *document = hash ? g_strndup (uri, hash - uri) : g_strdup (uri);
  const char *raw = hash ? hash + 1 : "";
  g_autofree char *fragment = strchr (raw, '%') ? g_uri_unescape_string (raw, NULL) : g_strdup (raw);

  if (fragment == NULL)
    return (fail_unresolved (error, "malformed percent-encoding in the fragment"), NULL);
  if (fragment[0] != '\0' && fragment[0] != '/')
    return lookup_plain_name (store, uri, document, error);
  return lookup_pointer (store, uri, document, fragment, error);
}

/* The node an absolute URI names, loading its document if needed; found
 * once per store and URI. */
static OciSchemaNode *
store_lookup (OciSchemaStore *store,
              const char     *uri,
              GError        **error)
{
  OciSchemaNode *node = g_hash_table_lookup (store->targets, uri);

  if (node != NULL)
    return node;
  node = lookup_uncached (store, uri, error);
  if (node != NULL)
    g_hash_table_insert (store->targets, g_strdup (uri), node);
  return node;
}

/* ---- the public face --------------------------------------------------- */

/**
 * oci_schema_add_document:
 * @self: an #OciSchema
 * @uri: the absolute URI of the document, without a fragment
 * @document: (transfer none): the schema document
 * @error: return location for a #GError
 *
 * Registers @document under @uri, for @self alone, and checks its root
 * schema; the subschemas below it are checked when a validation first
 * reaches them (see oci_schema_validate()). @self keeps a reference to
 * @document, which must not change afterwards. Adding the same document
 * twice is harmless. A document registered here takes precedence over an
 * embedded one of the same URI.
 *
 * Thread safety: it changes the schema: not while other threads validate
 * with it (oci_schema_validate() and oci_schema_is_valid() are the calls
 * threads may share); never from checker threads under `validate --jobs`.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 *   (%OCI_SCHEMA_ERROR_INVALID_SCHEMA for a malformed root schema,
 *   %OCI_SCHEMA_ERROR_LOAD for a bad URI or a different document already
 *   registered under @uri)
 */
gboolean
oci_schema_add_document (OciSchema  *self,
                         const char *uri,
                         JsonNode   *document,
                         GError    **error)
{
  g_autofree char *normalized = NULL;
  Document *existing;
  gboolean ok = TRUE;

  g_return_val_if_fail (OCI_IS_SCHEMA (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  normalized = document_uri (uri, error);
  if (normalized == NULL)
    return FALSE;

  g_rec_mutex_lock (&self->store.lock);
  existing = g_hash_table_lookup (self->store.documents, normalized);
  if (existing == NULL)
    ok = add_tree_locked (&self->store, normalized, document, error);
  else if (existing->json != document && !json_node_equal (existing->json, document))
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD,
                   "a different document is already registered as %s", normalized);
      ok = FALSE;
    }
  g_rec_mutex_unlock (&self->store.lock);
  return ok;
}

/**
 * oci_schema_add_file:
 * @self: an #OciSchema
 * @path: a schema file, absolute or relative to the working directory
 * @out_uri: (out) (optional) (transfer full): the `file://` URI it is
 *   registered under
 * @error: return location for a #GError
 *
 * Reads, parses and registers a schema file under its absolute `file://`
 * URI, so that relative `$ref`s inside it name files next to it.
 *
 * Thread safety: it changes the schema: not while other threads validate
 * with it (oci_schema_validate() and oci_schema_is_valid() are the calls
 * threads may share); never from checker threads under `validate --jobs`.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 *   (%OCI_SCHEMA_ERROR_LOAD when the file cannot be read or parsed, the
 *   message naming the file and, for JSON errors, line:column)
 */
gboolean
oci_schema_add_file (OciSchema  *self,
                     const char *path,
                     char      **out_uri,
                     GError    **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (OCI_IS_SCHEMA (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);
  uri = g_file_get_uri (file);
  document = load_file (file, OCI_FILE_READ_STREAMS, &local_error);
  if (document == NULL)
    {
      /* a missing file given by name is a load failure, not a bad $ref */
      g_set_error_literal (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD, local_error->message);
      return FALSE;
    }
  if (!oci_schema_add_document (self, uri, document, error))
    return FALSE;
  if (out_uri != NULL)
    *out_uri = g_steal_pointer (&uri);
  return TRUE;
}

/* The tree of a document; a text document is parsed the first time. */
static JsonNode *
document_json (Document *doc)
{
  gsize length;
  const char *data;

  if (doc->json == NULL && doc->text != NULL)
    {
      data = oci_schema_text_get_data (doc->text, &length);
      doc->json = oci_schema_parse_json (data, length, doc->uri, NULL);
    }
  return doc->json;
}

static JsonNode *
lookup_shared_document (const char *uri)
{
  OciSchemaStore *shared = shared_store ();
  JsonNode *json = NULL;

  g_rec_mutex_lock (&shared->lock);
  if (ensure_document (shared, uri, NULL))
    json = document_json (g_hash_table_lookup (shared->documents, uri));
  g_rec_mutex_unlock (&shared->lock);
  return json;
}

/**
 * oci_schema_lookup_document:
 * @self: an #OciSchema
 * @uri: an absolute URI without a fragment
 *
 * Finds a document added to @self or loaded for a `$ref`, or a built-in
 * or embedded one (the draft-04 meta-schema, `resource://` URIs: loaded
 * on first use). The resolver is not called.
 *
 * Thread safety: safe from several threads at once, checker threads under
 * `validate --jobs` included: the schema's store is locked.
 *
 * Returns: (transfer none) (nullable): the document, or %NULL
 */
JsonNode *
oci_schema_lookup_document (OciSchema  *self,
                            const char *uri)
{
  g_autofree char *normalized = NULL;
  Document *doc;
  JsonNode *json = NULL;

  g_return_val_if_fail (OCI_IS_SCHEMA (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  normalized = document_uri (uri, NULL);
  if (normalized == NULL)
    return NULL;

  g_rec_mutex_lock (&self->store.lock);
  doc = g_hash_table_lookup (self->store.documents, normalized);
  if (doc != NULL)
    json = document_json (doc);
  g_rec_mutex_unlock (&self->store.lock);
  if (doc == NULL && is_shared_uri (normalized))
    json = lookup_shared_document (normalized);
  return json;
}

static OciSchemaNode *
entry_node (OciSchema  *self,
            const char *schema_uri,
            GError    **error)
{
  OciSchemaStore *store = &self->store;
  g_autofree char *absolute = NULL;
  OciSchemaNode *node;

  g_rec_mutex_lock (&store->lock);
  node = g_hash_table_lookup (store->entries, schema_uri);
  if (node == NULL)
    {
      absolute = oci_schema_resolve_uri (NULL, schema_uri, NULL);
      if (absolute == NULL)
        fail_unresolved (error, "\"%s\" is not an absolute URI", schema_uri);
      else if ((node = store_lookup (store, absolute, error)) == NULL)
        g_prefix_error (error, "cannot find schema \"%s\": ", schema_uri);
      else
        g_hash_table_insert (store->entries, g_strdup (schema_uri), node);
    }
  g_rec_mutex_unlock (&store->lock);
  return node;
}

/**
 * oci_schema_validate:
 * @self: an #OciSchema
 * @schema_uri: absolute URI of the schema, with an optional fragment
 *   (`file:///…/config-schema.json`, `…/defs.json#/definitions/Mount`)
 * @instance: (transfer none): the document to check
 * @violations: (out) (optional) (transfer container) (element-type OciSchemaViolation):
 *   every way in which @instance breaks the schema, in document order;
 *   empty when it conforms
 * @error: return location for a #GError
 *
 * Validates @instance against the schema at @schema_uri.
 *
 * Each subschema is compiled, and each `$ref` resolved (loading its
 * document if needed), the first time a validation reaches it; later
 * validations reuse it. So a malformed subschema or a `$ref` that leads
 * nowhere is reported by the first validation that reaches it, as an
 * %OCI_SCHEMA_ERROR_INVALID_SCHEMA or %OCI_SCHEMA_ERROR_UNRESOLVED_REF
 * error, and not at all while no instance reaches it; use
 * oci_schema_compile() to check a whole schema up front. The draft-04
 * meta-schema and `resource://` documents are compiled once per process
 * and shared by every #OciSchema. Several threads may validate against
 * the same #OciSchema at once.
 *
 * Returns: %TRUE when validation ran, whatever its outcome; %FALSE with
 *   @error set when it could not (%OCI_SCHEMA_ERROR_UNRESOLVED_REF,
 *   %OCI_SCHEMA_ERROR_INVALID_SCHEMA or %OCI_SCHEMA_ERROR_LOAD)
 */
gboolean
oci_schema_validate (OciSchema  *self,
                     const char *schema_uri,
                     JsonNode   *instance,
                     GPtrArray **violations,
                     GError    **error)
{
  g_autoptr(GPtrArray) found = NULL;
  OciSchemaNode *node;
  gboolean valid;

  g_return_val_if_fail (OCI_IS_SCHEMA (self), FALSE);
  g_return_val_if_fail (schema_uri != NULL, FALSE);
  g_return_val_if_fail (instance != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  node = entry_node (self, schema_uri, error);
  if (node == NULL)
    return FALSE;

  if (violations != NULL)
    found = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_schema_violation_free);
  if (!oci_schema_node_validate (node, instance, found, &valid, error))
    return FALSE;
  if (violations != NULL)
    *violations = g_steal_pointer (&found);
  return TRUE;
}

/**
 * oci_schema_is_valid:
 * @self: an #OciSchema
 * @schema_uri: absolute URI of the schema, with an optional fragment
 * @instance: (transfer none): the document to check
 * @error: return location for a #GError
 *
 * Like oci_schema_validate(), but stops at the first violation and
 * reports none.
 *
 * Thread safety: safe from several threads at once, checker threads under
 * `validate --jobs` included: the schema's store is locked.
 *
 * Returns: %TRUE if @instance conforms; %FALSE if it does not (@error
 *   unset) or if validation could not run (@error set)
 */
gboolean
oci_schema_is_valid (OciSchema  *self,
                     const char *schema_uri,
                     JsonNode   *instance,
                     GError    **error)
{
  OciSchemaNode *node;
  gboolean valid;

  g_return_val_if_fail (OCI_IS_SCHEMA (self), FALSE);
  g_return_val_if_fail (schema_uri != NULL, FALSE);
  g_return_val_if_fail (instance != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  node = entry_node (self, schema_uri, error);
  if (node == NULL)
    return FALSE;
  return oci_schema_node_validate (node, instance, NULL, &valid, error) && valid;
}

static void
push_node (gpointer node,
           gpointer stack)
{
  g_ptr_array_add (stack, node);
}

/**
 * oci_schema_compile:
 * @self: an #OciSchema
 * @schema_uri: absolute URI of the schema, with an optional fragment
 * @error: return location for a #GError
 *
 * Compiles now every subschema that a validation against @schema_uri
 * could reach, following `$ref`s into other documents, instead of waiting
 * for validations to reach them. Definitions that no reachable `$ref`
 * names are not compiled.
 *
 * Thread safety: it changes the schema: not while other threads validate
 * with it (oci_schema_validate() and oci_schema_is_valid() are the calls
 * threads may share); never from checker threads under `validate --jobs`.
 *
 * Returns: %TRUE if the whole schema is usable; %FALSE with @error set for
 *   the first subschema that is not (%OCI_SCHEMA_ERROR_INVALID_SCHEMA,
 *   %OCI_SCHEMA_ERROR_UNRESOLVED_REF or %OCI_SCHEMA_ERROR_LOAD)
 */
gboolean
oci_schema_compile (OciSchema  *self,
                    const char *schema_uri,
                    GError    **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  OciSchemaNode *node;

  g_return_val_if_fail (OCI_IS_SCHEMA (self), FALSE);
  g_return_val_if_fail (schema_uri != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  node = entry_node (self, schema_uri, error);
  if (node == NULL)
    return FALSE;
  g_ptr_array_add (stack, node);
  while (stack->len > 0)
    {
      node = g_ptr_array_steal_index_fast (stack, stack->len - 1);
      if (!g_hash_table_add (seen, node))
        continue;
      if (!oci_schema_node_ensure (node, error))
        return FALSE;
      oci_schema_node_foreach_child (node, push_node, stack);
    }
  return TRUE;
}
