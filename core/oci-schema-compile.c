/* oci-schema-compile.c: turn schema objects into OciSchemaNodes, once
 *
 * Each keyword has a row in a table naming the function that checks its
 * value and stores it in parsed form. $refs are only made absolute here;
 * oci-schema.c resolves them, possibly loading other documents.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oci-schema-private.h"

#include <math.h>
#include <string.h>

typedef struct {
  GHashTable    *cache;
  OciSchemaNode *node;
} CompileCtx;

typedef gboolean (*KeywordCompileFunc) (CompileCtx  *ctx,
                                        const char  *keyword,
                                        JsonNode    *value,
                                        guint        flag,
                                        gsize        offset,
                                        GError     **error);

typedef struct {
  const char        *name;
  KeywordCompileFunc compile;
  guint              flag;    /* OciSchemaNodeFlags the keyword sets */
  gsize              offset;  /* where in OciSchemaNode it is stored */
} KeywordRow;

#define NODE_FIELD(ctx, type, offset) ((type *) G_STRUCT_MEMBER_P ((ctx)->node, (offset)))

static gboolean G_GNUC_PRINTF (4, 5)
fail_keyword (CompileCtx  *ctx,
              const char  *keyword,
              GError     **error,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
               "%s: \"%s\" %s", ctx->node->location, keyword, message);
  return FALSE;
}

void
oci_schema_pointer_append (GString    *pointer,
                           const char *token)
{
  g_string_append_c (pointer, '/');
  for (const char *p = token; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (pointer, "~0");
      else if (*p == '/')
        g_string_append (pointer, "~1");
      else
        g_string_append_c (pointer, *p);
    }
}

/* RFC 3986 resolution; an empty trailing fragment is dropped so that
 * "…/schema#" and "…/schema" name the same document. */
char *
oci_schema_resolve_uri (const char *base,
                        const char *reference,
                        GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  char *resolved;
  gsize len;

  resolved = g_uri_resolve_relative (base, reference, G_URI_FLAGS_NONE, &local_error);
  if (resolved == NULL)
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
                   "cannot resolve URI \"%s\" against \"%s\": %s",
                   reference, base ? base : "(none)", local_error->message);
      return NULL;
    }
  len = strlen (resolved);
  if (len > 0 && resolved[len - 1] == '#')
    resolved[len - 1] = '\0';
  return resolved;
}

static OciSchemaNode *
compile_child (CompileCtx *ctx,
               JsonNode   *json,
               const char *keyword,
               const char *token,
               GError    **error)
{
  g_autoptr(GString) location = g_string_new (ctx->node->location);

  oci_schema_pointer_append (location, keyword);
  if (token != NULL)
    oci_schema_pointer_append (location, token);
  return oci_schema_node_compile (ctx->cache, location->str, json,
                                  ctx->node->base_uri, error);
}

