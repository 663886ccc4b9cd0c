/* oci-schema.c: JSON Schema draft-04 documents, references and validation
 *
 * An OciSchema holds schema documents by URI, the draft-04 "id"s declared
 * inside them, and a cache of compiled nodes keyed by canonical location
 * ("document-uri#json-pointer"). Documents are compiled when added; a
 * schema's $refs are resolved, loading documents through the resolver as
 * needed, the first time it is validated against. After that a validation
 * only reads the cache.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oci-schema-private.h"

#include <string.h>

struct _OciSchema
{
  GObject              parent_instance;

  /* guards the tables; recursive so that a resolver may add documents */
  GRecMutex            lock;
  GHashTable          *documents;  /* uri -> JsonNode */
  GHashTable          *ids;        /* absolute "id" uri -> IdTarget */
  GHashTable          *nodes;      /* location -> OciSchemaNode */
  GHashTable          *entries;    /* schema uri as validated -> linked OciSchemaNode */

  OciSchemaResolveFunc resolve;
  gpointer             resolve_data;
  GDestroyNotify       resolve_notify;
};

G_DEFINE_TYPE (OciSchema, oci_schema, G_TYPE_OBJECT)

G_DEFINE_QUARK (oci-schema-error-quark, oci_schema_error)

/* Where an "id" points: a document and a pointer inside it. */
typedef struct {
  char *document;
  char *pointer;
} IdTarget;

static void
id_target_free (IdTarget *target)
{
  g_free (target->document);
  g_free (target->pointer);
  g_free (target);
}

/**
 * oci_schema_violation_free:
 * @violation: (transfer full) (nullable): a violation
 *
 * Frees @violation and its strings.
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

  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->nodes);
  g_hash_table_unref (self->ids);
  g_hash_table_unref (self->documents);
  if (self->resolve_notify != NULL)
    self->resolve_notify (self->resolve_data);
  g_rec_mutex_clear (&self->lock);

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
  g_rec_mutex_init (&self->lock);
  self->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) json_node_unref);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) id_target_free);
  /* keys are the nodes' own location strings */
  self->nodes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) oci_schema_node_free);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * oci_schema_new:
 *
 * Creates an empty schema collection. It knows the draft-04 meta-schema
 * (%OCI_SCHEMA_DRAFT4_URI) and loads `file://` and `resource://` documents
 * on demand; add others with oci_schema_add_document() or a resolver.
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
 * `file://` and `resource://` support, let @func fall back to
 * oci_schema_default_resolve(). @func may add documents to @self.
 */
void
oci_schema_set_resolver (OciSchema           *self,
                         OciSchemaResolveFunc func,
                         gpointer             user_data,
                         GDestroyNotify       notify)
{
  g_return_if_fail (OCI_IS_SCHEMA (self));

  g_rec_mutex_lock (&self->lock);
  if (self->resolve_notify != NULL)
    self->resolve_notify (self->resolve_data);
  self->resolve = func;
  self->resolve_data = user_data;
  self->resolve_notify = notify;
  g_rec_mutex_unlock (&self->lock);
}

static JsonNode *
load_file (GFile  *file,
           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  gsize length;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, OCI_SCHEMA_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                   ? OCI_SCHEMA_ERROR_UNRESOLVED_REF : OCI_SCHEMA_ERROR_LOAD,
                   "%s", local_error->message);
      return NULL;
    }
  return oci_schema_parse_json (contents, length, name, error);
}

static JsonNode *
load_resource (const char *uri,
               GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, &local_error);
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  if (parsed != NULL)
    bytes = g_resources_lookup_data (g_uri_get_path (parsed), G_RESOURCE_LOOKUP_FLAGS_NONE,
                                     &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF,
                   "cannot load %s: %s", uri, local_error->message);
      return NULL;
    }
  data = g_bytes_get_data (bytes, &length);
  return oci_schema_parse_json (data, length, uri, error);
}

/**
 * oci_schema_default_resolve:
 * @uri: an absolute URI without a fragment
 * @user_data: unused
 * @error: return location for a #GError
 *
 * The resolver used unless oci_schema_set_resolver() replaces it: reads
 * `file://` URIs from disk and `resource://` URIs from the registered
 * #GResources. Other schemes are not fetched.
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

      return load_file (file, error);
    }
  if (g_strcmp0 (scheme, "resource") == 0)
    return load_resource (uri, error);

  g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF,
               "%s is not registered and %s URIs are not fetched", uri,
               scheme != NULL ? scheme : "relative");
  return NULL;
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
  const char *document;
  GHashTable *found;    /* id uri -> IdTarget */
  GString    *pointer;
} IdScan;

static gboolean scan_ids (IdScan     *scan,
                          JsonNode   *json,
                          const char *base,
                          GError    **error);

static gboolean
scan_child (IdScan     *scan,
            JsonNode   *json,
            const char *base,
            const char *keyword,
            const char *token,
            GError    **error)
{
  gsize saved = scan->pointer->len;
  gboolean ok;

  oci_schema_pointer_append (scan->pointer, keyword);
  if (token != NULL)
    oci_schema_pointer_append (scan->pointer, token);
  ok = scan_ids (scan, json, base, error);
  g_string_truncate (scan->pointer, saved);
  return ok;
}

static gboolean
scan_array (IdScan     *scan,
            JsonArray  *array,
            const char *base,
            const char *keyword,
            GError    **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      char token[16];

      g_snprintf (token, sizeof token, "%u", i);
      if (!scan_child (scan, json_array_get_element (array, i), base, keyword, token, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan_map (IdScan     *scan,
          JsonNode   *map,
          const char *base,
          const char *keyword,
          GError    **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (map))
    return TRUE;
  json_object_iter_init_ordered (&iter, json_node_get_object (map));
  while (json_object_iter_next_ordered (&iter, &name, &member))
    if (!scan_child (scan, member, base, keyword, name, error))
      return FALSE;
  return TRUE;
}

static gboolean
record_id (IdScan     *scan,
           const char *scope)
{
  IdTarget *target;

  /* the first declaration of an id wins */
  if (g_hash_table_contains (scan->found, scope))
    return TRUE;
  target = g_new0 (IdTarget, 1);
  target->document = g_strdup (scan->document);
  target->pointer = g_strdup (scan->pointer->str);
  g_hash_table_insert (scan->found, g_strdup (scope), target);
  return TRUE;
}

/* Walks the schema positions of a document; wrong types are left for the
 * compiler to report. */
static gboolean
scan_ids (IdScan     *scan,
          JsonNode   *json,
          const char *base,
          GError    **error)
{
  g_autofree char *scope = NULL;
  JsonObject *object;
  JsonNode *id;

  if (!JSON_NODE_HOLDS_OBJECT (json))
    return TRUE;
  object = json_node_get_object (json);
  if (json_object_has_member (object, "$ref"))
    return TRUE;

  id = json_object_get_member (object, "id");
  if (id != NULL && oci_schema_kind_of (id) == OCI_SCHEMA_KIND_STRING)
    {
      scope = oci_schema_resolve_uri (base, json_node_get_string (id), error);
      if (scope == NULL || !record_id (scan, scope))
        return FALSE;
      base = scope;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (subschema_keywords); i++)
    {
      JsonNode *value = json_object_get_member (object, subschema_keywords[i]);

      if (value == NULL)
        continue;
      if (JSON_NODE_HOLDS_ARRAY (value)
          ? !scan_array (scan, json_node_get_array (value), base, subschema_keywords[i], error)
          : !scan_child (scan, value, base, subschema_keywords[i], NULL, error))
        return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (subschema_map_keywords); i++)
    {
      JsonNode *value = json_object_get_member (object, subschema_map_keywords[i]);

      if (value != NULL && !scan_map (scan, value, base, subschema_map_keywords[i], error))
        return FALSE;
    }
  return TRUE;
}

/* ---- documents --------------------------------------------------------- */

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

static void
merge_tables (GHashTable *into,
              GHashTable *from)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (into, key))
        {
          g_hash_table_iter_steal (&iter);
          g_hash_table_insert (into, key, value);
        }
    }
}

/* Compiles the root into a scratch cache first: a broken document must
 * leave nothing behind that points into it. */