static gboolean
kind_from_name (const char *name,
                guint      *kind)
{
  static const struct {
    const char   *name;
    OciSchemaKind kind;
  } kinds[] = {
    { "null", OCI_SCHEMA_KIND_NULL },
    { "boolean", OCI_SCHEMA_KIND_BOOLEAN },
    { "integer", OCI_SCHEMA_KIND_INTEGER },
    { "number", OCI_SCHEMA_KIND_NUMBER },
    { "string", OCI_SCHEMA_KIND_STRING },
    { "array", OCI_SCHEMA_KIND_ARRAY },
    { "object", OCI_SCHEMA_KIND_OBJECT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (name, kinds[i].name) == 0)
      {
        *kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_string (JsonNode *node)
{
  return oci_schema_kind_of (node) == OCI_SCHEMA_KIND_STRING;
}

static gboolean
compile_type (CompileCtx *ctx,
              const char *keyword,
              JsonNode   *value,
              guint       flag G_GNUC_UNUSED,
              gsize       offset G_GNUC_UNUSED,
              GError    **error)
{
  JsonArray *names;
  guint kind;

  if (is_string (value))
    {
      if (!kind_from_name (json_node_get_string (value), &ctx->node->types))
        return fail_keyword (ctx, keyword, error, "names an unknown type \"%s\"",
                             json_node_get_string (value));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (value))
    return fail_keyword (ctx, keyword, error, "must be a string or an array of strings");

  names = json_node_get_array (value);
  for (guint i = 0; i < json_array_get_length (names); i++)
    {
      JsonNode *name = json_array_get_element (names, i);

      if (!is_string (name) || !kind_from_name (json_node_get_string (name), &kind))
        return fail_keyword (ctx, keyword, error, "item %u is not a type name", i);
      ctx->node->types |= kind;
    }
  if (ctx->node->types == 0)
    return fail_keyword (ctx, keyword, error, "must name at least one type");
  return TRUE;
}

static gboolean
compile_enum (CompileCtx *ctx,
              const char *keyword,
              JsonNode   *value,
              guint       flag G_GNUC_UNUSED,
              gsize       offset G_GNUC_UNUSED,
              GError    **error)
{
  JsonArray *values;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    return fail_keyword (ctx, keyword, error, "must be an array");
  values = json_node_get_array (value);
  ctx->node->enum_values = values;

  /* long lists (capabilities, syscalls...) are looked up by hash */
  if (json_array_get_length (values) > 6)
    {
      ctx->node->enum_set = g_hash_table_new ((GHashFunc) oci_schema_json_hash,
                                              (GEqualFunc) oci_schema_json_equal);
      for (guint i = 0; i < json_array_get_length (values); i++)
        g_hash_table_add (ctx->node->enum_set, json_array_get_element (values, i));
    }
  return TRUE;
}

static gboolean
compile_number (CompileCtx *ctx,
                const char *keyword,
                JsonNode   *value,
                guint       flag,
                gsize       offset,
                GError    **error)
{
  OciSchemaNumber *number = NODE_FIELD (ctx, OciSchemaNumber, offset);

  if (!oci_schema_number_from_node (value, number))
    return fail_keyword (ctx, keyword, error, "must be a number");
  if (flag == OCI_SCHEMA_HAS_MULTIPLE_OF && !(number->is_int ? number->i > 0 : number->d > 0))
    return fail_keyword (ctx, keyword, error, "must be greater than 0");
  ctx->node->flags |= flag;
  return TRUE;
}

static gboolean
compile_flag (CompileCtx *ctx,
              const char *keyword,
              JsonNode   *value,
              guint       flag,
              gsize       offset G_GNUC_UNUSED,
              GError    **error)
{
  if (oci_schema_kind_of (value) != OCI_SCHEMA_KIND_BOOLEAN)
    return fail_keyword (ctx, keyword, error, "must be a boolean");
  if (json_node_get_boolean (value))
    ctx->node->flags |= flag;
  return TRUE;
}

static gboolean
compile_count (CompileCtx *ctx,
               const char *keyword,
               JsonNode   *value,
               guint       flag G_GNUC_UNUSED,
               gsize       offset,
               GError    **error)
{
  OciSchemaNumber number;
  gint64 *slot = NODE_FIELD (ctx, gint64, offset);

  if (!oci_schema_number_from_node (value, &number))
    return fail_keyword (ctx, keyword, error, "must be a non-negative integer");
  if (number.is_int)
    {
      if (number.i < 0)
        return fail_keyword (ctx, keyword, error, "must be a non-negative integer");
      *slot = number.i;
      return TRUE;
    }
  /* be lenient with 2.0: it is a count all the same */
  if (!(number.d >= 0) || number.d != floor (number.d))
    return fail_keyword (ctx, keyword, error, "must be a non-negative integer");
  *slot = number.d >= (double) G_MAXINT64 ? G_MAXINT64 : (gint64) number.d;
  return TRUE;
}

/* ECMA-262 spellings that PCRE reads differently or not at all. */
static char *
ecma_to_pcre (const char *source)
{
  GString *out = g_string_sized_new (strlen (source) + 8);
  gboolean in_class = FALSE;

  for (const char *p = source; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == 'u' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3])
          && g_ascii_isxdigit (p[4]) && g_ascii_isxdigit (p[5]))
        {
          g_string_append_printf (out, "\\x{%.4s}", p + 2);
          p += 5;
        }
      else if (p[0] == '\\' && p[1] != '\0')
        {
          g_string_append_len (out, p, 2);
          p++;
        }
      else if (!in_class && strncmp (p, "[^]", 3) == 0)
        {
          g_string_append (out, "[\\s\\S]");
          p += 2;
        }
      else
        {
          if (*p == '[')
            in_class = TRUE;
          else if (*p == ']')
            in_class = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static GRegex *
compile_regex (CompileCtx *ctx,
               const char *keyword,
               const char *source,
               GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pcre = ecma_to_pcre (source);
  GRegex *regex;

  /* ECMA "$" never matches before a final newline */
  regex = g_regex_new (pcre, G_REGEX_DOLLAR_ENDONLY, 0, &local_error);
  if (regex == NULL)
    fail_keyword (ctx, keyword, error, "has an invalid regular expression \"%s\": %s",
                  source, local_error->message);
  return regex;
}

static gboolean
compile_pattern (CompileCtx *ctx,
                 const char *keyword,
                 JsonNode   *value,
                 guint       flag G_GNUC_UNUSED,
                 gsize       offset G_GNUC_UNUSED,
                 GError    **error)
{
  if (!is_string (value))
    return fail_keyword (ctx, keyword, error, "must be a string");
  ctx->node->pattern_source = json_node_get_string (value);
  ctx->node->pattern = compile_regex (ctx, keyword, ctx->node->pattern_source, error);
  return ctx->node->pattern != NULL;
}

static gboolean
compile_schema (CompileCtx *ctx,
                const char *keyword,
                JsonNode   *value,
                guint       flag G_GNUC_UNUSED,
                gsize       offset,
                GError    **error)
{
  OciSchemaNode **slot = NODE_FIELD (ctx, OciSchemaNode *, offset);

  *slot = compile_child (ctx, value, keyword, NULL, error);
  return *slot != NULL;
}

/* additionalProperties / additionalItems: false, true or a schema */
static gboolean
compile_schema_or_bool (CompileCtx *ctx,
                        const char *keyword,
                        JsonNode   *value,
                        guint       flag,
                        gsize       offset,
                        GError    **error)
{
  if (oci_schema_kind_of (value) == OCI_SCHEMA_KIND_BOOLEAN)
    {
      if (!json_node_get_boolean (value))
        ctx->node->flags |= flag;
      return TRUE;
    }
  return compile_schema (ctx, keyword, value, flag, offset, error);
}

static GPtrArray *
compile_schema_array (CompileCtx *ctx,
                      const char *keyword,
                      JsonArray  *array,
                      GError    **error)
{
  g_autoptr(GPtrArray) children = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      char token[16];
      OciSchemaNode *child;

      g_snprintf (token, sizeof token, "%u", i);
      child = compile_child (ctx, json_array_get_element (array, i), keyword, token, error);
      if (child == NULL)
        return NULL;
      g_ptr_array_add (children, child);
    }
  return g_steal_pointer (&children);
}

static gboolean
compile_schema_list (CompileCtx *ctx,
                     const char *keyword,
                     JsonNode   *value,
                     guint       flag G_GNUC_UNUSED,
                     gsize       offset,
                     GError    **error)
{
  GPtrArray **slot = NODE_FIELD (ctx, GPtrArray *, offset);

  if (!JSON_NODE_HOLDS_ARRAY (value) || json_array_get_length (json_node_get_array (value)) == 0)
    return fail_keyword (ctx, keyword, error, "must be a non-empty array of schemas");
  *slot = compile_schema_array (ctx, keyword, json_node_get_array (value), error);
  return *slot != NULL;
}

static gboolean
compile_items (CompileCtx *ctx,
               const char *keyword,
               JsonNode   *value,
               guint       flag G_GNUC_UNUSED,
               gsize       offset G_GNUC_UNUSED,
               GError    **error)
{
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      ctx->node->tuple_items = compile_schema_array (ctx, keyword, json_node_get_array (value), error);
      return ctx->node->tuple_items != NULL;
    }
  ctx->node->items = compile_child (ctx, value, keyword, NULL, error);
  return ctx->node->items != NULL;
}

typedef gboolean (*MemberFunc) (CompileCtx  *ctx,
                                const char  *keyword,
                                const char  *name,
                                JsonNode    *member,
                                GError     **error);

static gboolean
foreach_member (CompileCtx *ctx,
                const char *keyword,
                JsonNode   *value,
                MemberFunc  func,
                GError    **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return fail_keyword (ctx, keyword, error, "must be an object");
  json_object_iter_init_ordered (&iter, json_node_get_object (value));
  while (json_object_iter_next_ordered (&iter, &name, &member))
    if (!func (ctx, keyword, name, member, error))
      return FALSE;
  return TRUE;
}

static gboolean
add_property (CompileCtx *ctx,
              const char *keyword,
              const char *name,
              JsonNode   *member,
              GError    **error)
{
  OciSchemaNode *child = compile_child (ctx, member, keyword, name, error);

  if (child == NULL)
    return FALSE;
  g_hash_table_insert (ctx->node->properties, (gpointer) name, child);
  return TRUE;
}

static gboolean
compile_properties (CompileCtx *ctx,
                    const char *keyword,
                    JsonNode   *value,
                    guint       flag G_GNUC_UNUSED,
                    gsize       offset G_GNUC_UNUSED,
                    GError    **error)
{
  ctx->node->properties = g_hash_table_new (g_str_hash, g_str_equal);
  return foreach_member (ctx, keyword, value, add_property, error);
}

static void
clear_pattern_property (gpointer data)
{
  OciSchemaPatternProperty *entry = data;

  g_clear_pointer (&entry->regex, g_regex_unref);
}

static gboolean
add_pattern_property (CompileCtx *ctx,
                      const char *keyword,
                      const char *name,
                      JsonNode   *member,
                      GError    **error)
{
  OciSchemaPatternProperty entry = { name, NULL, NULL };

  entry.schema = compile_child (ctx, member, keyword, name, error);
  if (entry.schema == NULL)
    return FALSE;
  entry.regex = compile_regex (ctx, keyword, name, error);
  if (entry.regex == NULL)
    return FALSE;
  g_array_append_val (ctx->node->pattern_properties, entry);
  return TRUE;
}

static gboolean
compile_pattern_properties (CompileCtx *ctx,
                            const char *keyword,
                            JsonNode   *value,
                            guint       flag G_GNUC_UNUSED,
                            gsize       offset G_GNUC_UNUSED,
                            GError    **error)
{
  ctx->node->pattern_properties = g_array_new (FALSE, FALSE, sizeof (OciSchemaPatternProperty));
  g_array_set_clear_func (ctx->node->pattern_properties, clear_pattern_property);
  return foreach_member (ctx, keyword, value, add_pattern_property, error);
}

/* Definitions are compiled for their errors; $refs find them in the cache. */
static gboolean
add_definition (CompileCtx *ctx,
                const char *keyword,
                const char *name,
                JsonNode   *member,
                GError    **error)
{
  return compile_child (ctx, member, keyword, name, error) != NULL;
}

static gboolean
compile_definitions (CompileCtx *ctx,
                     const char *keyword,
                     JsonNode   *value,
                     guint       flag G_GNUC_UNUSED,
                     gsize       offset G_GNUC_UNUSED,
                     GError    **error)
{
  return foreach_member (ctx, keyword, value, add_definition, error);
}

static gboolean
is_string_array (JsonNode *value)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    return FALSE;
  array = json_node_get_array (value);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!is_string (json_array_get_element (array, i)))
      return FALSE;
  return TRUE;
}