static gboolean
add_document_locked (OciSchema  *self,
                     const char *uri,
                     JsonNode   *document,
                     GError    **error)
{
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) id_target_free);
  g_autoptr(GHashTable) compiled = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) oci_schema_node_free);
  g_autoptr(GString) pointer = g_string_new (NULL);
  g_autofree char *location = g_strconcat (uri, "#", NULL);
  JsonNode *existing = g_hash_table_lookup (self->documents, uri);
  IdScan scan = { uri, found, pointer };

  if (existing != NULL)
    {
      if (existing == document || json_node_equal (existing, document))
        return TRUE;
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD,
                   "a different document is already registered as %s", uri);
      return FALSE;
    }

  if (!scan_ids (&scan, document, uri, error))
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (document)
      && oci_schema_node_compile (compiled, location, document, uri, error) == NULL)
    return FALSE;

  json_node_seal (document);
  g_hash_table_insert (self->documents, g_strdup (uri), json_node_ref (document));
  merge_tables (self->ids, found);
  merge_tables (self->nodes, compiled);
  return TRUE;
}

/**
 * oci_schema_add_document:
 * @self: an #OciSchema
 * @uri: the absolute URI of the document, without a fragment
 * @document: (transfer none): the schema document
 * @error: return location for a #GError
 *
 * Registers @document under @uri, together with every `id` it declares, and
 * compiles its root schema. @self keeps a reference to @document and seals
 * it (see json_node_seal()): it must not change afterwards. Adding the same
 * document twice is harmless.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 *   (%OCI_SCHEMA_ERROR_INVALID_SCHEMA for a malformed schema,
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
  gboolean ok;

  g_return_val_if_fail (OCI_IS_SCHEMA (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  normalized = document_uri (uri, error);
  if (normalized == NULL)
    return FALSE;

  g_rec_mutex_lock (&self->lock);
  ok = add_document_locked (self, normalized, document, error);
  g_rec_mutex_unlock (&self->lock);
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
  document = load_file (file, &local_error);
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

static JsonNode *
call_resolver (OciSchema  *self,
               const char *uri,
               GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *document;

  if (g_strcmp0 (uri, OCI_SCHEMA_DRAFT4_URI) == 0)
    return oci_schema_parse_json (oci_schema_draft4_metaschema, -1, uri, error);

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
ensure_document (OciSchema  *self,
                 const char *uri,
                 GError    **error)
{
  g_autoptr(JsonNode) document = NULL;

  if (g_hash_table_contains (self->documents, uri))
    return TRUE;
  document = call_resolver (self, uri, error);
  if (document == NULL)
    return FALSE;
  /* a resolver may have registered it itself */
  if (g_hash_table_contains (self->documents, uri))
    return TRUE;
  return add_document_locked (self, uri, document, error);
}

/**
 * oci_schema_lookup_document:
 * @self: an #OciSchema
 * @uri: an absolute URI without a fragment
 *
 * Finds a document added to @self, loaded for a `$ref`, or built in (the
 * draft-04 meta-schema, loaded on first use). The resolver is not called.
 *
 * Returns: (transfer none) (nullable): the document, or %NULL
 */