static gboolean
compile_required (CompileCtx *ctx,
                  const char *keyword,
                  JsonNode   *value,
                  guint       flag G_GNUC_UNUSED,
                  gsize       offset G_GNUC_UNUSED,
                  GError    **error)
{
  if (!is_string_array (value))
    return fail_keyword (ctx, keyword, error, "must be an array of strings");
  ctx->node->required = json_node_get_array (value);
  return TRUE;
}

static gboolean
add_dependency (CompileCtx *ctx,
                const char *keyword,
                const char *name,
                JsonNode   *member,
                GError    **error)
{
  OciSchemaDependency entry = { name, NULL, NULL };

  if (is_string_array (member))
    entry.properties = json_node_get_array (member);
  else if (JSON_NODE_HOLDS_OBJECT (member))
    entry.schema = compile_child (ctx, member, keyword, name, error);
  else
    return fail_keyword (ctx, keyword, error,
                         "member \"%s\" must be a schema or an array of strings", name);
  if (entry.properties == NULL && entry.schema == NULL)
    return FALSE;
  g_array_append_val (ctx->node->dependencies, entry);
  return TRUE;
}

static gboolean
compile_dependencies (CompileCtx *ctx,
                      const char *keyword,
                      JsonNode   *value,
                      guint       flag G_GNUC_UNUSED,
                      gsize       offset G_GNUC_UNUSED,
                      GError    **error)
{
  ctx->node->dependencies = g_array_new (FALSE, FALSE, sizeof (OciSchemaDependency));
  return foreach_member (ctx, keyword, value, add_dependency, error);
}