JsonNode *
oci_schema_lookup_document (OciSchema  *self,
                            const char *uri)
{
  g_autofree char *normalized = NULL;
  JsonNode *document = NULL;

  g_return_val_if_fail (OCI_IS_SCHEMA (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  normalized = document_uri (uri, NULL);
  if (normalized == NULL)
    return NULL;

  g_rec_mutex_lock (&self->lock);
  if (g_strcmp0 (normalized, OCI_SCHEMA_DRAFT4_URI) == 0)
    ensure_document (self, normalized, NULL);
  document = g_hash_table_lookup (self->documents, normalized);
  g_rec_mutex_unlock (&self->lock);
  return document;
}

/* ---- references -------------------------------------------------------- */

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

static JsonNode *
step_into (JsonNode   *json,
           const char *token)
{
  if (JSON_NODE_HOLDS_OBJECT (json))
    return json_object_get_member (json_node_get_object (json), token);
  if (JSON_NODE_HOLDS_ARRAY (json))
    {
      JsonArray *array = json_node_get_array (json);
      guint64 index;

      if (token[0] == '\0' || (token[0] == '0' && token[1] != '\0')
          || !g_ascii_string_to_unsigned (token, 10, 0, G_MAXUINT, &index, NULL)
          || index >= json_array_get_length (array))
        return NULL;
      return json_array_get_element (array, index);
    }
  return NULL;
}

/* The scope an object at a pointer inherits: the document URI as changed
 * by the "id" of every object on the way down. */
static gboolean
enter_scope (JsonNode   *json,
             char      **base,
             GError    **error)
{
  JsonObject *object;
  JsonNode *id;
  char *scope;

  if (!JSON_NODE_HOLDS_OBJECT (json))
    return TRUE;
  object = json_node_get_object (json);
  id = json_object_get_member (object, "id");
  if (id == NULL || oci_schema_kind_of (id) != OCI_SCHEMA_KIND_STRING
      || json_object_has_member (object, "$ref"))
    return TRUE;
  scope = oci_schema_resolve_uri (*base, json_node_get_string (id), error);
  if (scope == NULL)
    return FALSE;
  g_free (*base);
  *base = scope;
  return TRUE;
}

/* Compiles (or finds) the schema at @pointer in a registered document. */
static OciSchemaNode *
node_at (OciSchema  *self,
         const char *document_uri_,
         const char *pointer,
         GError    **error)
{
  JsonNode *json = g_hash_table_lookup (self->documents, document_uri_);
  g_autoptr(GString) location = g_string_new (document_uri_);
  g_autofree char *base = g_strdup (document_uri_);
  const char *p = pointer;
  OciSchemaNode *node;

  g_string_append_c (location, '#');
  if (p[0] != '\0' && p[0] != '/')
    return (fail_unresolved (error, "\"%s\" is not a JSON pointer", pointer), NULL);

  while (*p == '/')
    {
      const char *end = strchr (p + 1, '/');
      g_autofree char *token = NULL;

      if (end == NULL)
        end = p + strlen (p);
      token = unescape_token (p + 1, end - (p + 1));

      if (token == NULL)
        return (fail_unresolved (error, "malformed JSON pointer \"%s\"", pointer), NULL);
      if (!enter_scope (json, &base, error))
        return NULL;
      json = step_into (json, token);
      if (json == NULL)
        return (fail_unresolved (error, "nothing at \"#%s\"", pointer), NULL);
      oci_schema_pointer_append (location, token);
      p = end;
    }

  node = g_hash_table_lookup (self->nodes, location->str);
  if (node != NULL)
    return node;
  return oci_schema_node_compile (self->nodes, location->str, json, base, error);
}

/* Finds the schema an absolute URI names, loading its document if needed. */
static OciSchemaNode *
lookup_node (OciSchema  *self,
             const char *uri,
             GError    **error)
{
  const char *hash = strchr (uri, '#');
  g_autofree char *document = hash ? g_strndup (uri, hash - uri) : g_strdup (uri);
  g_autofree char *fragment = g_uri_unescape_string (hash ? hash + 1 : "", NULL);
  g_autofree char *pointer = NULL;
  IdTarget *target;

  if (fragment == NULL)
    return (fail_unresolved (error, "malformed percent-encoding in the fragment"), NULL);

  /* a plain-name fragment is an "id" somewhere: load its document first */
  if (fragment[0] != '\0' && fragment[0] != '/')
    {
      target = g_hash_table_lookup (self->ids, uri);
      if (target == NULL && !g_hash_table_contains (self->ids, document)
          && !ensure_document (self, document, error))
        return NULL;
      target = g_hash_table_lookup (self->ids, uri);
      if (target == NULL)
        return (fail_unresolved (error, "no schema declares the id \"%s\"", uri), NULL);
      return node_at (self, target->document, target->pointer, error);
    }

  target = g_hash_table_lookup (self->ids, document);
  if (target != NULL)
    {
      pointer = g_strconcat (target->pointer, fragment, NULL);
      return node_at (self, target->document, pointer, error);
    }
  if (!ensure_document (self, document, error))
    return NULL;
  return node_at (self, document, fragment, error);
}

/* Collapses a $ref chain to its final schema; NULL on a cycle. */
static OciSchemaNode *
final_target (OciSchemaNode *node,
              guint          limit)
{
  OciSchemaNode *target = node->ref_target;

  for (guint steps = 0; target->ref != NULL; steps++)
    {
      if (steps > limit)
        return NULL;
      target = target->ref_target;
    }
  return target;
}

static gboolean
resolve_ref (OciSchema     *self,
             OciSchemaNode *node,
             GError       **error)
{
  if (node->ref_target != NULL)
    return TRUE;
  node->ref_target = lookup_node (self, node->ref, error);
  if (node->ref_target == NULL)
    {
      g_prefix_error (error, "%s: cannot resolve $ref \"%s\": ", node->location, node->ref);
      return FALSE;
    }
  return TRUE;
}

static gboolean
collapse_refs (GHashTable *seen,
               GError    **error)
{
  guint limit = g_hash_table_size (seen) + 1;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      OciSchemaNode *node = key;
      OciSchemaNode *target;

      if (node->ref == NULL)
        continue;
      target = final_target (node, limit);
      if (target == NULL)
        {
          g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
                       "%s: $ref \"%s\" leads back to itself", node->location, node->ref);
          return FALSE;
        }
      node->ref_target = target;
    }
  return TRUE;
}