#define AT(field) G_STRUCT_OFFSET (OciSchemaNode, field)

static const KeywordRow keyword_table[] = {
  { "type", compile_type, 0, 0 },
  { "enum", compile_enum, 0, 0 },
  { "minimum", compile_number, OCI_SCHEMA_HAS_MINIMUM, AT (minimum) },
  { "maximum", compile_number, OCI_SCHEMA_HAS_MAXIMUM, AT (maximum) },
  { "exclusiveMinimum", compile_flag, OCI_SCHEMA_EXCLUSIVE_MINIMUM, 0 },
  { "exclusiveMaximum", compile_flag, OCI_SCHEMA_EXCLUSIVE_MAXIMUM, 0 },
  { "multipleOf", compile_number, OCI_SCHEMA_HAS_MULTIPLE_OF, AT (multiple_of) },
  { "minLength", compile_count, 0, AT (min_length) },
  { "maxLength", compile_count, 0, AT (max_length) },
  { "pattern", compile_pattern, 0, 0 },
  { "items", compile_items, 0, 0 },
  { "additionalItems", compile_schema_or_bool, OCI_SCHEMA_NO_ADDITIONAL_ITEMS, AT (additional_items) },
  { "minItems", compile_count, 0, AT (min_items) },
  { "maxItems", compile_count, 0, AT (max_items) },
  { "uniqueItems", compile_flag, OCI_SCHEMA_UNIQUE_ITEMS, 0 },
  { "required", compile_required, 0, 0 },
  { "minProperties", compile_count, 0, AT (min_properties) },
  { "maxProperties", compile_count, 0, AT (max_properties) },
  { "properties", compile_properties, 0, 0 },
  { "patternProperties", compile_pattern_properties, 0, 0 },
  { "additionalProperties", compile_schema_or_bool, OCI_SCHEMA_NO_ADDITIONAL_PROPERTIES,
    AT (additional_properties) },
  { "dependencies", compile_dependencies, 0, 0 },
  { "allOf", compile_schema_list, 0, AT (all_of) },
  { "anyOf", compile_schema_list, 0, AT (any_of) },
  { "oneOf", compile_schema_list, 0, AT (one_of) },
  { "not", compile_schema, 0, AT (not_schema) },
  { "definitions", compile_definitions, 0, 0 },
};

#undef AT

void
oci_schema_node_free (OciSchemaNode *node)
{
  if (node == NULL)
    return;
  g_free (node->location);
  g_free (node->base_uri);
  g_free (node->ref);
  g_clear_pointer (&node->pattern, g_regex_unref);
  g_clear_pointer (&node->enum_set, g_hash_table_unref);
  g_clear_pointer (&node->properties, g_hash_table_unref);
  g_clear_pointer (&node->pattern_properties, g_array_unref);
  g_clear_pointer (&node->dependencies, g_array_unref);
  g_clear_pointer (&node->tuple_items, g_ptr_array_unref);
  g_clear_pointer (&node->all_of, g_ptr_array_unref);
  g_clear_pointer (&node->any_of, g_ptr_array_unref);
  g_clear_pointer (&node->one_of, g_ptr_array_unref);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciSchemaNode, oci_schema_node_free)

static OciSchemaNode *
node_new (const char *location,
          JsonObject *object)
{
  OciSchemaNode *node = g_new0 (OciSchemaNode, 1);

  node->location = g_strdup (location);
  node->object = object;
  node->min_length = node->max_length = -1;
  node->min_items = node->max_items = -1;
  node->min_properties = node->max_properties = -1;
  return node;
}

/* "id" changes the resolution scope of the object that holds it. */
static gboolean
apply_id (OciSchemaNode *node,
          const char    *parent_base,
          GError       **error)
{
  JsonNode *id = json_object_get_member (node->object, "id");

  if (id == NULL)
    {
      node->base_uri = g_strdup (parent_base);
      return TRUE;
    }
  if (!is_string (id))
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
                   "%s: \"id\" must be a string", node->location);
      return FALSE;
    }
  node->base_uri = oci_schema_resolve_uri (parent_base, json_node_get_string (id), error);
  return node->base_uri != NULL;
}