static void
push_node (gpointer node,
           gpointer stack)
{
  g_ptr_array_add (stack, node);
}

/* Resolves every $ref reachable from @entry, then marks all of it linked:
 * a linked node is never written again, so validations may share it. */
static gboolean
link_node (OciSchema     *self,
           OciSchemaNode *entry,
           GError       **error)
{
  g_autoptr(GPtrArray) stack = NULL;
  g_autoptr(GHashTable) seen = NULL;
  GHashTableIter iter;
  gpointer key;

  if (entry->flags & OCI_SCHEMA_LINKED)
    return TRUE;

  stack = g_ptr_array_new ();
  seen = g_hash_table_new (NULL, NULL);
  g_ptr_array_add (stack, entry);
  while (stack->len > 0)
    {
      OciSchemaNode *node = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      if ((node->flags & OCI_SCHEMA_LINKED) || !g_hash_table_add (seen, node))
        continue;
      if (node->ref != NULL)
        {
          if (!resolve_ref (self, node, error))
            return FALSE;
          g_ptr_array_add (stack, node->ref_target);
        }
      else
        oci_schema_node_foreach_child (node, push_node, stack);
    }

  if (!collapse_refs (seen, error))
    return FALSE;
  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    ((OciSchemaNode *) key)->flags |= OCI_SCHEMA_LINKED;
  return TRUE;
}

static OciSchemaNode *
entry_node_locked (OciSchema  *self,
                   const char *schema_uri,
                   GError    **error)
{
  g_autofree char *absolute = NULL;
  OciSchemaNode *node = g_hash_table_lookup (self->entries, schema_uri);

  if (node != NULL)
    return node;

  absolute = oci_schema_resolve_uri (NULL, schema_uri, NULL);
  if (absolute == NULL)
    {
      fail_unresolved (error, "\"%s\" is not an absolute URI", schema_uri);
      return NULL;
    }
  node = lookup_node (self, absolute, error);
  if (node == NULL)
    {
      g_prefix_error (error, "cannot find schema \"%s\": ", schema_uri);
      return NULL;
    }
  if (!link_node (self, node, error))
    return NULL;
  g_hash_table_insert (self->entries, g_strdup (schema_uri), node);
  return node;
}

static OciSchemaNode *
entry_node (OciSchema  *self,
            const char *schema_uri,
            GError    **error)
{
  OciSchemaNode *node;

  g_rec_mutex_lock (&self->lock);
  node = entry_node_locked (self, schema_uri, error);
  g_rec_mutex_unlock (&self->lock);
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
 * Validates @instance against the schema at @schema_uri. The schema is
 * compiled and its `$ref`s resolved on first use, then reused. Several
 * threads may validate against the same #OciSchema at once.
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