/* In draft-04 a $ref replaces the whole object: siblings are ignored. */
static gboolean
compile_ref (OciSchemaNode *node,
             JsonNode      *ref,
             GError       **error)
{
  if (!is_string (ref))
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
                   "%s: \"$ref\" must be a string", node->location);
      return FALSE;
    }
  node->ref = oci_schema_resolve_uri (node->base_uri, json_node_get_string (ref), error);
  return node->ref != NULL;
}

static gboolean
compile_keywords (CompileCtx *ctx,
                  GError    **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (keyword_table); i++)
    {
      const KeywordRow *row = &keyword_table[i];
      JsonNode *value = json_object_get_member (ctx->node->object, row->name);

      if (value != NULL
          && !row->compile (ctx, row->name, value, row->flag, row->offset, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * oci_schema_node_compile:
 * @cache: location -> #OciSchemaNode, owning its values
 * @location: canonical location of @json, "document-uri#pointer"
 * @json: the schema object
 * @base_uri: the resolution scope of the enclosing schema
 *
 * Returns: (transfer none): the node, from @cache or compiled into it
 */
OciSchemaNode *
oci_schema_node_compile (GHashTable *cache,
                         const char *location,
                         JsonNode   *json,
                         const char *base_uri,
                         GError    **error)
{
  g_autoptr(OciSchemaNode) node = NULL;
  CompileCtx ctx = { cache, NULL };
  OciSchemaNode *cached = g_hash_table_lookup (cache, location);
  JsonNode *ref;

  if (cached != NULL)
    return cached;
  if (!JSON_NODE_HOLDS_OBJECT (json))
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
                   "%s: a schema must be an object, not %s", location,
                   oci_schema_kind_name (oci_schema_kind_of (json)));
      return NULL;
    }

  node = node_new (location, json_node_get_object (json));
  ctx.node = node;
  ref = json_object_get_member (node->object, "$ref");
  if (ref != NULL)
    {
      /* even an "id" next to $ref is ignored: it resolves in the parent's scope */
      node->base_uri = g_strdup (base_uri);
      if (!compile_ref (node, ref, error))
        return NULL;
    }
  else if (!apply_id (node, base_uri, error) || !compile_keywords (&ctx, error))
    return NULL;

  g_hash_table_insert (cache, node->location, node);
  return g_steal_pointer (&node);
}

static void
foreach_in_array (GPtrArray *array,
                  GFunc      func,
                  gpointer   user_data)
{
  if (array != NULL)
    g_ptr_array_foreach (array, func, user_data);
}

static void
call_if_set (OciSchemaNode *child,
             GFunc          func,
             gpointer       user_data)
{
  if (child != NULL)
    func (child, user_data);
}

/* Every subschema the validator may apply; definitions are not among them. */
void
oci_schema_node_foreach_child (OciSchemaNode *node,
                               GFunc          func,
                               gpointer       user_data)
{
  if (node->properties != NULL)
    {
      GHashTableIter iter;
      gpointer child;

      g_hash_table_iter_init (&iter, node->properties);
      while (g_hash_table_iter_next (&iter, NULL, &child))
        func (child, user_data);
    }
  for (guint i = 0; node->pattern_properties && i < node->pattern_properties->len; i++)
    func (g_array_index (node->pattern_properties, OciSchemaPatternProperty, i).schema, user_data);
  for (guint i = 0; node->dependencies && i < node->dependencies->len; i++)
    call_if_set (g_array_index (node->dependencies, OciSchemaDependency, i).schema, func, user_data);

  call_if_set (node->additional_properties, func, user_data);
  call_if_set (node->items, func, user_data);
  call_if_set (node->additional_items, func, user_data);
  call_if_set (node->not_schema, func, user_data);
  foreach_in_array (node->tuple_items, func, user_data);
  foreach_in_array (node->all_of, func, user_data);
  foreach_in_array (node->any_of, func, user_data);
  foreach_in_array (node->one_of, func, user_data);
}
